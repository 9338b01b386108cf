import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import maeul.core.textlimits
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
        ('places', '0002_text_length_limits'),
        ('voting', '0009_poll_turnout_counts_at_publication'),
    ]

    operations = [
        migrations.CreateModel(
            name='Application',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='project title')),
                ('summary', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='summary')),
                ('project_type', models.CharField(blank=True, max_length=40, verbose_name='project type')),
                ('tags', models.JSONField(blank=True, default=list, verbose_name='tags')),
                ('requested_won', models.PositiveBigIntegerField(verbose_name='requested amount (won)')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20, verbose_name='state')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('submitted_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('eligible', models.BooleanField(editable=False, null=True)),
                ('reasons', models.JSONField(default=list, editable=False)),
                ('quantitative', models.DecimalField(decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='quantitative score')),
                ('bonus', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=5)),
                ('total', models.DecimalField(decimal_places=2, editable=False, max_digits=7, null=True)),
                ('rank', models.PositiveIntegerField(editable=False, null=True)),
                ('selected', models.BooleanField(default=False, editable=False)),
                ('decision_note', models.CharField(blank=True, editable=False, max_length=20)),
                ('events', models.PositiveIntegerField(blank=True, null=True, verbose_name='events held')),
                ('participants', models.PositiveIntegerField(blank=True, null=True, verbose_name='participants')),
                ('outputs', models.PositiveIntegerField(blank=True, null=True, verbose_name='outputs')),
                ('evaluation_quantitative', models.DecimalField(decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='quantitative evaluation score')),
                ('evaluation_total', models.DecimalField(decimal_places=2, editable=False, max_digits=7, null=True)),
                ('grade', models.CharField(blank=True, editable=False, max_length=20, verbose_name='grade')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('summary__length__lte', 10000)), name='grants_application_summary_length')],
                'verbose_name': 'application',
                'verbose_name_plural': 'applications',
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='grants/%Y/%m/')),
                ('name', models.CharField(max_length=200)),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='grants.application')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='BudgetLine',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('item', models.CharField(max_length=200, verbose_name='item')),
                ('category', models.CharField(choices=[('staff', 'Staff activity cost'), ('activity', 'Activity cost'), ('capital', 'Capital expense'), ('other', 'Other')], max_length=20, verbose_name='category')),
                ('amount_won', models.PositiveBigIntegerField(verbose_name='amount (won)')),
                ('position', models.PositiveIntegerField(default=0)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='grants.application')),
            ],
            options={
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Contest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='description')),
                ('state', models.CharField(choices=[('draft', 'Taking entries'), ('vote', 'Round 1: review and online vote'), ('final', 'Round 2: presentations'), ('published', 'Result published')], default='draft', max_length=20)),
                ('review_weight_percent', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of the written review (%)')),
                ('advance', models.PositiveSmallIntegerField(default=10, verbose_name='entries advancing to round 2')),
                ('rewards', models.JSONField(blank=True, default=list, verbose_name='rewards by place')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contests', to='places.municipality', verbose_name='municipality')),
                ('poll', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='voting.poll')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('description__length__lte', 10000)), name='grants_contest_description_length')],
                'verbose_name': 'innovation contest',
                'verbose_name_plural': 'innovation contests',
            },
        ),
        migrations.CreateModel(
            name='ContestEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveIntegerField()),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('team', models.CharField(max_length=200, verbose_name='team')),
                ('summary', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='summary')),
                ('review_score', models.DecimalField(decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='written review score')),
                ('votes', models.PositiveIntegerField(editable=False, null=True)),
                ('round_one_score', models.DecimalField(decimal_places=2, editable=False, max_digits=7, null=True)),
                ('round_one_rank', models.PositiveIntegerField(editable=False, null=True)),
                ('advances', models.BooleanField(default=False, editable=False)),
                ('final_score', models.DecimalField(decimal_places=2, editable=False, max_digits=7, null=True)),
                ('final_rank', models.PositiveIntegerField(editable=False, null=True)),
                ('reward', models.CharField(blank=True, editable=False, max_length=200)),
                ('contest', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='grants.contest')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('summary__length__lte', 10000)), name='grants_contestentry_summary_length'), models.UniqueConstraint(fields=('contest', 'position'), name='grants_entry_position')],
                'ordering': ['position'],
            },
        ),
        migrations.CreateModel(
            name='GrantCall',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='description')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open for applications'), ('review', 'Under review'), ('announced', 'Grantees announced')], default='draft', max_length=20, verbose_name='state')),
                ('budget_won', models.PositiveBigIntegerField(verbose_name='total budget (won)')),
                ('max_grant_won', models.PositiveBigIntegerField(verbose_name='maximum grant (won)')),
                ('max_grantees', models.PositiveIntegerField(verbose_name='maximum number of grantees')),
                ('min_members', models.PositiveIntegerField(default=1, verbose_name='minimum member organisations')),
                ('member_kinds', models.JSONField(blank=True, default=list, verbose_name='eligible kinds of organisation')),
                ('max_staff_share_percent', models.PositiveSmallIntegerField(default=100, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='maximum staff share of the project cost (%)')),
                ('capital_allowed', models.BooleanField(default=True, verbose_name='capital expenses allowed')),
                ('project_types', models.JSONField(blank=True, default=list, verbose_name='project types')),
                ('bonuses', models.JSONField(blank=True, default=dict, verbose_name='bonus points per tag')),
                ('tie_rule', models.JSONField(blank=True, default=list, verbose_name='tie rule')),
                ('on_misfit', models.CharField(choices=[('stop', 'Stop at the first application that does not fit the budget'), ('skip', 'Pass over it to the next that fits')], default='stop', max_length=10, verbose_name='when an application does not fit')),
                ('grade_bands', models.JSONField(blank=True, default=list, verbose_name='grade bands')),
                ('max_reviewers', models.PositiveSmallIntegerField(default=7, verbose_name='maximum panel size')),
                ('schedule', models.JSONField(blank=True, default=list, verbose_name='schedule')),
                ('opens_at', models.DateTimeField(verbose_name='applications open')),
                ('closes_at', models.DateTimeField(verbose_name='deadline')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('announced_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('spent_won', models.PositiveBigIntegerField(default=0, editable=False)),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality', verbose_name='members must be located in')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grant_calls', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('description__length__lte', 10000)), name='grants_grantcall_description_length'), models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='grants_call_dates'), models.CheckConstraint(condition=models.Q(('max_grant_won__lte', models.F('budget_won'))), name='grants_call_max_grant')],
                'verbose_name': 'grant call',
                'verbose_name_plural': 'grant calls',
            },
        ),
        migrations.AddField(
            model_name='application',
            name='call',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='grants.grantcall'),
        ),
        migrations.CreateModel(
            name='JudgeScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('judge', models.CharField(max_length=60, verbose_name='judge')),
                ('score', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))])),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='judge_scores', to='grants.contestentry')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('entry', 'judge'), name='grants_one_score_per_judge')],
            },
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('nonprofit', 'Non-profit organisation'), ('cooperative', 'Social cooperative'), ('residents', "Residents' group"), ('company', 'Company')], max_length=20, verbose_name='kind')),
                ('registration_number', models.CharField(blank=True, max_length=40, verbose_name='registration number')),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grant_organisations', to='places.municipality', verbose_name='located in')),
            ],
            options={
                'verbose_name': 'organisation',
                'verbose_name_plural': 'organisations',
                'constraints': [models.UniqueConstraint(condition=models.Q(('registration_number', ''), _negated=True), fields=('registration_number',), name='grants_one_organisation_per_registration')],
            },
        ),
        migrations.CreateModel(
            name='ConsortiumMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consortium', to='grants.application')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consortia', to='grants.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('application', 'organisation'), name='grants_member_once_per_application')],
            },
        ),
        migrations.AddField(
            model_name='application',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='grants.organisation', verbose_name='applicant'),
        ),
        migrations.CreateModel(
            name='OrganisationMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_representative', models.BooleanField(default=False, verbose_name='representative')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='grants.organisation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='grant_organisations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('organisation', 'user'), name='grants_one_membership_per_person')],
            },
        ),
        migrations.CreateModel(
            name='Reviewer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('added_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviewers', to='grants.grantcall')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grant_reviews', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('call', 'user'), name='grants_reviewer_once_per_call')],
            },
        ),
        migrations.CreateModel(
            name='ConflictOfInterest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                ('declared_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='grants.application')),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='grants.reviewer')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('reviewer', 'application'), name='grants_conflict_once')],
            },
        ),
        migrations.CreateModel(
            name='ReviewScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('selection', 'Selection review'), ('evaluation', 'End-of-year evaluation')], max_length=20)),
                ('score', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))])),
                ('comment', maeul.core.textlimits.BoundedTextField(blank=True, max_length=2000)),
                ('scored_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='grants.application')),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='grants.reviewer')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('comment__length__lte', 2000)), name='grants_reviewscore_comment_length'), models.UniqueConstraint(fields=('reviewer', 'application', 'stage'), name='grants_one_score_per_stage'), models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 100)), name='grants_score_range')],
            },
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'withdrawn'), _negated=True), fields=('call', 'organisation'), name='grants_one_live_application_per_organisation'),
        ),
    ]
