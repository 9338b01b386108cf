import django.db.models.deletion
import django.db.models.expressions
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
            name='AwardTable',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveSmallIntegerField(verbose_name='version')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='award_tables', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'award table',
                'verbose_name_plural': 'award tables',
                'ordering': ['municipality', '-effective_from'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'version'), name='points_award_table_version_unique'), models.UniqueConstraint(fields=('municipality', 'effective_from'), name='points_award_table_date_unique'), models.CheckConstraint(condition=models.Q(('version__gte', 1)), name='points_award_table_version')],
            },
        ),
        migrations.CreateModel(
            name='AwardRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('activity', models.CharField(choices=[('mobile_vote', 'Mobile vote'), ('survey', 'Survey response'), ('pb_proposal_submitted', 'Budget proposal submitted'), ('pb_proposal_adopted', 'Budget proposal adopted'), ('committee_attendance', 'Committee meeting attended'), ('council_attendance', 'Council session attended'), ('volunteering', 'Volunteering'), ('education_course', 'Education course completed'), ('jury_service', "Citizens' jury service")], max_length=40, verbose_name='activity')),
                ('points', models.PositiveIntegerField(verbose_name='points')),
                ('cap_points', models.PositiveIntegerField(blank=True, help_text='At most this many points per resident for this activity in each period.', null=True, verbose_name='cap (points)')),
                ('cap_period', models.CharField(blank=True, choices=[('month', 'per month'), ('year', 'per year')], max_length=10, verbose_name='cap period')),
                ('residents_only', models.BooleanField(default=True, help_text='Only residents whose home district is this municipality earn points.', verbose_name='residents of the municipality only')),
                ('verified_only', models.BooleanField(default=False, verbose_name='verified residents only')),
                ('table', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rules', to='points.awardtable', verbose_name='award table')),
            ],
            options={
                'verbose_name': 'award rule',
                'verbose_name_plural': 'award rules',
                'ordering': ['table', 'activity'],
                'constraints': [models.UniqueConstraint(fields=('table', 'activity'), name='points_award_rule_one_per_activity'), models.CheckConstraint(condition=models.Q(('points__gte', 1)), name='points_award_rule_positive'), models.CheckConstraint(condition=models.Q(models.Q(('cap_points__isnull', True), ('cap_period', '')), models.Q(('cap_points__gte', 1), models.Q(('cap_period', ''), _negated=True)), _connector='OR'), name='points_award_rule_cap_has_period')],
            },
        ),
        migrations.CreateModel(
            name='PointsAccount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('pool', 'Points pool'), ('resident', 'Resident'), ('redemption', 'Redeemed for vouchers'), ('expiry', 'Expired')], max_length=12, verbose_name='kind')),
                ('balance', models.BigIntegerField(default=0, verbose_name='balance')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='opened at')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='points_accounts', to='places.municipality', verbose_name='municipality')),
                ('resident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='points_accounts', to=settings.AUTH_USER_MODEL, verbose_name='resident')),
            ],
            options={
                'verbose_name': 'points account',
                'verbose_name_plural': 'points accounts',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'resident'), _negated=True), ('balance__gte', 0), _connector='OR'), name='points_resident_balance_not_negative'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'resident'), ('resident__isnull', False)), models.Q(models.Q(('kind', 'resident'), _negated=True), ('resident__isnull', True)), _connector='OR'), name='points_account_resident_iff_kind'), models.UniqueConstraint(condition=models.Q(('kind', 'resident')), fields=('municipality', 'resident'), name='points_one_account_per_resident'), models.UniqueConstraint(condition=models.Q(('kind', 'resident'), _negated=True), fields=('municipality', 'kind'), name='points_one_system_account_per_kind')],
            },
        ),
        migrations.CreateModel(
            name='PointsPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('points_valid_months', models.PositiveSmallIntegerField(blank=True, help_text='Unused points expire this many months after they were earned; empty: never.', null=True, verbose_name='points valid for (months)')),
                ('voucher_valid_months', models.PositiveSmallIntegerField(default=12, verbose_name='vouchers valid for (months)')),
                ('municipality', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='points_policy', to='places.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'points policy',
                'verbose_name_plural': 'points policies',
                'constraints': [models.CheckConstraint(condition=models.Q(('points_valid_months__isnull', True), ('points_valid_months__gte', 1), _connector='OR'), name='points_policy_points_validity_positive'), models.CheckConstraint(condition=models.Q(('voucher_valid_months__gte', 1)), name='points_policy_voucher_validity_positive')],
            },
        ),
        migrations.CreateModel(
            name='PointsTransaction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('earn', 'Earned'), ('redeem', 'Redeemed'), ('refund', 'Returned'), ('expire', 'Expired'), ('correction', 'Correction')], max_length=12, verbose_name='kind')),
                ('amount', models.PositiveIntegerField(verbose_name='points')),
                ('activity', models.CharField(blank=True, choices=[('mobile_vote', 'Mobile vote'), ('survey', 'Survey response'), ('pb_proposal_submitted', 'Budget proposal submitted'), ('pb_proposal_adopted', 'Budget proposal adopted'), ('committee_attendance', 'Committee meeting attended'), ('council_attendance', 'Council session attended'), ('volunteering', 'Volunteering'), ('education_course', 'Education course completed'), ('jury_service', "Citizens' jury service")], max_length=40, verbose_name='activity')),
                ('table_version', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='award table version')),
                ('occurred_at', models.DateTimeField(verbose_name='activity date')),
                ('month', models.CharField(help_text='YYYY-MM in Korean time', max_length=7, verbose_name='month')),
                ('source_key', models.CharField(blank=True, max_length=120, null=True, verbose_name='source event')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('evidence', models.FileField(blank=True, upload_to='points/evidence/%Y/%m/', verbose_name='evidence')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('dong', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.municipality', verbose_name='neighbourhood (dong)')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='points_transactions', to='places.municipality', verbose_name='municipality')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('resident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='points_transactions', to=settings.AUTH_USER_MODEL, verbose_name='resident')),
                ('rule', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='points.awardrule', verbose_name='award rule')),
            ],
            options={
                'verbose_name': 'points transaction',
                'verbose_name_plural': 'points transactions',
                'ordering': ['-occurred_at', '-pk'],
                'indexes': [models.Index(fields=['municipality', 'kind', 'month'], name='points_txn_period_idx')],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'source_key'), name='points_award_once_per_source'), models.CheckConstraint(condition=models.Q(('amount__gte', 1)), name='points_txn_amount_positive'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'correction'), _negated=True), models.Q(models.Q(('note', ''), _negated=True), ('approved_by__isnull', False)), _connector='OR'), name='points_correction_reason_and_approver'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'earn'), _negated=True), models.Q(('activity', ''), _negated=True), _connector='OR'), name='points_earn_has_activity')],
            },
        ),
        migrations.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.BigIntegerField(verbose_name='points')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='points.pointsaccount', verbose_name='account')),
                ('transaction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='points.pointstransaction', verbose_name='transaction')),
            ],
            options={
                'verbose_name': 'ledger entry',
                'verbose_name_plural': 'ledger entries',
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='points_entry_not_zero'), models.UniqueConstraint(fields=('transaction', 'account'), name='points_entry_one_per_account')],
            },
        ),
        migrations.CreateModel(
            name='VoucherRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('units', models.PositiveSmallIntegerField(verbose_name='vouchers')),
                ('amount', models.PositiveIntegerField(verbose_name='points')),
                ('status', models.CharField(choices=[('requested', 'Requested'), ('approved', 'Approved'), ('issued', 'Issued'), ('rejected', 'Rejected'), ('cancelled', 'Cancelled')], default='requested', max_length=10, verbose_name='status')),
                ('requested_at', models.DateTimeField(verbose_name='requested at')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('issued_at', models.DateTimeField(blank=True, null=True, verbose_name='issued at')),
                ('handed_to', models.CharField(blank=True, max_length=80, verbose_name='handed over to')),
                ('handover_note', models.TextField(blank=True, verbose_name='hand-over note')),
                ('decision_reason', models.TextField(blank=True, verbose_name='reason')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='voucher_requests', to='places.municipality', verbose_name='municipality')),
                ('redeem_transaction', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='voucher_request', to='points.pointstransaction')),
                ('refund_transaction', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='refunded_request', to='points.pointstransaction')),
                ('resident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='voucher_requests', to=settings.AUTH_USER_MODEL, verbose_name='resident')),
            ],
            options={
                'verbose_name': 'voucher request',
                'verbose_name_plural': 'voucher requests',
                'ordering': ['-requested_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('units__gte', 1)), name='points_voucher_units_positive'), models.CheckConstraint(condition=models.Q(('amount', django.db.models.expressions.CombinedExpression(models.F('units'), '*', models.Value(10000)))), name='points_voucher_amount_units'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'issued'), _negated=True), models.Q(('issued_by__isnull', False), ('issued_at__isnull', False), ('approved_by__isnull', False), models.Q(('handed_to', ''), _negated=True)), _connector='OR'), name='points_voucher_issued_has_handover'), models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['rejected', 'cancelled']), _negated=True), ('refund_transaction__isnull', False), _connector='OR'), name='points_voucher_refund_when_closed')],
            },
        ),
        migrations.CreateModel(
            name='Voucher',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveSmallIntegerField(verbose_name='sequence')),
                ('number', models.CharField(max_length=40, verbose_name='voucher number')),
                ('face_value', models.PositiveIntegerField(default=10000, verbose_name='face value')),
                ('valid_until', models.DateField(verbose_name='valid until')),
                ('issued_at', models.DateTimeField(verbose_name='issued at')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vouchers', to='points.voucherrequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'voucher',
                'verbose_name_plural': 'vouchers',
                'ordering': ['request', 'sequence'],
                'constraints': [models.UniqueConstraint(fields=('number',), name='points_voucher_number_unique'), models.UniqueConstraint(fields=('request', 'sequence'), name='points_voucher_once_per_slot')],
            },
        ),
    ]
