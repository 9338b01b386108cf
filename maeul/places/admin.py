"""Places in the operator's admin: read-only. Administrators add and rename the dongs of their
scope on /manage/places/ (through ``places.services``, with the audit log); moving a place
re-parents a whole subtree and is never done here."""

from django.contrib import admin

from maeul.core.admin_base import OperatorAdmin
from maeul.places.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(OperatorAdmin):
    list_display = ("name", "name_en", "kind", "admin_code", "parent")
    list_filter = ("kind", "level")
    search_fields = ("name", "name_en", "admin_code", "slug")
    ordering = ("path",)
