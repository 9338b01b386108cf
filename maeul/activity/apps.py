from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    """내 활동: a resident's own participation across every programme.

    It reads several programmes at once (proposals, ballots, points, juries), which no
    programme may do, so it sits in the top layer beside the officials' workspace.
    """

    name = "maeul.activity"
    label = "activity"
    verbose_name = _("My activity")
