import django.db.models.deletion
import maeul.governance.models
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
            name='Body',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('kind', models.CharField(choices=[('autonomy_council', 'Autonomy council'), ('governance_committee', 'Governance committee'), ('preparatory_committee', 'Preparatory committee'), ('district_governance_council', 'District governance council'), ('pb_committee', 'Participatory budgeting committee'), ('village_planning_team', 'Village planning team'), ('subcommittee', 'Subcommittee'), ('working_group', 'Working group')], max_length=40, verbose_name='type')),
                ('mandate', models.TextField(blank=True, verbose_name='mandate')),
                ('established_on', models.DateField(blank=True, null=True, verbose_name='established on')),
                ('meetings_required', models.PositiveSmallIntegerField(default=1, help_text='The body meets at least this many times in each period.', verbose_name='meetings required')),
                ('meetings_period', models.CharField(choices=[('year', 'per year'), ('quarter', 'per quarter'), ('month', 'per month')], default='year', max_length=10, verbose_name='meeting period')),
                ('min_gender_percent', models.PositiveSmallIntegerField(blank=True, default=40, help_text='Empty switches the rule off. Seoul: 40.', null=True, verbose_name='minimum share of each gender (%)')),
                ('min_civil_percent', models.PositiveSmallIntegerField(blank=True, default=70, help_text='Empty switches the rule off. Seoul: 70.', null=True, verbose_name='minimum share of civil members (%)')),
                ('term_years', models.PositiveSmallIntegerField(default=2, verbose_name='term (years)')),
                ('max_consecutive_terms', models.PositiveSmallIntegerField(default=2, help_text='2 means renewable once.', verbose_name='consecutive terms allowed')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='governance_bodies', to='places.municipality', verbose_name='municipality')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='governance.body', verbose_name='parent body')),
            ],
            options={
                'verbose_name': 'governance body',
                'verbose_name_plural': 'governance bodies',
                'ordering': ['municipality__path', 'name'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'name'), name='governance_body_unique_name'), models.CheckConstraint(condition=models.Q(models.Q(('min_gender_percent__isnull', True), ('min_gender_percent__lte', 50), _connector='OR'), models.Q(('min_civil_percent__isnull', True), ('min_civil_percent__lte', 100), _connector='OR')), name='governance_body_thresholds_range'), models.CheckConstraint(condition=models.Q(('term_years__gte', 1), ('max_consecutive_terms__gte', 1)), name='governance_body_term_rules_positive')],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person_name', models.CharField(max_length=60, verbose_name='name')),
                ('affiliation', models.CharField(blank=True, max_length=120, verbose_name='affiliation')),
                ('sector', models.CharField(choices=[('civil', 'Civil'), ('council', 'Council member'), ('government', 'Government')], max_length=12, verbose_name='sector')),
                ('gender', models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('other', 'Other or not stated')], max_length=8, verbose_name='gender')),
                ('appointment', models.CharField(choices=[('appointed', 'Appointed (ex officio)'), ('commissioned', 'Commissioned')], max_length=14, verbose_name='appointment')),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('member', 'Member')], default='member', max_length=12, verbose_name='role')),
                ('term_start', models.DateField(verbose_name='term start')),
                ('term_end', models.DateField(verbose_name='term end')),
                ('resigned_on', models.DateField(blank=True, null=True, verbose_name='resigned on')),
                ('resignation_reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='governance.body', verbose_name='body')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='governance_memberships', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'membership',
                'verbose_name_plural': 'memberships',
                'ordering': ['body', 'role', 'person_name', 'term_start'],
                'constraints': [models.CheckConstraint(condition=models.Q(('term_end__gte', models.F('term_start'))), name='governance_term_end_after_start'), models.CheckConstraint(condition=models.Q(('resigned_on__isnull', True), models.Q(('resigned_on__gte', models.F('term_start')), ('resigned_on__lte', models.F('term_end'))), _connector='OR'), name='governance_resignation_within_term'), models.UniqueConstraint(fields=('body', 'person_name', 'term_start'), name='governance_membership_unique_term')],
            },
        ),
        migrations.CreateModel(
            name='QuarterlyReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(verbose_name='quarter')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('accepted', 'Accepted'), ('returned', 'Returned')], default='draft', max_length=10, verbose_name='status')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                ('return_reason', models.TextField(blank=True, verbose_name='reason for returning')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliberation_reports', to='places.municipality', verbose_name='district')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'quarterly report',
                'verbose_name_plural': 'quarterly reports',
                'ordering': ['-year', '-quarter', 'municipality__sort_order'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'year', 'quarter'), name='governance_report_unique_quarter'), models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='governance_report_quarter'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'returned'), _negated=True), models.Q(('return_reason', ''), _negated=True), _connector='OR'), name='governance_report_return_has_reason')],
            },
        ),
        migrations.CreateModel(
            name='DeliberationSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(help_text="The row's number (연번) in the quarter's sheet.", max_length=40, verbose_name='number')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('council', 'Governance council'), ('subcommittee', 'Subcommittee'), ('working_group', 'Working group'), ('workshop', 'Workshop'), ('forum', 'Forum'), ('public_deliberation', 'Public deliberation'), ('consulting', 'Consulting'), ('training', 'Training')], max_length=24, verbose_name='type')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('ends_at', models.DateTimeField(verbose_name='ends at')),
                ('venue', models.CharField(blank=True, max_length=120, verbose_name='place')),
                ('online', models.BooleanField(default=False, verbose_name='online')),
                ('invited_total', models.PositiveIntegerField(verbose_name='invited (all)')),
                ('invited_government', models.PositiveIntegerField(blank=True, null=True, verbose_name='invited (government)')),
                ('invited_civil', models.PositiveIntegerField(blank=True, null=True, verbose_name='invited (civil)')),
                ('attended_government', models.PositiveIntegerField(verbose_name='attended (government)')),
                ('attended_civil', models.PositiveIntegerField(verbose_name='attended (civil)')),
                ('agenda', models.TextField(blank=True, verbose_name='agenda')),
                ('minutes', models.TextField(blank=True, verbose_name='minutes')),
                ('decisions', models.TextField(blank=True, verbose_name='decisions')),
                ('body', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sessions', to='governance.body', verbose_name='body')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliberation_sessions', to='places.municipality', verbose_name='district')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='governance.quarterlyreport', verbose_name='quarterly report')),
            ],
            options={
                'verbose_name': 'deliberation session',
                'verbose_name_plural': 'deliberation sessions',
                'ordering': ['starts_at', 'reference'],
                'indexes': [models.Index(fields=['municipality', 'starts_at'], name='governance__municip_65a188_idx')],
                'constraints': [models.UniqueConstraint(fields=('report', 'reference'), name='governance_session_unique_reference'), models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='governance_session_ends_after_start'), models.CheckConstraint(condition=models.Q(('invited_total__gt', 0), models.Q(('attended_government', 0), ('attended_civil', 0)), _connector='OR'), name='governance_session_attended_needs_invited'), models.CheckConstraint(condition=models.Q(models.Q(('invited_government__isnull', True), ('invited_civil__isnull', True)), models.Q(('invited_government__isnull', False), ('invited_civil__isnull', False)), _connector='OR'), name='governance_session_split_both_or_neither')],
            },
        ),
        migrations.CreateModel(
            name='SessionAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=maeul.governance.models.attachment_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='governance.deliberationsession')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['uploaded_at'],
            },
        ),
        migrations.CreateModel(
            name='SurveyResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('group', models.CharField(choices=[('participants', 'Participants (citizens and officials)'), ('general_public', 'General public')], max_length=20, verbose_name='group')),
                ('respondents', models.PositiveIntegerField(blank=True, null=True, verbose_name='respondents')),
                ('level', models.PositiveSmallIntegerField(choices=[(1, '1 Administration only'), (2, '2 Information'), (3, '3 Consultation survey'), (4, '4 Nominal participation'), (5, '5 Participatory cooperation'), (6, '6 Participatory decision'), (7, '7 Citizen administration')], verbose_name='perceived participation level')),
                ('level_share', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='share perceiving that level (%)')),
                ('trust_district', models.DecimalField(decimal_places=2, max_digits=3, verbose_name='trust in the district office')),
                ('trust_city', models.DecimalField(decimal_places=2, max_digits=3, verbose_name='trust in the city hall')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='governance_surveys', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'survey result',
                'verbose_name_plural': 'survey results',
                'ordering': ['-year', 'group'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'year', 'group'), name='governance_survey_unique_group'), models.CheckConstraint(condition=models.Q(('level__gte', 1), ('level__lte', 7)), name='governance_survey_level_range'), models.CheckConstraint(condition=models.Q(('level_share__gte', 0), ('level_share__lte', 100)), name='governance_survey_share_range')],
            },
        ),
    ]
