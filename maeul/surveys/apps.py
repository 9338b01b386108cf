"""Surveys (설문조사): questionnaires with anonymous answers and results by group."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "maeul.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Registers permission rules, the export table, the home-page programme and the
        # receiver that keeps the roster of programme participants, and the notice kind.
        from maeul.surveys import exports, notices, programme, roster, rules  # noqa: F401
