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
            name='ModeratedItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=60, verbose_name='kind')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('excerpt', models.CharField(blank=True, max_length=300, verbose_name='excerpt')),
                ('url', models.CharField(max_length=300, verbose_name='address')),
                ('hidden', models.BooleanField(default=False, verbose_name='hidden')),
                ('hidden_reason', models.CharField(blank=True, max_length=300, verbose_name='reason for hiding')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decisions', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'flagged content',
                'verbose_name_plural': 'flagged content',
                'indexes': [models.Index(fields=['municipality', 'hidden'], name='moderation_item_place')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='moderation_one_item_per_content'), models.CheckConstraint(condition=models.Q(('hidden', False), models.Q(('hidden_reason', ''), _negated=True), _connector='OR'), name='moderation_hidden_has_reason')],
            },
        ),
        migrations.CreateModel(
            name='Flag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('spam', 'Spam or advertising'), ('abuse', 'Abuse, insults or hate'), ('personal_data', "Someone's personal data"), ('off_topic', 'Off-topic'), ('other', 'Other (please explain)')], max_length=20, verbose_name='reason')),
                ('text', models.CharField(blank=True, max_length=500, verbose_name='details')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('reporter', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='moderation.moderateditem')),
            ],
            options={
                'verbose_name': 'flag',
                'verbose_name_plural': 'flags',
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('item', 'reporter'), name='moderation_one_flag_per_person')],
            },
        ),
    ]
