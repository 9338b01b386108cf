from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "maeul.workspace"
    label = "workspace"
    verbose_name = _("Officials' workspace")
