"""Citizens' juries (주민참여배심원단): recruitment, the lottery, sessions and reviews."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "maeul.juries"
    label = "juries"
    verbose_name = _("Juries")

    def ready(self) -> None:
        from maeul.juries import exports, jobs, notices, programme, rules  # noqa: F401
        from maeul.juries.selectors import published_opinions_for_pledge
        from maeul.pledges.interface import register_sheet_opinions

        # the pledge sheet shows the jury's published opinions without importing juries
        register_sheet_opinions(published_opinions_for_pledge)
