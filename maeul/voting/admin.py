"""Back office for polls.

Polls are created and edited here through the services; once the first ballot exists every
rule field, the options and the roll are shown read-only (RELIABILITY P3). Participations and
ballots are listed in separate, read-only pages: neither page shows a field of the other, so
the back office never joins a voter to a choice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maeul.auditlog.services import audit_record
from maeul.core.admin_base import ScopedAdmin
from maeul.core.errors import ServiceError
from maeul.voting import services
from maeul.voting.models import RULE_FIELDS, Ballot, Participation, Poll, PollOption, PollVoter


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 2
    fields = ("position", "label", "description", "image")

    def _locked(self, obj: Any) -> bool:
        return obj is not None and obj.rules_locked_at is not None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class PollVoterInline(PollOptionInline):
    """The roll of a poll whose electorate is a roll; frozen with the rules like the options
    (a roll shown to officials of the scope only: the public page gives its size)."""

    model = PollVoter
    extra = 0
    fields = ("user",)
    raw_id_fields = ("user",)
    verbose_name = _("account on the roll")
    verbose_name_plural = _("roll (for a vote whose electorate is a roll)")


@admin.register(Poll)
class PollAdmin(ScopedAdmin):
    view_permission = "voting.view_tally"
    change_permission = "voting.manage_poll"
    add_permission = "voting.manage_poll"
    delete_permission = ""
    inlines = [PollOptionInline, PollVoterInline]
    list_display = (
        "title",
        "municipality",
        "opens_at",
        "closes_at",
        "announced_at",
        "published_at",
    )
    list_filter = ("kind", "secrecy", "revote", "electorate_kind")
    search_fields = ("title", "code")
    filter_horizontal = ("electorate_dongs",)
    readonly_fields_always = ("announced_at", "rules_locked_at", "closed_at", "published_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is not None and obj.rules_locked_at is not None:
            return (*RULE_FIELDS, "code", "electorate_dongs", *self.readonly_fields_always)
        return self.readonly_fields_always

    def save_model(self, request: HttpRequest, obj: Poll, form: Any, change: bool) -> None:
        """Rule fields go through the services; the options inline is guarded by the trigger."""
        try:
            if not change:
                obj.save()
                audit_record(
                    kind="voting.poll_created",
                    actor=request.user,
                    subject=obj,
                    municipality=obj.municipality,
                    data={"code": obj.code, "title": obj.title},
                )
                return
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in (*RULE_FIELDS, "description") and name in form.cleaned_data
            }
            if changes:
                services.poll_update(actor=request.user, poll=obj, changes=changes)
        except (ServiceError, PermissionDenied) as error:
            messages.error(request, getattr(error, "message", str(error)))
            raise PermissionDenied(getattr(error, "message", str(error))) from error


@admin.register(Participation)
class ParticipationAdmin(ScopedAdmin):
    """Who took part: never a ballot field."""

    municipality_lookup = "poll__municipality"
    view_permission = "voting.view_tally"
    list_display = ("poll", "resident", "channel", "created_at")
    list_filter = ("channel",)
    fields = ("poll", "resident", "channel", "recorded_by", "created_at", "revotes")
    readonly_fields = fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Ballot)
class BallotAdmin(ScopedAdmin):
    """What was chosen, by receipt: never a participation or resident field."""

    municipality_lookup = "poll__municipality"
    view_permission = "voting.view_tally"
    list_display = ("receipt", "poll", "cast_on", "voided")
    list_filter = ("voided",)
    search_fields = ("receipt",)
    fields = ("receipt", "poll", "cast_on", "voided")
    readonly_fields = fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
