"""Governance councils and deliberation records (협치회의, 숙의공론)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "maeul.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Registers permission rules, the two exports, the home-page programme and the kinds of
        # notice governance sends.
        from maeul.governance import exports, notices, programme, rules  # noqa: F401
