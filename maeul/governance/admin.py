"""Governance records in the operator's admin.

Bodies and survey results are saved here through the services (permission, audit log), outside
the admin's own transaction because the services are durable (``ServiceAdmin``); memberships,
reports and sessions are read-only, because their changes have rules of their own — the
membership preview, the report phases, the all-or-nothing sheet import — on the purpose-built
screens under /governance/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maeul.core.admin_base import OperatorAdmin, ServiceAdmin
from maeul.governance import services
from maeul.governance.models import (
    Body,
    DeliberationSession,
    Membership,
    QuarterlyReport,
    SurveyResult,
)


@admin.register(Body)
class BodyAdmin(ServiceAdmin):
    list_display = ("name", "municipality", "kind", "min_gender_percent", "min_civil_percent")
    list_filter = ("kind",)
    search_fields = ("name", "municipality__name")
    raw_id_fields = ("parent",)

    def save_model(self, request: HttpRequest, obj: Body, form: Any, change: bool) -> None:
        if change:
            services.body_update(actor=request.user, body=obj)
            return
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


@admin.register(Membership)
class MembershipAdmin(OperatorAdmin):
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
class QuarterlyReportAdmin(OperatorAdmin):
    list_display = ("municipality", "year", "quarter", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "year", "quarter")


@admin.register(DeliberationSession)
class DeliberationSessionAdmin(OperatorAdmin):
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
class SurveyResultAdmin(ServiceAdmin):
    list_display = ("municipality", "year", "group", "level", "level_share", "trust_district")

    def save_model(self, request: HttpRequest, obj: SurveyResult, form: Any, change: bool) -> None:
        services.survey_result_save(actor=request.user, result=obj)
