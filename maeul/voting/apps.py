"""Resident decisions by vote (주민결정): polls, ballots, tallies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "maeul.voting"
    label = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        # Registers permission rules, the export table and the home-page programme.
        from maeul.voting import exports, programme, rules  # noqa: F401
