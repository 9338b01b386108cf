from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "maeul.budgeting"
    label = "budgeting"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        # Registers the permission rules, the pb-history export, the home-page programme and
        # the kinds of notice budgeting sends, and its kind of long work (a large upload).
        from maeul.budgeting import exports, jobs, notices, programme, rules  # noqa: F401
