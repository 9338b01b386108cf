from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "maeul.points"
    label = "points"
    verbose_name = _("Points")

    def ready(self) -> None:
        # Registers permission rules, the points-summary export, the home-page programme and
        # the receiver of participation events (points for taking part), and the kinds of
        # notice points sends.
        from maeul.points import exports, notices, participation, programme, rules  # noqa: F401
