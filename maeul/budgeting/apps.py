from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "maeul.budgeting"
    label = "budgeting"
    verbose_name = _("Participatory budgeting")

    def ready(self) -> None:
        # Registers the permission rules, the pb-history export, the home-page programme and
        # the kinds of notice budgeting sends, its kind of long work (a large upload) and the
        # kinds of content residents may flag (proposals, comments).
        from maeul.budgeting import (  # noqa: F401
            exports,
            jobs,
            moderation,
            notices,
            programme,
            rules,
        )
