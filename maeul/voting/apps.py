"""Resident decisions by vote (주민결정): polls, ballots, tallies."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "maeul.voting"
    label = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        # Registers permission rules, the export table, the home-page programme, the kinds
        # of notice voting sends and its background job.
        from maeul.voting import exports, jobs, notices, programme, rules  # noqa: F401
