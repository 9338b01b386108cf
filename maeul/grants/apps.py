"""Grants (공모사업·보조사업): grant calls, organisations' applications, review and selection."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "maeul.grants"
    label = "grants"
    verbose_name = _("Grant calls")

    def ready(self) -> None:
        # Registers the permission rules, the export tables, the notice kinds and the
        # home-page programme.
        from maeul.grants import exports, notices, programme, rules  # noqa: F401
