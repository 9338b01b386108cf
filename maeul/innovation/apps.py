"""Community innovation plans (지역사회혁신계획) and the district evaluation with graded funding."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "maeul.innovation"
    label = "innovation"
    verbose_name = _("Community innovation plans")

    def ready(self) -> None:
        # Registers the permission rules, the export tables, the notice kinds and the
        # home-page programme.
        from maeul.innovation import exports, notices, programme, rules  # noqa: F401
