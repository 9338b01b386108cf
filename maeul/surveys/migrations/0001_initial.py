import django.db.models.deletion
import maeul.core.textlimits
import uuid
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
            name='Question',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                ('kind', models.CharField(choices=[('single', 'Single choice'), ('multiple', 'Multiple choice'), ('scale', 'Scale'), ('text', 'Open text')], max_length=10, verbose_name='type')),
                ('text', models.CharField(max_length=200, verbose_name='question')),
                ('code', models.CharField(blank=True, default='', max_length=40, verbose_name='code')),
                ('scale_max', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='scale')),
                ('required', models.BooleanField(default=True, verbose_name='answer required')),
            ],
            options={
                'verbose_name': 'question',
                'verbose_name_plural': 'questions',
                'ordering': ['survey', 'position'],
            },
        ),
        migrations.CreateModel(
            name='Response',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('group', models.CharField(choices=[('participants', 'Participants'), ('general_public', 'General public')], max_length=20, verbose_name='group')),
                ('source', models.CharField(choices=[('online', 'Answered online'), ('collected', 'Collected on paper or by a survey agency')], default='online', max_length=10, verbose_name='source')),
            ],
            options={
                'verbose_name': 'response',
                'verbose_name_plural': 'responses',
            },
        ),
        migrations.CreateModel(
            name='Option',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='position')),
                ('label', models.CharField(max_length=200, verbose_name='label')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='surveys.question')),
            ],
            options={
                'verbose_name': 'option',
                'verbose_name_plural': 'options',
                'ordering': ['question', 'position'],
                'constraints': [models.UniqueConstraint(fields=('question', 'position'), name='surveys_option_unique_position')],
            },
        ),
        migrations.CreateModel(
            name='Answer',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('value', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='value')),
                ('text', maeul.core.textlimits.BoundedTextField(blank=True, default='', max_length=2000, verbose_name='text')),
                ('option', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='surveys.option')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='surveys.question')),
                ('response', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='surveys.response')),
            ],
            options={
                'verbose_name': 'answer',
                'verbose_name_plural': 'answers',
                'constraints': [models.CheckConstraint(condition=models.Q(('text__length__lte', 2000)), name='surveys_answer_text_length'), models.UniqueConstraint(fields=('response', 'question', 'option'), name='surveys_answer_option_once'), models.CheckConstraint(condition=models.Q(('value__isnull', True), models.Q(('value__gte', 1), ('value__lte', 7)), _connector='OR'), name='surveys_answer_value_range')],
            },
        ),
        migrations.CreateModel(
            name='Survey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='description')),
                ('audience', models.CharField(choices=[('public', 'The public'), ('participants', 'Participants of a programme')], default='public', max_length=20, verbose_name='sent to')),
                ('programme', models.CharField(blank=True, choices=[('', 'Any programme'), ('budgeting', 'Participatory budgeting'), ('voting', 'Resident decisions by vote'), ('governance', 'Public–civic governance')], default='', max_length=20, verbose_name='programme')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed'), ('published', 'Results published')], default='draft', max_length=10, verbose_name='state')),
                ('template', models.CharField(blank=True, default='', max_length=40, verbose_name='template')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('opened_at', models.DateTimeField(blank=True, null=True, verbose_name='opened')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='results published')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='surveys', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'survey',
                'verbose_name_plural': 'surveys',
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('description__length__lte', 10000)), name='surveys_survey_description_length'), models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'open', 'closed', 'published'])), name='surveys_survey_state_valid'), models.CheckConstraint(condition=models.Q(('audience__in', ['public', 'participants'])), name='surveys_survey_audience_valid')],
            },
        ),
        migrations.AddField(
            model_name='response',
            name='survey',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='responses', to='surveys.survey'),
        ),
        migrations.CreateModel(
            name='Respondent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='respondents', to='surveys.survey')),
            ],
            options={
                'verbose_name': 'respondent',
                'verbose_name_plural': 'respondents',
                'constraints': [models.UniqueConstraint(fields=('survey', 'user'), name='surveys_one_response_per_person')],
            },
        ),
        migrations.AddField(
            model_name='question',
            name='survey',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='surveys.survey'),
        ),
        migrations.CreateModel(
            name='Participant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('programme', models.CharField(choices=[('', 'Any programme'), ('budgeting', 'Participatory budgeting'), ('voting', 'Resident decisions by vote'), ('governance', 'Public–civic governance')], max_length=20, verbose_name='programme')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='places.municipality')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'programme participant',
                'verbose_name_plural': 'programme participants',
                'constraints': [models.UniqueConstraint(fields=('municipality', 'programme', 'user'), name='surveys_participant_unique')],
            },
        ),
        migrations.AddConstraint(
            model_name='response',
            constraint=models.CheckConstraint(condition=models.Q(('group__in', ['participants', 'general_public'])), name='surveys_response_group_valid'),
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.UniqueConstraint(fields=('survey', 'position'), name='surveys_question_unique_position'),
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'scale'), ('scale_max__in', [5, 7])), models.Q(models.Q(('kind', 'scale'), _negated=True), ('scale_max__isnull', True)), _connector='OR'), name='surveys_question_scale_5_or_7'),
        ),
    ]
