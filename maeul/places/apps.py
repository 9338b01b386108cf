from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "maeul.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from maeul.places import exports  # noqa: F401  (registers export tables)
