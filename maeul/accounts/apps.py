from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "maeul.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from maeul.accounts import (  # noqa: F401  (registers permission functions, key checks)
            checks,
            rules,
        )
