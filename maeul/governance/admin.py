"""Back office for governance records, scoped to the official's municipality.

Bodies and survey results are edited here (saving goes through the services, which check the
permission and write the audit log); memberships, reports and sessions are shown read-only,
because their changes have rules of their own — the membership preview, the report phases,
the all-or-nothing sheet import — on the purpose-built screens under /governance/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from maeul.core.admin_base import ScopedAdmin
from maeul.core.errors import ServiceError
from maeul.governance import services
from maeul.governance.models import (
    Body,
    DeliberationSession,
    Membership,
    QuarterlyReport,
    SurveyResult,
)


class ReadOnlyScoped(ScopedAdmin):
    view_permission = "governance.view_records"


@admin.register(Body)
class BodyAdmin(ScopedAdmin):
    view_permission = "governance.view_records"
    change_permission = "governance.manage_bodies"
    add_permission = "governance.manage_bodies"
    list_display = ("name", "municipality", "kind", "min_gender_percent", "min_civil_percent")
    list_filter = ("kind",)
    search_fields = ("name", "municipality__name")
    autocomplete_fields = ()
    raw_id_fields = ("parent",)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("municipality")
        official = getattr(request.user, "official_or_none", None)
        if field is not None and official is not None:
            field.queryset = official.municipality.subtree()  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: Body, form: Any, change: bool) -> None:
        try:
            if change:
                services.body_update(actor=request.user, body=obj)
            else:
                created = services.body_create(
                    actor=request.user,
                    municipality=obj.municipality,
                    name=obj.name,
                    kind=obj.kind,
                    parent=obj.parent,
                    mandate=obj.mandate,
                    established_on=obj.established_on,
                    meetings_required=obj.meetings_required,
                    meetings_period=obj.meetings_period,
                    min_gender_percent=obj.min_gender_percent,
                    min_civil_percent=obj.min_civil_percent,
                    term_years=obj.term_years,
                    max_consecutive_terms=obj.max_consecutive_terms,
                )
                obj.pk = created.pk
        except ServiceError as error:
            raise PermissionDenied(error.message) from error


@admin.register(Membership)
class MembershipAdmin(ReadOnlyScoped):
    municipality_lookup = "body__municipality"
    list_display = (
        "person_name",
        "body",
        "sector",
        "role",
        "term_start",
        "term_end",
        "resigned_on",
    )
    list_filter = ("sector", "appointment", "role")
    search_fields = ("person_name", "body__name")


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(ReadOnlyScoped):
    list_display = ("municipality", "year", "quarter", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "year", "quarter")


@admin.register(DeliberationSession)
class DeliberationSessionAdmin(ReadOnlyScoped):
    list_display = (
        "name",
        "municipality",
        "kind",
        "starts_at",
        "invited_total",
        "attended_government",
        "attended_civil",
    )
    list_filter = ("kind", "report__year", "report__quarter")
    search_fields = ("name", "municipality__name")
    list_select_related = ("municipality",)


@admin.register(SurveyResult)
class SurveyResultAdmin(ScopedAdmin):
    view_permission = "governance.view_records"
    change_permission = "governance.manage_bodies"
    add_permission = "governance.manage_bodies"
    list_display = ("municipality", "year", "group", "level", "level_share", "trust_district")

    def save_model(self, request: HttpRequest, obj: SurveyResult, form: Any, change: bool) -> None:
        try:
            services.survey_result_save(actor=request.user, result=obj)
        except ServiceError as error:
            raise PermissionDenied(error.message) from error
