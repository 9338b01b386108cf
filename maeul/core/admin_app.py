"""``django.contrib.admin`` with an ``admin.site`` that admits platform operators only (see
maeul/core/admin_base.py: officials work in Maeul's own pages under /manage/)."""

from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    default_site = "maeul.core.admin_base.OperatorAdminSite"
