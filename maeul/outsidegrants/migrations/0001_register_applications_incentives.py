import django.db.models.deletion
import maeul.core.textlimits
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
            name='OutsideProgramme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='monitoring year')),
                ('funder', models.CharField(max_length=200, verbose_name='funder')),
                ('funder_kind', models.CharField(choices=[('central', 'Central government'), ('city', 'City'), ('private', 'Private funder')], max_length=10, verbose_name='kind of funder')),
                ('field', models.CharField(choices=[('science_ict', 'Science and ICT'), ('education', 'Education'), ('land', 'Land development'), ('labour', 'Labour'), ('culture_sports', 'Culture and sports'), ('welfare', 'Welfare'), ('women', 'Women and families'), ('administration', 'General administration'), ('industry', 'Industry and small business'), ('environment', 'Environment')], max_length=20, verbose_name='field')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('deadline', models.DateField(blank=True, null=True, verbose_name='application deadline')),
                ('amount_offered_won', models.PositiveBigIntegerField(default=0, verbose_name='amount offered (won)')),
                ('matching_required', models.BooleanField(default=False, verbose_name='matching funds required')),
                ('url', models.URLField(blank=True, max_length=500, verbose_name="call's web address")),
                ('status', models.CharField(choices=[('monitoring', 'Monitoring, not decided'), ('applying', 'District applies'), ('declined', 'District does not apply'), ('closed', 'Closed')], default='monitoring', max_length=12, verbose_name='status')),
                ('note', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='internal note')),
                ('demo', models.BooleanField(default=False, verbose_name='illustrative record')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outside_programmes', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'outside grant programme',
                'verbose_name_plural': 'outside grant programmes',
                'constraints': [models.CheckConstraint(condition=models.Q(('note__length__lte', 10000)), name='outsidegrants_outsideprogramme_note_length')],
                'ordering': ['deadline', 'pk'],
                'indexes': [models.Index(fields=['municipality', 'year'], name='outsidegran_municip_a82ea1_idx')],
            },
        ),
        migrations.CreateModel(
            name='DistrictApplication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('department', models.CharField(max_length=100, verbose_name='department')),
                ('policy', models.JSONField(default=dict, verbose_name='pre-check indicators')),
                ('scores', models.JSONField(default=dict, verbose_name='pre-check scores')),
                ('precheck_total', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='pre-check score')),
                ('recommended', models.BooleanField(verbose_name='recommended')),
                ('reasons', models.JSONField(blank=True, default=list, verbose_name='reasons')),
                ('estimated_cost_won', models.PositiveBigIntegerField(verbose_name='estimated cost (won)')),
                ('matching_won', models.PositiveBigIntegerField(default=0, verbose_name="district's matching funds (won)")),
                ('decision', models.CharField(choices=[('apply', 'Apply'), ('decline', 'Do not apply')], max_length=10, verbose_name='decision')),
                ('submitted_on', models.DateField(blank=True, null=True, verbose_name='submitted on')),
                ('outcome', models.CharField(choices=[('pending', 'Pending'), ('selected', 'Selected'), ('not_selected', 'Not selected')], default='pending', max_length=12, verbose_name='outcome')),
                ('amount_awarded_won', models.PositiveBigIntegerField(default=0, verbose_name='amount awarded (won)')),
                ('outcome_on', models.DateField(blank=True, null=True, verbose_name='outcome announced on')),
                ('demo', models.BooleanField(default=False, verbose_name='illustrative record')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('programme', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='application', to='outsidegrants.outsideprogramme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'district application',
                'verbose_name_plural': 'district applications',
                'ordering': ['programme__deadline', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('outcome', 'selected'), ('amount_awarded_won', 0), _connector='OR'), name='outside_award_only_when_selected'), models.CheckConstraint(condition=models.Q(('decision', 'apply'), ('outcome', 'pending'), _connector='OR'), name='outside_outcome_only_when_applied')],
            },
        ),
        migrations.CreateModel(
            name='DepartmentIncentive',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('department', models.CharField(max_length=100, verbose_name='department')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year of the work rewarded')),
                ('reason', models.CharField(max_length=200, verbose_name='reason')),
                ('amount_won', models.PositiveBigIntegerField(verbose_name='amount (won)')),
                ('paid_on', models.DateField(blank=True, null=True, verbose_name='paid on')),
                ('demo', models.BooleanField(default=False, verbose_name='illustrative record')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='outside_incentives', to='places.municipality', verbose_name='municipality')),
                ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='incentives', to='outsidegrants.districtapplication', verbose_name='application')),
            ],
            options={
                'verbose_name': 'department incentive',
                'verbose_name_plural': 'department incentives',
                'ordering': ['-year', 'department', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount_won__gt', 0)), name='outside_incentive_positive')],
            },
        ),
    ]
