import django.db.models.deletion
import maeul.core.textlimits
import maeul.reports.models
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
            name='Report',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('category', models.CharField(choices=[('inconvenience', 'Inconvenience'), ('misconduct', 'Misconduct by staff'), ('budget_waste', 'Budget waste'), ('suggestion', 'Suggestion')], max_length=20, verbose_name='category')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('text', maeul.core.textlimits.BoundedTextField(max_length=10000, verbose_name='what happened')),
                ('tracking_hash', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ('status', models.CharField(choices=[('received', 'Received, awaiting triage'), ('assigned', 'Assigned'), ('investigating', 'Under investigation'), ('answered', 'Answered'), ('transferred', 'Transferred to another body'), ('dismissed', 'Dismissed')], default='received', max_length=20, verbose_name='status')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('due_on', models.DateField(verbose_name='answer due by')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('department', models.CharField(blank=True, max_length=120, verbose_name='department')),
                ('answer', maeul.core.textlimits.BoundedTextField(blank=True, max_length=10000, verbose_name='answer')),
                ('reason', maeul.core.textlimits.BoundedTextField(blank=True, max_length=2000, verbose_name='reason')),
                ('transferred_to', models.CharField(blank=True, max_length=120, verbose_name='transferred to')),
                ('response', maeul.core.textlimits.BoundedTextField(blank=True, max_length=2000, verbose_name="reporter's response")),
                ('responded_on', models.DateField(blank=True, null=True, verbose_name='responded on')),
                ('overdue_told', models.BooleanField(default=False)),
                ('demo', models.BooleanField(default=False, verbose_name='illustrative record')),
                ('auditor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_resident_reports', to=settings.AUTH_USER_MODEL, verbose_name='citizen auditor')),
                ('dong', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality', verbose_name='dong')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='resident_reports', to='places.municipality', verbose_name='municipality')),
                ('reporter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='resident_reports', to=settings.AUTH_USER_MODEL, verbose_name='reporter')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('text__length__lte', 10000)), name='reports_report_text_length'), models.CheckConstraint(condition=models.Q(('answer__length__lte', 10000)), name='reports_report_answer_length'), models.CheckConstraint(condition=models.Q(('reason__length__lte', 2000)), name='reports_report_reason_length'), models.CheckConstraint(condition=models.Q(('response__length__lte', 2000)), name='reports_report_response_length'), models.CheckConstraint(condition=models.Q(('status__in', ['received', 'assigned', 'investigating', 'answered', 'transferred', 'dismissed'])), name='reports_report_status_valid'), models.CheckConstraint(condition=models.Q(('category__in', ['inconvenience', 'misconduct', 'budget_waste', 'suggestion'])), name='reports_report_category_valid'), models.CheckConstraint(condition=models.Q(('reporter__isnull', True), ('tracking_hash__isnull', True), _connector='OR'), name='reports_report_anonymous_or_account'), models.CheckConstraint(condition=models.Q(('due_on__gte', models.F('received_on'))), name='reports_report_due_after_receipt')],
                'verbose_name': 'resident report',
                'verbose_name_plural': 'resident reports',
                'ordering': ['-received_on', '-pk'],
                'indexes': [models.Index(fields=['municipality', 'status'], name='reports_rep_municip_41407d_idx')],
            },
        ),
        migrations.CreateModel(
            name='ReportAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=maeul.reports.models.attachment_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=200, verbose_name='file name')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='reports.report')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='ReportEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('received', 'Received, awaiting triage'), ('assigned', 'Assigned'), ('investigating', 'Under investigation'), ('answered', 'Answered'), ('transferred', 'Transferred to another body'), ('dismissed', 'Dismissed')], max_length=20)),
                ('on', models.DateField()),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='reports.report')),
            ],
            options={
                'ordering': ['on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ReportNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', maeul.core.textlimits.BoundedTextField(max_length=2000, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='reports.report')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('text__length__lte', 2000)), name='reports_reportnote_text_length')],
                'ordering': ['created_at', 'pk'],
            },
        ),
    ]
