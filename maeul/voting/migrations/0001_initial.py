import django.core.validators
import django.db.models.deletion
import uuid
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
            name='AssemblyResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='assembly')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('ballots', models.PositiveIntegerField(verbose_name='ballots cast at the assembly')),
                ('unregistered_ballots', models.PositiveIntegerField(default=0, verbose_name='ballots of attendees not registered on Maeul')),
                ('entered_at', models.DateTimeField(verbose_name='entered at')),
                ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'resident assembly result',
                'verbose_name_plural': 'resident assembly results',
            },
        ),
        migrations.CreateModel(
            name='PaperBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=80, verbose_name='batch')),
                ('ballots', models.PositiveIntegerField(verbose_name='ballots')),
                ('entered_at', models.DateTimeField(verbose_name='entered at')),
                ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'paper batch',
                'verbose_name_plural': 'paper batches',
            },
        ),
        migrations.CreateModel(
            name='Poll',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('kind', models.CharField(choices=[('single', 'Single choice'), ('multiple', 'Up to k choices'), ('approval', 'Approval (any number)'), ('ranking', 'Ranking')], max_length=10, verbose_name='kind')),
                ('max_choices', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1)], verbose_name='most choices per ballot')),
                ('min_age', models.PositiveSmallIntegerField(default=0, verbose_name='minimum age')),
                ('verified_only', models.BooleanField(default=True, verbose_name='verified residents only')),
                ('opens_at', models.DateTimeField(verbose_name='opens at')),
                ('closes_at', models.DateTimeField(verbose_name='closes at')),
                ('secrecy', models.CharField(choices=[('secret', 'Secret ballot'), ('public', 'Public (named) ballot')], default='secret', max_length=10, verbose_name='secrecy')),
                ('revote', models.CharField(choices=[('forbidden', 'One ballot, no changes'), ('last_counts', 'A new ballot replaces the previous one')], default='forbidden', max_length=12, verbose_name='changing a ballot')),
                ('result_rule', models.CharField(choices=[('plurality', 'Most votes wins'), ('majority', 'Winner needs more than the threshold share'), ('quorum', 'Valid only with enough turnout, then most votes')], default='plurality', max_length=10, verbose_name='result rule')),
                ('threshold_percent', models.PositiveSmallIntegerField(default=50, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(99)], verbose_name='majority threshold (%)')),
                ('quorum_percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='quorum: minimum turnout (%)')),
                ('electorate_size', models.PositiveIntegerField(blank=True, help_text='Eligible residents according to the resident register; when empty, the registered eligible residents on Maeul are counted.', null=True, verbose_name='size of the electorate')),
                ('allow_online', models.BooleanField(default=True, verbose_name='online ballots')),
                ('allow_desk', models.BooleanField(default=False, verbose_name='on-site desk')),
                ('allow_paper', models.BooleanField(default=False, verbose_name='paper ballots')),
                ('allow_assembly', models.BooleanField(default=False, verbose_name='resident assembly')),
                ('announced_at', models.DateTimeField(blank=True, null=True, verbose_name='announced at')),
                ('rules_locked_at', models.DateTimeField(blank=True, null=True, verbose_name='rules locked at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='close recorded at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='results published at')),
                ('result', models.JSONField(blank=True, editable=False, null=True, verbose_name='published result')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('electorate_dongs', models.ManyToManyField(blank=True, help_text='Leave empty for every resident of the municipality.', related_name='+', to='places.municipality', verbose_name='eligible dongs')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='polls', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'poll',
                'verbose_name_plural': 'polls',
                'ordering': ['-closes_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='poll_closes_after_opening'), models.CheckConstraint(condition=models.Q(('max_choices__gte', 1)), name='poll_max_choices_min'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'single'), _negated=True), ('max_choices', 1), _connector='OR'), name='poll_single_means_one'), models.CheckConstraint(condition=models.Q(('threshold_percent__gte', 1), ('threshold_percent__lte', 99)), name='poll_threshold_range'), models.CheckConstraint(condition=models.Q(('quorum_percent__lte', 100)), name='poll_quorum_range'), models.CheckConstraint(condition=models.Q(('published_at__isnull', True), ('closed_at__isnull', False), _connector='OR'), name='poll_published_after_close'), models.CheckConstraint(condition=models.Q(('published_at__isnull', True), ('result__isnull', False), _connector='OR'), name='poll_published_has_result')],
            },
        ),
        migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('online', 'Online (mobile or web)'), ('desk', 'On-site desk'), ('paper', 'Paper ballot'), ('assembly', 'Resident assembly')], max_length=10, verbose_name='channel')),
                ('created_at', models.DateTimeField(verbose_name='took part at')),
                ('revotes', models.PositiveSmallIntegerField(default=0, verbose_name='replaced ballots')),
                ('receipt', models.CharField(blank=True, max_length=14, verbose_name='receipt (public polls)')),
                ('assembly', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='roll', to='voting.assemblyresult')),
                ('paper_batch', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='roll', to='voting.paperbatch')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('resident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to=settings.AUTH_USER_MODEL)),
                ('poll', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='voting.poll')),
            ],
            options={
                'verbose_name': 'participation',
                'verbose_name_plural': 'participations',
                'constraints': [models.UniqueConstraint(fields=('poll', 'resident'), name='one_ballot_per_resident')],
            },
        ),
        migrations.AddField(
            model_name='paperbatch',
            name='poll',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='paper_batches', to='voting.poll'),
        ),
        migrations.CreateModel(
            name='CastRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64)),
                ('receipt', models.CharField(max_length=14)),
                ('poll', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='voting.poll')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('poll', 'token'), name='cast_idempotency_key')],
            },
        ),
        migrations.CreateModel(
            name='Ballot',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('receipt', models.CharField(max_length=14, verbose_name='receipt')),
                ('cast_on', models.DateField(verbose_name='cast on')),
                ('slot', models.CharField(blank=True, editable=False, max_length=64, null=True)),
                ('voided', models.BooleanField(default=False, verbose_name='replaced by a later ballot')),
                ('poll', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='voting.poll')),
            ],
            options={
                'verbose_name': 'ballot',
                'verbose_name_plural': 'ballots',
                'constraints': [models.UniqueConstraint(fields=('poll', 'receipt'), name='ballot_receipt_unique'), models.UniqueConstraint(condition=models.Q(('voided', False), ('slot__isnull', False)), fields=('poll', 'slot'), name='one_counted_ballot_per_slot')],
            },
        ),
        migrations.AddField(
            model_name='assemblyresult',
            name='poll',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assemblies', to='voting.poll'),
        ),
        migrations.CreateModel(
            name='PollOption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                ('label', models.CharField(max_length=200, verbose_name='option')),
                ('description', models.TextField(blank=True, verbose_name='explanation')),
                ('image', models.FileField(blank=True, upload_to='voting/options/', verbose_name='image')),
                ('poll', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='voting.poll')),
            ],
            options={
                'verbose_name': 'option',
                'verbose_name_plural': 'options',
                'ordering': ['poll', 'position'],
                'constraints': [models.UniqueConstraint(fields=('poll', 'position'), name='poll_option_position')],
            },
        ),
        migrations.CreateModel(
            name='BallotChoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rank', models.PositiveSmallIntegerField(default=1)),
                ('ballot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='choices', to='voting.ballot')),
                ('poll', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='voting.poll')),
                ('option', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='voting.polloption')),
            ],
            options={
                'indexes': [models.Index(fields=['poll', 'option'], name='ballot_choice_poll_option')],
                'constraints': [models.UniqueConstraint(fields=('ballot', 'option'), name='ballot_choice_once')],
            },
        ),
        migrations.CreateModel(
            name='AssemblyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('votes', models.PositiveIntegerField(verbose_name='votes')),
                ('assembly', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='counts', to='voting.assemblyresult')),
                ('option', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='voting.polloption')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('assembly', 'option'), name='assembly_count_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='paperbatch',
            constraint=models.UniqueConstraint(fields=('poll', 'label'), name='paper_batch_label_unique'),
        ),
        migrations.AddConstraint(
            model_name='assemblyresult',
            constraint=models.UniqueConstraint(fields=('poll', 'name'), name='assembly_name_unique'),
        ),
        migrations.AddConstraint(
            model_name='assemblyresult',
            constraint=models.CheckConstraint(condition=models.Q(('unregistered_ballots__lte', models.F('ballots'))), name='assembly_unregistered_within_ballots'),
        ),
    ]
