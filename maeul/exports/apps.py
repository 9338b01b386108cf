from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "maeul.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from maeul.exports import jobs  # noqa: F401  (registers the large-download job kind)
