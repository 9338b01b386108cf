"""Participatory budgeting in the operator's admin.

The operator may set a cycle up here (rules, project types with caps, category groups with caps
and picks, phase dates, the committee and support group); every save goes through
``services.py`` so the rules freeze and the audit log apply exactly as on the officials'
screens under /pb/manage/, and the form view runs outside the admin's transaction
(``ServiceAdmin``) because the services are durable. Once voting opened, the rules render
read-only. Proposals, meetings, results and execution are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from maeul.budgeting import services
from maeul.budgeting.models import (
    CategoryGroup,
    CommitteeVote,
    Cycle,
    CycleSummary,
    DongMeeting,
    Execution,
    MobileVote,
    PhaseWindow,
    ProjectType,
    Proposal,
    ResultRun,
)
from maeul.core.admin_base import (
    OperatorAdmin,
    OperatorStackedInline,
    OperatorTabularInline,
    ServiceAdmin,
    is_operator,
)
from maeul.governance import interface as governance_interface


class _RulesInline(OperatorTabularInline):
    """Frozen with the rules once voting opened; never deleted (the services keep rows)."""

    extra = 0

    def _locked(self, obj: Any) -> bool:
        return obj is not None and obj.rules_locked

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and is_operator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and is_operator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProjectTypeInline(_RulesInline):
    model = ProjectType
    fields = ["code", "name", "name_en", "cap_won"]


class GroupInline(_RulesInline):
    model = CategoryGroup
    fields = ["sort_order", "code", "name", "name_en", "cap_won", "max_picks"]


class WindowInline(_RulesInline):
    model = PhaseWindow
    fields = ["phase", "starts_on", "ends_on"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user)


class SummaryInline(OperatorStackedInline):
    model = CycleSummary
    extra = 0
    can_delete = False
    read_only = True
    readonly_fields = [
        "proposals",
        "proposed_amount_won",
        "adopted",
        "adopted_amount_won",
        "executed_amount_won",
        "mobile_voters",
        "source",
    ]


@admin.register(Cycle)
class CycleAdmin(ServiceAdmin):
    list_display = ["title", "municipality", "cycle_year", "budget_year", "phase", "dashboard"]
    list_filter = ["phase", "cycle_year"]
    search_fields = ["title", "municipality__name"]
    inlines = [ProjectTypeInline, GroupInline, WindowInline, SummaryInline]
    fields = [
        "municipality",
        "cycle_year",
        "budget_year",
        "title",
        "total_amount_won",
        "committee_weight_percent",
        "share_basis",
        "on_misfit",
        "pool_leftovers",
        "general_track_amount_won",
        "committee_body",
        "support_body",
        "phase",
        "rules_locked_at",
    ]

    @admin.display(description=_("dashboard"))
    def dashboard(self, obj: Cycle) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("budgeting:manage", args=[obj.pk]), _("open")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = ["phase", "rules_locked_at"]
        if obj is None:
            return fixed
        fixed += ["municipality", "cycle_year"]
        if obj.rules_locked:
            fixed += list(services.RULE_FIELDS)
        return fixed

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "committee_body":
            kwargs["queryset"] = governance_interface.pb_committees()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Cycle, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = services.cycle_create(
                actor=request.user,
                municipality=data["municipality"],
                cycle_year=data["cycle_year"],
                budget_year=data["budget_year"],
                title=data["title"],
                total_amount_won=data["total_amount_won"],
                committee_weight_percent=data["committee_weight_percent"],
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            changes = {
                k: data[k]
                for k in ("share_basis", "on_misfit", "pool_leftovers", "general_track_amount_won")
            }
            services.cycle_update_rules(actor=request.user, cycle=obj, **changes)
        else:
            changes = {k: data[k] for k in services.RULE_FIELDS if k in form.changed_data}
            if changes:
                services.cycle_update_rules(actor=request.user, cycle=obj, **changes)
        if {"committee_body", "support_body"} & set(form.changed_data):
            services.cycle_bodies_set(
                actor=request.user,
                cycle=obj,
                committee_body=data.get("committee_body"),
                support_body=data.get("support_body"),
            )

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: bool,
    ) -> None:
        cycle = form.instance
        # The admin's change message reads these; the services did the saving.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not hasattr(inline_form, "cleaned_data"):
                continue
            d = inline_form.cleaned_data
            if not d or d.get("DELETE"):
                continue
            if formset.model is ProjectType:
                services.project_type_save(
                    actor=request.user,
                    cycle=cycle,
                    code=d["code"],
                    name=d["name"],
                    name_en=d.get("name_en", ""),
                    cap_won=d["cap_won"],
                )
            elif formset.model is CategoryGroup:
                services.group_save(
                    actor=request.user,
                    cycle=cycle,
                    code=d["code"],
                    name=d["name"],
                    name_en=d.get("name_en", ""),
                    cap_won=d["cap_won"],
                    max_picks=d["max_picks"],
                    sort_order=d["sort_order"],
                )
            elif formset.model is PhaseWindow:
                services.phase_window_set(
                    actor=request.user,
                    cycle=cycle,
                    phase=d["phase"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                )


class _ReadOnlyAdmin(OperatorAdmin):
    """Listed for search; changes happen on the purpose-built screens."""


@admin.register(Proposal)
class ProposalAdmin(_ReadOnlyAdmin):
    list_display = [
        "number",
        "title",
        "cycle",
        "group",
        "estimated_cost_won",
        "status",
        "adopted",
        "screen_link",
    ]
    list_filter = ["status", "adopted", "cycle__cycle_year"]
    search_fields = ["title", "address", "=number"]
    list_select_related = ["cycle__municipality", "group"]

    @admin.display(description=_("screening"))
    def screen_link(self, obj: Proposal) -> str:
        if obj.status in ("draft", "withdrawn"):
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("budgeting:screen", args=[obj.pk]), _("screen")
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).exclude(status="draft")


@admin.register(DongMeeting)
class DongMeetingAdmin(_ReadOnlyAdmin):
    list_display = ["dong", "held_on", "attendance", "cycle"]
    list_filter = ["held_on"]


@admin.register(ResultRun)
class ResultRunAdmin(_ReadOnlyAdmin):
    list_display = ["cycle", "computed_at", "published_at"]


@admin.register(MobileVote)
class MobileVoteAdmin(_ReadOnlyAdmin):
    list_display = ["poll", "cycle", "group", "opened_at"]


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(_ReadOnlyAdmin):
    list_display = ["poll", "cycle", "group", "opened_at"]


@admin.register(Execution)
class ExecutionAdmin(_ReadOnlyAdmin):
    list_display = ["proposal", "executed_on", "amount_won"]
    list_filter = ["executed_on"]
