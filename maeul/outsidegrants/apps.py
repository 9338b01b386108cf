"""Geumcheon-gu's register of outside grant programmes (외부 공모사업): the funds that the
central government, the city and foundations offer, the district's applications with their
pre-check, the outcomes and the incentives paid to departments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutsideGrantsConfig(AppConfig):
    name = "maeul.outsidegrants"
    label = "outsidegrants"
    verbose_name = _("Outside grant programmes")

    def ready(self) -> None:
        # Registers permission rules, the export table, the notice kinds and the home card.
        from maeul.outsidegrants import exports, notices, programme, rules  # noqa: F401
