import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '__first__'),
        ('places', '0002_text_length_limits'),
    ]

    operations = [
        migrations.CreateModel(
            name='AutonomyProgramme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('category', models.CharField(max_length=60, verbose_name='category')),
                ('schedule', models.CharField(blank=True, max_length=200, verbose_name='schedule')),
                ('fee_won', models.PositiveIntegerField(default=0, verbose_name='monthly fee (won)')),
                ('capacity', models.PositiveIntegerField(verbose_name='capacity')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('dong', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='autonomy_programmes', to='places.municipality')),
            ],
            options={
                'ordering': ['dong__sort_order', 'dong__name', 'title'],
                'constraints': [models.UniqueConstraint(fields=('dong', 'title', 'year'), name='outreach_autonomy_programme_once'), models.CheckConstraint(condition=models.Q(('capacity__gte', 1)), name='outreach_autonomy_capacity_positive')],
            },
        ),
        migrations.CreateModel(
            name='AutonomySignup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signups', to='outreach.autonomyprogramme')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('programme', 'user'), name='outreach_signup_once')],
            },
        ),
        migrations.CreateModel(
            name='CouncilPilot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='started on')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('dong', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='council_pilots', to='places.municipality')),
            ],
            options={
                'ordering': ['started_on', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('dong',), name='outreach_pilot_once')],
            },
        ),
        migrations.CreateModel(
            name='Course',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('mode', models.CharField(choices=[('online', 'Online'), ('offline', 'Offline')], max_length=10, verbose_name='mode')),
                ('capacity', models.PositiveIntegerField(blank=True, null=True, verbose_name='capacity')),
                ('required_sessions', models.PositiveSmallIntegerField(default=1, verbose_name='sessions required for completion')),
                ('starts_on', models.DateField(blank=True, null=True, verbose_name='starts on')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='ends on')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='courses', to='places.municipality')),
            ],
            options={
                'ordering': ['-year', 'title'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'title', 'year'), name='outreach_course_once'), models.CheckConstraint(condition=models.Q(('required_sessions__gte', 1)), name='outreach_course_required_positive')],
            },
        ),
        migrations.CreateModel(
            name='Enrolment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('completed_on', models.DateField(blank=True, null=True, verbose_name='completed on')),
                ('certificate_number', models.CharField(blank=True, max_length=40, verbose_name='certificate number')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrolments', to='outreach.course')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['course', 'name', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('course', 'name'), name='outreach_enrolment_once'), models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('course', 'user'), name='outreach_enrolment_user_once')],
            },
        ),
        migrations.CreateModel(
            name='Mission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                ('dong', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality')),
            ],
            options={
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Record',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('lawsuit', 'Lawsuit'), ('legal_advice', 'Legal advice'), ('local_law', 'Local law'), ('council_session', 'Council session'), ('council_question', 'Council question'), ('audit_document', 'Audit document submitted'), ('video_meeting', 'Video meeting')], max_length=20, verbose_name='kind')),
                ('category', models.CharField(max_length=20, verbose_name='category')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('on', models.DateField(blank=True, null=True, verbose_name='date')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='reference')),
                ('outcome', models.CharField(blank=True, choices=[('pending', 'Pending'), ('won', 'Won'), ('withdrawn', 'Won (suit withdrawn)'), ('partial', 'Won in part'), ('lost', 'Lost')], max_length=12, verbose_name='outcome')),
                ('counsel_appointed', models.BooleanField(default=False, verbose_name='counsel appointed')),
                ('count', models.PositiveIntegerField(default=1, verbose_name='count')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='office_records', to='places.municipality')),
            ],
            options={
                'ordering': ['-year', 'kind', 'category', 'pk'],
                'indexes': [models.Index(fields=['municipality', 'kind', 'year'], name='outreach_re_municip_77b529_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'lawsuit'), ('outcome__gt', '')), models.Q(models.Q(('kind', 'lawsuit'), _negated=True), ('outcome', '')), _connector='OR'), name='outreach_record_outcome_for_lawsuits'), models.CheckConstraint(condition=models.Q(('count__gte', 1)), name='outreach_record_count')],
            },
        ),
        migrations.CreateModel(
            name='Reporter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('applied_on', models.DateField(verbose_name='applied on')),
                ('selected', models.BooleanField(default=False, verbose_name='selected')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Post',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('blog', 'Blog'), ('sns', 'SNS'), ('youtube', 'YouTube'), ('news', 'Internet news')], max_length=12, verbose_name='channel')),
                ('posted_on', models.DateField(verbose_name='posted on')),
                ('url', models.URLField(max_length=500, verbose_name='link')),
                ('title', models.CharField(blank=True, max_length=200, verbose_name='title')),
                ('mission', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='posts', to='outreach.mission')),
                ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='posts', to='outreach.reporter')),
            ],
            options={
                'ordering': ['-posted_on', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('reporter', 'url'), name='outreach_post_once')],
            },
        ),
        migrations.CreateModel(
            name='ReporterAward',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('month', models.PositiveSmallIntegerField(verbose_name='month')),
                ('reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='outreach.reporter')),
            ],
            options={
                'ordering': ['-year', '-month'],
                'constraints': [models.UniqueConstraint(fields=('reporter', 'year', 'month'), name='outreach_award_once'), models.CheckConstraint(condition=models.Q(('month__gte', 1), ('month__lte', 12)), name='outreach_award_month')],
            },
        ),
        migrations.CreateModel(
            name='ReporterTeam',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='team name')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('selected_on', models.DateField(blank=True, null=True, verbose_name='selection date')),
                ('term_starts', models.DateField(verbose_name='term starts')),
                ('term_ends', models.DateField(verbose_name='term ends')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reporter_teams', to='places.municipality')),
            ],
            options={
                'ordering': ['-year', 'name'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'name', 'year'), name='outreach_team_once'), models.CheckConstraint(condition=models.Q(('term_ends__gte', models.F('term_starts'))), name='outreach_team_term_order')],
            },
        ),
        migrations.AddField(
            model_name='reporter',
            name='team',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reporters', to='outreach.reporterteam'),
        ),
        migrations.AddField(
            model_name='mission',
            name='team',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='missions', to='outreach.reporterteam'),
        ),
        migrations.CreateModel(
            name='Session',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='number')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('held_on', models.DateField(blank=True, null=True, verbose_name='held on')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='outreach.course')),
                ('dong', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality')),
            ],
            options={
                'ordering': ['course', 'number'],
                'constraints': [models.UniqueConstraint(fields=('course', 'number'), name='outreach_session_number')],
            },
        ),
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('enrolment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='outreach.enrolment')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='outreach.session')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('enrolment', 'session'), name='outreach_attendance_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='reporter',
            constraint=models.UniqueConstraint(fields=('team', 'name'), name='outreach_reporter_once'),
        ),
    ]
