"""Polls in the operator's admin.

A poll is created and edited here only through ``poll_create`` / ``poll_update`` — one service
call per save, with the options, the eligible dongs and the roll from the inlines — so the
same validation, rules lock (RELIABILITY P3) and audit entry apply as on /votes/manage/. The
services are durable, so the form view runs outside the admin's transaction
(``ServiceAdmin``; the admin's default wrapping answered 500). Once the first ballot exists
every rule field, the options and the roll are shown read-only. Participations and ballots are
listed in separate, read-only pages: neither page shows a field of the other, so the admin
never joins a voter to a choice.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maeul.core.admin_base import OperatorAdmin, OperatorTabularInline, ServiceAdmin, is_operator
from maeul.voting import services
from maeul.voting.models import RULE_FIELDS, Ballot, Participation, Poll, PollOption, PollVoter


class FrozenRowsInline(OperatorTabularInline):
    """Rows of a poll that freeze with its rules: editable until the first ballot only (the
    service and a database trigger refuse later changes as well)."""

    def _locked(self, obj: Any) -> bool:
        return obj is not None and obj.rules_locked_at is not None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and is_operator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and is_operator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and is_operator(request.user)


class PollOptionInline(FrozenRowsInline):
    model = PollOption
    extra = 2
    fields = ("position", "label", "description")


class PollVoterInline(FrozenRowsInline):
    """The roll of a poll whose electorate is a roll; frozen with the rules like the options."""

    model = PollVoter
    extra = 0
    fields = ("user",)
    raw_id_fields = ("user",)
    verbose_name = _("account on the roll")
    verbose_name_plural = _("roll (for a vote whose electorate is a roll)")


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [
        f.cleaned_data
        for f in formset.forms
        if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
    ]


@admin.register(Poll)
class PollAdmin(ServiceAdmin):
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
        if obj is not None:
            return ("code", *self.readonly_fields_always)
        return self.readonly_fields_always

    def save_model(self, request: HttpRequest, obj: Poll, form: Any, change: bool) -> None:
        """Nothing here: the poll and its inlines are saved in one service call in
        ``save_related``, which sees the options and the roll too."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        data = form.cleaned_data
        options: list[dict[str, Any]] | None = None
        roll: list[Any] | None = None
        for formset in formsets:
            # The admin's change message reads these; the service does the saving.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is PollOption and (not change or formset.has_changed()):
                rows = sorted(_rows(formset), key=lambda d: d.get("position") or 0)
                options = [
                    {"label": d["label"], "description": d.get("description", "")} for d in rows
                ]
            elif formset.model is PollVoter and (not change or formset.has_changed()):
                roll = [d["user"] for d in _rows(formset)]
        dongs = list(data["electorate_dongs"]) if "electorate_dongs" in data else None
        if not change:
            fields = {
                name: data[name]
                for name in (*RULE_FIELDS, "code", "description")
                if name in data and name != "municipality"
            }
            created = services.poll_create(
                actor=request.user,
                municipality=data["municipality"],
                options=options or [],
                electorate_dongs=dongs or [],
                roll=roll or [],
                **fields,
            )
            form.instance.pk = created.pk
            return
        changes = {
            name: data[name]
            for name in form.changed_data
            if name in (*RULE_FIELDS, "description") and name in data
        }
        services.poll_update(
            actor=request.user,
            poll=Poll.objects.get(pk=form.instance.pk),
            changes=changes,
            options=options,
            electorate_dongs=dongs if "electorate_dongs" in form.changed_data else None,
            roll=roll,
        )


@admin.register(Participation)
class ParticipationAdmin(OperatorAdmin):
    """Who took part: never a ballot field."""

    list_display = ("poll", "resident", "channel", "created_at")
    list_filter = ("channel",)
    fields = ("poll", "resident", "channel", "recorded_by", "created_at", "revotes")


@admin.register(Ballot)
class BallotAdmin(OperatorAdmin):
    """What was chosen, by receipt: never a participation or resident field."""

    list_display = ("receipt", "poll", "cast_on", "voided")
    list_filter = ("voided",)
    search_fields = ("receipt",)
    fields = ("receipt", "poll", "cast_on", "voided")
