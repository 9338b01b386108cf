import django.db.models.deletion
import maeul.core.textlimits
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
        ('governance', '0003_text_length_limits'),
        ('places', '0002_text_length_limits'),
    ]

    operations = [
        migrations.CreateModel(
            name='Consultation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('kind', models.CharField(choices=[('consulting', 'Consulting'), ('training', 'Training')], max_length=12, verbose_name='kind')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('topic', models.CharField(blank=True, max_length=200, verbose_name='topic')),
                ('officials', models.PositiveIntegerField(verbose_name='officials')),
                ('civil', models.PositiveIntegerField(verbose_name='civil participants')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='innovation_consultations', to='places.municipality', verbose_name='district')),
            ],
            options={
                'verbose_name': 'consulting or training session',
                'verbose_name_plural': 'consulting and training sessions',
                'ordering': ['-held_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='EvaluationRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year evaluated')),
                ('funding_year', models.PositiveSmallIntegerField(verbose_name='funding year')),
                ('tiers', models.JSONField(verbose_name='grades')),
                ('state', models.CharField(choices=[('draft', 'Scoring'), ('published', 'Published')], default='draft', max_length=12, verbose_name='state')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('note', maeul.core.textlimits.BoundedTextField(blank=True, max_length=2000, verbose_name='note')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='innovation_evaluations', to='places.municipality', verbose_name='city')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('note__length__lte', 2000)), name='innovation_evaluationround_note_length'), models.UniqueConstraint(fields=('municipality', 'year'), name='innovation_one_evaluation_per_year')],
                'verbose_name': 'evaluation round',
                'verbose_name_plural': 'evaluation rounds',
                'ordering': ['-year'],
            },
        ),
        migrations.CreateModel(
            name='DistrictResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('had_plan', models.BooleanField(default=True, verbose_name='ran a plan last year')),
                ('pb_score', models.DecimalField(decimal_places=2, default=0, max_digits=5, verbose_name='PB-system score (of 40)')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='innovation_results', to='places.municipality', verbose_name='district')),
                ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='innovation.evaluationround')),
            ],
            options={
                'verbose_name': 'district result',
                'verbose_name_plural': 'district results',
                'ordering': ['evaluation', 'municipality__sort_order'],
                'constraints': [models.UniqueConstraint(fields=('evaluation', 'municipality'), name='innovation_one_result_per_district'), models.CheckConstraint(condition=models.Q(('pb_score__gte', 0), ('pb_score__lte', 40)), name='innovation_pb_range')],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('part', models.CharField(choices=[('basic', 'Basic conditions'), ('process', 'Process management'), ('impact', 'Impact')], max_length=10, verbose_name='part')),
                ('code', models.CharField(max_length=12, verbose_name='code')),
                ('title', models.CharField(max_length=200, verbose_name='indicator')),
                ('max_points', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='points at most')),
                ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='innovation.evaluationround')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['evaluation', 'code'],
                'constraints': [models.UniqueConstraint(fields=('evaluation', 'code'), name='innovation_indicator_code'), models.CheckConstraint(condition=models.Q(('max_points__gt', 0)), name='innovation_indicator_points')],
            },
        ),
        migrations.CreateModel(
            name='IndicatorScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('points', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='points')),
                ('evidence', maeul.core.textlimits.BoundedTextField(blank=True, max_length=2000, verbose_name='evidence')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='innovation.indicator')),
                ('result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='innovation.districtresult')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('evidence__length__lte', 2000)), name='innovation_indicatorscore_evidence_length'), models.UniqueConstraint(fields=('result', 'indicator'), name='innovation_one_score_per_indicator'), models.CheckConstraint(condition=models.Q(('points__gte', 0)), name='innovation_points_positive')],
                'verbose_name': 'indicator score',
                'verbose_name_plural': 'indicator scores',
            },
        ),
        migrations.CreateModel(
            name='PlanRound',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='plan year')),
                ('base_min_percent', models.PositiveSmallIntegerField(default=30, verbose_name='governance-base projects, at least (% of the city subsidy)')),
                ('matching_min_percent', models.PositiveSmallIntegerField(default=20, verbose_name='district matching of strategy projects, at least (% of their city subsidy)')),
                ('subsidy_min_won', models.BigIntegerField(verbose_name='city subsidy per district, at least (won)')),
                ('subsidy_max_won', models.BigIntegerField(verbose_name='city subsidy per district, at most (won)')),
                ('note', maeul.core.textlimits.BoundedTextField(blank=True, max_length=2000, verbose_name='note')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='innovation_rounds', to='places.municipality', verbose_name='city')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('note__length__lte', 2000)), name='innovation_planround_note_length'), models.UniqueConstraint(fields=('municipality', 'year'), name='innovation_one_round_per_year'), models.CheckConstraint(condition=models.Q(('subsidy_min_won__gte', 0), ('subsidy_max_won__gte', models.F('subsidy_min_won'))), name='innovation_round_range'), models.CheckConstraint(condition=models.Q(('base_min_percent__lte', 100), ('matching_min_percent__lte', 100)), name='innovation_round_percent')],
                'verbose_name': 'plan round',
                'verbose_name_plural': 'plan rounds',
                'ordering': ['-year'],
            },
        ),
        migrations.CreateModel(
            name='Plan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('basic_plan_from', models.PositiveSmallIntegerField(verbose_name='3-year basic plan from')),
                ('summary', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='summary')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned for changes'), ('approved', 'Approved')], default='draft', max_length=12, verbose_name='state')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('late', models.BooleanField(default=False, verbose_name='submitted late')),
                ('approved_on', models.DateField(blank=True, null=True, verbose_name='approved by the PB committee on')),
                ('projects_reported', models.PositiveSmallIntegerField(blank=True, help_text='The count a published source gives, kept beside the projects entered.', null=True, verbose_name='projects in the published summary')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('council', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='innovation_plans', to='governance.body', verbose_name='governance council')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='innovation_plans', to='places.municipality', verbose_name='district')),
                ('sessions', models.ManyToManyField(blank=True, related_name='innovation_plans', to='governance.deliberationsession', verbose_name='deliberation sessions')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='innovation.planround')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('summary__length__lte', 10000)), name='innovation_plan_summary_length'), models.UniqueConstraint(fields=('round', 'municipality'), name='innovation_one_plan_per_district')],
                'verbose_name': 'community innovation plan',
                'verbose_name_plural': 'community innovation plans',
                'ordering': ['round', 'municipality__sort_order', 'municipality__name'],
            },
        ),
        migrations.CreateModel(
            name='CalendarStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('briefing', 'Briefing for the districts'), ('applications', 'Applications'), ('evaluation', "Evaluation of last year's projects"), ('consulting', 'Consulting and training'), ('plans_due', 'Plans due'), ('negotiation', 'City–district negotiation'), ('pb_approval', 'PB committee approval'), ('council_vote', 'City council vote')], max_length=20, verbose_name='step')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='until')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='innovation.planround')),
            ],
            options={
                'verbose_name': 'calendar step',
                'verbose_name_plural': 'calendar steps',
                'ordering': ['starts_on', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('round', 'kind'), name='innovation_one_step_per_kind'), models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='innovation_step_dates')],
            },
        ),
        migrations.CreateModel(
            name='Project',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='number')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('kind', models.CharField(choices=[('base', 'Governance base (협치기반 구축)'), ('sector', 'Sector governance project (분야별 협치사업)'), ('strategy', 'Governance strategy project (협치전략사업)')], max_length=12, verbose_name='kind')),
                ('pb_support', models.BooleanField(default=False, verbose_name="supports the district's participatory budgeting")),
                ('sector', models.CharField(blank=True, max_length=60, verbose_name='sector')),
                ('theme', models.CharField(blank=True, max_length=120, verbose_name='theme')),
                ('character', models.CharField(blank=True, max_length=60, verbose_name='character')),
                ('structure', models.CharField(blank=True, max_length=120, verbose_name='governance structure')),
                ('city_subsidy_won', models.BigIntegerField(verbose_name='city subsidy (won)')),
                ('district_matching_won', models.BigIntegerField(default=0, verbose_name='district matching (won)')),
                ('other_won', models.BigIntegerField(default=0, verbose_name='other sources (won)')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='projects', to='innovation.plan')),
            ],
            options={
                'verbose_name': 'plan project',
                'verbose_name_plural': 'plan projects',
                'ordering': ['plan', 'position'],
                'constraints': [models.UniqueConstraint(fields=('plan', 'position'), name='innovation_project_position'), models.CheckConstraint(condition=models.Q(('city_subsidy_won__gte', 0), ('district_matching_won__gte', 0), ('other_won__gte', 0)), name='innovation_project_money')],
            },
        ),
        migrations.CreateModel(
            name='NegotiationNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('city', "City's opinion"), ('district', "District's answer")], max_length=10, verbose_name='side')),
                ('version', models.PositiveSmallIntegerField(verbose_name='version')),
                ('text', maeul.core.textlimits.BoundedTextField(max_length=10000, verbose_name='text')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written at')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='innovation.plan')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notes', to='innovation.project')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('text__length__lte', 10000)), name='innovation_negotiationnote_text_length'), models.UniqueConstraint(fields=('plan', 'side', 'version'), name='innovation_note_version')],
                'verbose_name': 'negotiation note',
                'verbose_name_plural': 'negotiation notes',
                'ordering': ['created_at', 'pk'],
            },
        ),
    ]
