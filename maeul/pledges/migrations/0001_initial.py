import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
        ('places', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PledgeField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('name', models.CharField(max_length=120, verbose_name='field')),
            ],
            options={
                'verbose_name': 'pledge field',
                'verbose_name_plural': 'pledge fields',
                'ordering': ['goal__order', 'order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Pledge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='pledge number')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('status', models.CharField(choices=[('on_track', 'On track'), ('partial', 'Partly under way'), ('on_hold', 'On hold'), ('completed', 'Completed'), ('adjusted', 'Adjusted')], default='on_track', max_length=12, verbose_name='status')),
                ('term_kind', models.CharField(choices=[('within', 'Within the term'), ('beyond', 'Continues after the term')], default='within', max_length=8, verbose_name='term')),
                ('owner', models.CharField(blank=True, max_length=60, verbose_name='implementing body')),
                ('is_new', models.BooleanField(default=True, verbose_name='new pledge')),
                ('timing', models.CharField(blank=True, choices=[('short', 'Short term'), ('mid', 'Mid term'), ('long', 'Long term')], max_length=6, verbose_name='timing')),
                ('funding_type', models.CharField(choices=[('budget', 'Budget'), ('non_budget', 'No budget')], default='budget', max_length=12, verbose_name='funding type')),
                ('department', models.CharField(blank=True, max_length=120, verbose_name='responsible department')),
                ('contacts', models.TextField(blank=True, verbose_name='contacts')),
                ('policy_goals', models.TextField(blank=True, verbose_name='policy goals')),
                ('target_group', models.CharField(blank=True, max_length=200, verbose_name='who it is for')),
                ('period', models.CharField(blank=True, max_length=120, verbose_name='period')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('next_steps', models.TextField(blank=True, verbose_name='next steps')),
                ('problems', models.TextField(blank=True, verbose_name='problems and remedies')),
                ('publicity', models.TextField(blank=True, verbose_name='publicity plan')),
                ('expected_effects', models.TextField(blank=True, verbose_name='expected effects')),
                ('execution_as_of', models.DateField(blank=True, null=True, verbose_name='execution figures as of')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='places.municipality')),
                ('field', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='pledges.pledgefield', verbose_name='field')),
            ],
            options={
                'verbose_name': 'pledge',
                'verbose_name_plural': 'pledges',
                'ordering': ['municipality', 'number'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'number'), name='pledge_number_unique'), models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='pledge_number_positive')],
            },
        ),
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('when', models.CharField(max_length=60, verbose_name='when')),
                ('sort_date', models.DateField(verbose_name='date')),
                ('text', models.TextField(verbose_name='what happened')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'milestone',
                'verbose_name_plural': 'milestones',
                'ordering': ['sort_date', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PledgeGoal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('name', models.CharField(max_length=120, verbose_name='goal')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledge_goals', to='places.municipality')),
            ],
            options={
                'verbose_name': 'pledge goal',
                'verbose_name_plural': 'pledge goals',
                'ordering': ['municipality', 'order', 'name'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'name'), name='pledge_goal_unique')],
            },
        ),
        migrations.AddField(
            model_name='pledgefield',
            name='goal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fields', to='pledges.pledgegoal'),
        ),
        migrations.CreateModel(
            name='PledgeTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('name', models.CharField(max_length=200, verbose_name='task')),
                ('details', models.TextField(blank=True, verbose_name='details')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'task',
                'verbose_name_plural': 'tasks',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='PolicyDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('original', 'Original'), ('changed', 'Changed'), ('final', 'Final')], max_length=10, verbose_name='stage')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='approval date')),
                ('document_number', models.CharField(blank=True, max_length=60, verbose_name='document number')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'policy decision',
                'verbose_name_plural': 'policy decisions',
                'constraints': [models.UniqueConstraint(fields=('pledge', 'stage'), name='pledge_decision_stage_unique')],
            },
        ),
        migrations.CreateModel(
            name='ProgressReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('half', models.PositiveSmallIntegerField(choices=[(1, 'First half'), (2, 'Second half')], verbose_name='half')),
                ('text', models.TextField(verbose_name='progress in this half')),
                ('executed_won', models.BigIntegerField(default=0, verbose_name='money executed in this half (won)')),
                ('figures', models.TextField(blank=True, verbose_name='figures')),
                ('state', models.CharField(choices=[('submitted', 'Submitted'), ('approved', 'Approved'), ('returned', 'Returned')], default='submitted', max_length=10, verbose_name='state')),
                ('submitted_at', models.DateTimeField()),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('return_reason', models.TextField(blank=True, verbose_name='reason for returning')),
                ('decided_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='pledges.pledge')),
                ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'progress report',
                'verbose_name_plural': 'progress reports',
                'ordering': ['-year', '-half', 'pledge__number'],
                'constraints': [models.UniqueConstraint(fields=('pledge', 'year', 'half'), name='progress_report_period_unique'), models.CheckConstraint(condition=models.Q(('executed_won__gte', 0)), name='report_executed_nonneg'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'returned'), _negated=True), models.Q(('return_reason', ''), _negated=True), _connector='OR'), name='report_returned_has_reason')],
            },
        ),
        migrations.CreateModel(
            name='Evidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='pledges/evidence/%Y/', verbose_name='file')),
                ('original_name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='pledges.progressreport')),
            ],
            options={
                'verbose_name': 'evidence file',
                'verbose_name_plural': 'evidence files',
            },
        ),
        migrations.CreateModel(
            name='ReportEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('submitted', 'Submitted'), ('approved', 'Approved'), ('returned', 'Returned')], max_length=10)),
                ('at', models.DateTimeField()),
                ('note', models.TextField(blank=True)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='pledges.progressreport')),
            ],
            options={
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_status', models.CharField(blank=True, choices=[('on_track', 'On track'), ('partial', 'Partly under way'), ('on_hold', 'On hold'), ('completed', 'Completed'), ('adjusted', 'Adjusted')], max_length=12)),
                ('new_status', models.CharField(choices=[('on_track', 'On track'), ('partial', 'Partly under way'), ('on_hold', 'On hold'), ('completed', 'Completed'), ('adjusted', 'Adjusted')], max_length=12)),
                ('changed_at', models.DateTimeField()),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status history',
                'ordering': ['changed_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='YearPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.CharField(max_length=40, verbose_name='period')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('steps', models.TextField(verbose_name='steps')),
                ('details', models.TextField(blank=True, verbose_name='details')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='year_plans', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'yearly plan',
                'verbose_name_plural': 'yearly plans',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.CharField(max_length=20, verbose_name='year')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('name', models.CharField(max_length=200, verbose_name='indicator')),
                ('weight', models.PositiveIntegerField(verbose_name='weight')),
                ('target', models.CharField(blank=True, max_length=60, verbose_name='target')),
                ('result', models.CharField(blank=True, max_length=200, verbose_name='result')),
                ('achievement_numerator', models.PositiveIntegerField(default=0)),
                ('achievement_denominator', models.PositiveIntegerField(default=1)),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['order', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('achievement_denominator__gte', 1), ('achievement_numerator__lte', models.F('achievement_denominator'))), name='indicator_achievement_range')],
            },
        ),
        migrations.CreateModel(
            name='FundingPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=40, verbose_name='source')),
                ('period', models.CharField(max_length=40, verbose_name='period')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('in_term', models.BooleanField(default=True, verbose_name='within the term')),
                ('amount_won', models.BigIntegerField(verbose_name='amount (won)')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='funding', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'funding plan line',
                'verbose_name_plural': 'funding plan',
                'ordering': ['source', 'order'],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount_won__gte', 0)), name='funding_plan_nonneg'), models.UniqueConstraint(fields=('pledge', 'source', 'period'), name='funding_plan_period_unique')],
            },
        ),
        migrations.CreateModel(
            name='Execution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=40, verbose_name='source')),
                ('period', models.CharField(max_length=40, verbose_name='period')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('amount_won', models.BigIntegerField(verbose_name='amount (won)')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='executions', to='pledges.pledge')),
            ],
            options={
                'verbose_name': 'execution line',
                'verbose_name_plural': 'execution to date',
                'ordering': ['source', 'order'],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount_won__gte', 0)), name='execution_nonneg'), models.UniqueConstraint(fields=('pledge', 'source', 'period'), name='execution_period_unique')],
            },
        ),
        migrations.AddConstraint(
            model_name='pledgefield',
            constraint=models.UniqueConstraint(fields=('goal', 'name'), name='pledge_field_unique'),
        ),
    ]
