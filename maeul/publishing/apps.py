"""Publishing (공개·발간): the open-data catalogue, dashboards across programmes and the PDFs
(data book, Governance Brief) built from the same figures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "maeul.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        # Registers the permission rule for publishing and its background job.
        from maeul.publishing import jobs, rules  # noqa: F401
