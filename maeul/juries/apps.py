"""Citizens' juries (주민참여배심원단): recruitment, the lottery, sessions and reviews."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "maeul.juries"
    label = "juries"
    verbose_name = _("Juries")

    def ready(self) -> None:
        from maeul.juries import programme, rules  # noqa: F401
