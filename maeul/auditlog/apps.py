from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    name = "maeul.auditlog"
    label = "auditlog"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Registers the kind of notice the audit log sends (its daily verification failed).
        from maeul.auditlog import notices  # noqa: F401
