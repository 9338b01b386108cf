"""Back office for juries: read-mostly views of the records, scoped to the municipality.
Every change of consequence happens on the purpose-built screens (draw, replacements,
opinions), which go through the services and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maeul.core.admin_base import ScopedAdmin
from maeul.juries import models as m


class ReadOnlyScoped(ScopedAdmin):
    municipality_lookup = "jury__municipality"
    view_permission = "juries.manage"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(m.Jury)
class JuryAdmin(ReadOnlyScoped):
    municipality_lookup = "municipality"
    list_display = ["name", "municipality", "phase", "panel_size", "reserve_count", "term_start"]
    list_filter = ["phase", "municipality"]


@admin.register(m.Volunteer)
class VolunteerAdmin(ReadOnlyScoped):
    list_display = ["code", "name", "jury", "birth_year", "gender", "dong", "channel", "status"]
    list_filter = ["status", "channel", "jury"]
    search_fields = ["code", "name", "phone"]


@admin.register(m.Draw)
class DrawAdmin(ReadOnlyScoped):
    list_display = ["jury", "algorithm", "engine_version", "seed", "drawn_at"]


@admin.register(m.Session)
class SessionAdmin(ReadOnlyScoped):
    list_display = ["jury", "number", "held_on", "title"]


@admin.register(m.Review)
class ReviewAdmin(ReadOnlyScoped):
    list_display = ["jury", "pledge", "juror", "grade", "recommendation", "submitted_at"]


@admin.register(m.Opinion)
class OpinionAdmin(ReadOnlyScoped):
    list_display = ["jury", "pledge", "grade", "recommendation", "published_at"]
