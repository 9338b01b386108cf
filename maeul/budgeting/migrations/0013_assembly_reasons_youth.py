import django.db.models.deletion
import maeul.budgeting.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0012_result_outcomes'),
        ('governance', '0003_text_length_limits'),
        ('places', '0002_text_length_limits'),
    ]

    operations = [
        migrations.AddField(
            model_name='categorygroup',
            name='voting_body',
            field=models.ForeignKey(blank=True, help_text="A body of the governance register (the youth council, 청소년의회) whose members alone propose and vote in this group; the group's cap still applies.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pb_groups', to='governance.body', verbose_name='run with'),
        ),
        migrations.CreateModel(
            name='ScreeningReason',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=30, verbose_name='code')),
                ('label', models.CharField(max_length=120, verbose_name='label (Korean)')),
                ('label_en', models.CharField(blank=True, max_length=120, verbose_name='label (English)')),
                ('active', models.BooleanField(default=True, verbose_name='offered when screening')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pb_screening_reasons', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'screening reason',
                'verbose_name_plural': 'screening reasons',
                'ordering': ['municipality_id', 'sort_order', 'code'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'code'), name='pb_screening_reason_code_unique')],
            },
        ),
        migrations.AddField(
            model_name='proposal',
            name='screening_code',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='budgeting.screeningreason', verbose_name='screening reason (coded)'),
        ),
        migrations.CreateModel(
            name='GeneralAssembly',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('online', models.BooleanField(default=False, verbose_name='online')),
                ('place', models.CharField(blank=True, max_length=120, verbose_name='place or platform')),
                ('attendance', models.PositiveIntegerField(blank=True, help_text='Empty when not reported.', null=True, verbose_name='attendance')),
                ('decisions', models.JSONField(blank=True, default=list, verbose_name='decisions')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assemblies', to='budgeting.cycle')),
            ],
            options={
                'verbose_name': 'general assembly',
                'verbose_name_plural': 'general assemblies',
                'ordering': ['cycle_id', 'held_on', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('cycle', 'held_on'), name='pb_assembly_once_a_day')],
            },
            bases=(maeul.budgeting.models._InCycle, models.Model),
        ),
    ]
