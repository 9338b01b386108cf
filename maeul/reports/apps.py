"""Residents' reports (주민 제보·신고) and the citizen auditors who help handle them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "maeul.reports"
    label = "reports"
    verbose_name = _("Residents' reports")

    def ready(self) -> None:
        # Registers permission rules, the export table and the notice kinds.
        from maeul.reports import exports, notices, rules  # noqa: F401
