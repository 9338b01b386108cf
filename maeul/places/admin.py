from django.contrib import admin

from maeul.core.admin_base import ScopedAdmin
from maeul.places.models import Municipality


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    municipality_lookup = "pk"
    view_permission = "core.use_backoffice"
    change_permission = "places.change_municipality"
    list_display = ("name", "name_en", "kind", "admin_code", "parent")
    list_filter = ("kind", "level")
    search_fields = ("name", "name_en", "admin_code", "slug")
    readonly_fields = ("level", "path")
    ordering = ("path",)
