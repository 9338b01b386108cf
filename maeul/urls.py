"""URL configuration. Every route declares its access in the view (public, resident,
official of a scope, administrator) through the named permission functions."""

from django.contrib import admin
from django.urls import include, path

from maeul.api.urls import api
from maeul.core import views as core_views
from maeul.notifications.views import switch_language

urlpatterns = [
    path("", include("maeul.core.urls")),
    path("accounts/", include("maeul.accounts.urls")),
    path("exports/", include("maeul.exports.urls")),
    path("audit/", include("maeul.auditlog.urls")),
    path("manage/", include("maeul.workspace.urls")),
    path("search/", include("maeul.search.urls")),
    path("data/", include("maeul.publishing.urls")),
    path("me/", include("maeul.activity.urls")),
    path("notices/", include("maeul.notifications.urls")),
    path("jobs/", include("maeul.jobs.urls")),
    path("moderation/", include("maeul.moderation.urls")),
    # Bare programme addresses whose pages live under a municipality: a list of who runs it.
    path("pb/", core_views.programme_index, {"key": "budgeting"}, name="programme_budgeting"),
    path(
        "governance/",
        core_views.programme_index,
        {"key": "governance"},
        name="programme_governance",
    ),
    path("pledges/", core_views.programme_index, {"key": "pledges"}, name="programme_pledges"),
    path("juries/", core_views.programme_index, {"key": "juries"}, name="programme_juries"),
    path("surveys/", core_views.programme_index, {"key": "surveys"}, name="programme_surveys"),
    path("outreach/", core_views.programme_index, {"key": "outreach"}, name="programme_outreach"),
    path(
        "innovation/",
        core_views.programme_index,
        {"key": "innovation"},
        name="programme_innovation",
    ),
    path("grants/", core_views.programme_index, {"key": "grants"}, name="programme_grants"),
    path(
        "outside-grants/",
        core_views.programme_index,
        {"key": "outsidegrants"},
        name="programme_outsidegrants",
    ),
    path("votes/", include("maeul.voting.urls")),
    path("pb/", include("maeul.budgeting.urls")),
    path("points/", include("maeul.points.urls")),
    path("governance/", include("maeul.governance.urls")),
    path("pledges/", include("maeul.pledges.urls")),
    path("juries/", include("maeul.juries.urls")),
    path("surveys/", include("maeul.surveys.urls")),
    path("outreach/", include("maeul.outreach.urls")),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("reports/", include("maeul.reports.urls")),
    path("innovation/", include("maeul.innovation.urls")),
    path("grants/", include("maeul.grants.urls")),
    path("outside-grants/", include("maeul.outsidegrants.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
