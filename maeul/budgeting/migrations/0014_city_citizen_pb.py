import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgeting', '0013_assembly_reasons_youth'),
        ('places', '0002_text_length_limits'),
    ]

    operations = [
        migrations.CreateModel(
            name='CityProgramme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('budget_year', models.PositiveSmallIntegerField(verbose_name='budget year')),
                ('title', models.CharField(max_length=120, verbose_name='title (Korean)')),
                ('title_en', models.CharField(blank=True, max_length=120, verbose_name='title (English)')),
                ('total_amount_won', models.BigIntegerField(blank=True, null=True, verbose_name='total amount (won)')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality', verbose_name='city')),
            ],
            options={
                'verbose_name': 'city citizen PB programme',
                'verbose_name_plural': 'city citizen PB programmes',
                'ordering': ['city_id', '-budget_year'],
                'constraints': [models.UniqueConstraint(fields=('city', 'budget_year'), name='pb_city_programme_year'), models.CheckConstraint(condition=models.Q(('total_amount_won__isnull', True), ('total_amount_won__gt', 0), _connector='OR'), name='pb_city_programme_total_positive')],
            },
        ),
        migrations.CreateModel(
            name='DistrictShare',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('projects', models.PositiveIntegerField(verbose_name='projects selected')),
                ('amount_won', models.BigIntegerField(verbose_name='amount selected (won)')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                ('recorded_at', models.DateTimeField(auto_now=True)),
                ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality', verbose_name='district')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shares', to='budgeting.cityprogramme')),
            ],
            options={
                'verbose_name': 'district share',
                'verbose_name_plural': 'district shares',
                'ordering': ['programme_id', 'district__sort_order', 'district__name'],
                'constraints': [models.UniqueConstraint(fields=('programme', 'district'), name='pb_district_share_once'), models.CheckConstraint(condition=models.Q(('projects__gt', 0)), name='pb_district_share_projects'), models.CheckConstraint(condition=models.Q(('amount_won__gt', 0)), name='pb_district_share_amount')],
            },
        ),
    ]
