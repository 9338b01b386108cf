from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "maeul.juries"
    label = "juries"
    verbose_name = _("Juries")
