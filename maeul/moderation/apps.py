from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Residents flag what other residents wrote; officials hide, restore or dismiss.

    A foundation app: it knows no programme. Each programme declares the kinds of content
    residents may flag (``registry.register`` in its own ``moderation.py``, imported from its
    ``AppConfig.ready``) and asks ``selectors`` which of its rows are hidden, so moderation
    never imports budgeting and budgeting decides where a hidden row disappears.
    """

    name = "maeul.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from maeul.moderation import notices, rules  # noqa: F401  (registers kinds and rules)
