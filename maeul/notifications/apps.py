from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """One inbox for every programme.

    A foundation app: programmes register the kinds of notice they send (``kinds.register``
    in their ``AppConfig.ready``) and call ``notify`` inside the transaction of the action;
    this app stores the notices and delivers them. It knows people and kinds, never a
    programme's models.
    """

    name = "maeul.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
