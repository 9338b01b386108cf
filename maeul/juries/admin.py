"""Juries in the operator's admin: read-only records. Every change of consequence happens on
the purpose-built screens (draw, replacements, opinions), through the services and the
audit log."""

from __future__ import annotations

from django.contrib import admin

from maeul.core.admin_base import OperatorAdmin
from maeul.juries import models as m


@admin.register(m.Jury)
class JuryAdmin(OperatorAdmin):
    list_display = [
        "name",
        "municipality",
        "phase",
        "panel_size",
        "reserve_count",
        "term_months",
        "term_start",
    ]
    list_filter = ["phase", "municipality"]


@admin.register(m.Volunteer)
class VolunteerAdmin(OperatorAdmin):
    list_display = ["code", "name", "jury", "birth_year", "gender", "dong", "channel", "status"]
    list_filter = ["status", "channel", "jury"]
    search_fields = ["code", "name", "phone"]


@admin.register(m.Draw)
class DrawAdmin(OperatorAdmin):
    list_display = ["jury", "algorithm", "engine_version", "seed", "drawn_at"]


@admin.register(m.Session)
class SessionAdmin(OperatorAdmin):
    list_display = ["jury", "number", "held_on", "title"]


@admin.register(m.Review)
class ReviewAdmin(OperatorAdmin):
    list_display = ["jury", "pledge", "juror", "grade", "recommendation", "submitted_at"]


@admin.register(m.Opinion)
class OpinionAdmin(OperatorAdmin):
    list_display = ["jury", "pledge", "grade", "recommendation", "published_at"]


@admin.register(m.MonitoringVisit)
class MonitoringVisitAdmin(OperatorAdmin):
    list_display = ["jury", "visited_on", "place", "subgroup", "published_at"]


@admin.register(m.HalfYearReport)
class HalfYearReportAdmin(OperatorAdmin):
    list_display = ["jury", "year", "half", "title", "presented_on", "published_at"]
