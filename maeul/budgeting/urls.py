"""Participatory-budgeting screens under /pb/ (access declared in each view's docstring)."""

from django.urls import path

from maeul.budgeting import views
from maeul.budgeting.views import city, maps, records

app_name = "budgeting"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("drafts/<int:pk>/", views.draft_edit, name="draft"),
    path("drafts/<int:pk>/attach/", views.attach, name="attach"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("manage/<int:cycle_id>/", views.manage, name="manage"),
    path("manage/<int:cycle_id>/screening/", views.screening, name="screening"),
    path("manage/<int:cycle_id>/votes/", views.votes, name="votes"),
    path(
        "manage/<int:cycle_id>/votes/committee/open/",
        views.committee_vote_open,
        name="committee_vote_open",
    ),
    path(
        "manage/<int:cycle_id>/votes/committee/import/",
        views.committee_vote_import,
        name="committee_vote_import",
    ),
    path(
        "manage/<int:cycle_id>/votes/mobile/open/", views.mobile_vote_open, name="mobile_vote_open"
    ),
    path(
        "manage/<int:cycle_id>/votes/mobile/import/",
        views.mobile_vote_import,
        name="mobile_vote_import",
    ),
    path("manage/<int:cycle_id>/votes/counts/", views.vote_counts_enter, name="vote_counts"),
    path("manage/<int:cycle_id>/votes/upload/", views.vote_counts_upload, name="vote_upload"),
    path("manage/<int:cycle_id>/results/", views.manage_results, name="manage_results"),
    path("manage/<int:cycle_id>/results/compute/", views.result_compute, name="result_compute"),
    path("manage/<int:cycle_id>/results/publish/", views.result_publish, name="result_publish"),
    path("manage/<int:cycle_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("manage/<int:cycle_id>/school/new/", views.school_new, name="school_new"),
    path("manage/<int:cycle_id>/general/new/", views.general_new, name="general_new"),
    path("manage/<int:cycle_id>/offline/new/", views.offline_new, name="offline_new"),
    path("manage/<int:cycle_id>/assembly/new/", views.assembly_new, name="assembly_new"),
    path("manage/<int:cycle_id>/groups/", views.groups, name="groups"),
    path("manage/reasons/<slug:slug>/", views.reasons, name="reasons"),
    path("manage/reasons/<slug:slug>/<int:pk>/", views.reason_edit, name="reason_edit"),
    path("manage/proposals/<int:pk>/screen/", views.screen, name="screen"),
    path("manage/proposals/<int:pk>/execution/", views.execution_edit, name="execution_edit"),
    path(
        "manage/proposals/<int:pk>/execution/status/",
        views.execution_status,
        name="execution_status",
    ),
    path("m/<slug:slug>/", views.index, name="index"),
    path("m/<slug:slug>/history/", views.history, name="history"),
    path("m/<slug:slug>/citizen-pb/", city.city_pb, name="city_pb"),
    path("manage/citizen-pb/<slug:slug>/", city.city_pb_manage, name="city_pb_manage"),
    path(
        "manage/<int:cycle_id>/reported/",
        records.reported_projects_upload,
        name="reported_upload",
    ),
    path("m/<slug:slug>/<int:year>/", views.cycle_detail, name="cycle"),
    path("m/<slug:slug>/<int:year>/proposals/", views.proposal_list, name="proposals"),
    path(
        "m/<slug:slug>/<int:year>/proposals/<int:number>/",
        views.proposal_detail,
        name="proposal",
    ),
    path("m/<slug:slug>/<int:year>/map/", maps.proposal_map, name="map"),
    path("m/<slug:slug>/<int:year>/map.json", maps.proposal_map_points, name="map_points"),
    path("m/<slug:slug>/<int:year>/propose/", views.propose, name="propose"),
    path("m/<slug:slug>/<int:year>/ballot/", views.ballot, name="ballot"),
    path("m/<slug:slug>/<int:year>/ballot/<int:step>/", views.ballot_step, name="ballot_step"),
    path("m/<slug:slug>/<int:year>/ballot/summary/", views.ballot_summary, name="ballot_summary"),
    path("m/<slug:slug>/<int:year>/ballot/cast/", views.ballot_cast, name="ballot_cast"),
    path("m/<slug:slug>/<int:year>/results/", views.result_page, name="results"),
    path("m/<slug:slug>/<int:year>/results/steps/", views.result_steps, name="result_steps"),
    path("m/<slug:slug>/<int:year>/analysis/", views.analysis, name="analysis"),
    path("m/<slug:slug>/<int:year>/results.<str:fmt>", views.result_export, name="result_export"),
    path("m/<slug:slug>/<int:year>/execution/", views.execution, name="execution"),
    path("m/<slug:slug>/<int:year>/deliberation/", views.deliberation, name="deliberation"),
]
