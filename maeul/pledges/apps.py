"""Election pledges (공약 이행 관리): catalogue, sheets, indicators, progress reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "maeul.pledges"
    label = "pledges"
    verbose_name = _("Pledges")

    def ready(self) -> None:
        from maeul.pledges import exports, notices, programme, rules, signals  # noqa: F401

        signals.connect()
