"""Routes of resident votes; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.voting import record_views, views, wizard

app_name = "voting"

urlpatterns = [
    path("", views.poll_list, name="list"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", wizard.poll_new, name="poll_new"),
    path("manage/<int:poll_id>/edit/", wizard.poll_edit, name="poll_edit"),
    path("manage/<int:poll_id>/preview/", wizard.poll_preview, name="poll_preview"),
    path("manage/<int:poll_id>/close/", wizard.poll_close_early, name="poll_close_early"),
    path("manage/<int:poll_id>/cancel/", wizard.poll_cancel, name="poll_cancel"),
    path("<int:poll_id>/", views.poll_detail, name="detail"),
    path("<int:poll_id>/cast", views.poll_cast, name="cast"),
    path("<int:poll_id>/check", views.receipt_check, name="check"),
    path("<int:poll_id>/results/", views.results, name="results"),
    path("<int:poll_id>/results.<str:fmt>", views.results_download, name="results_download"),
    path("<int:poll_id>/receipts/", views.receipts, name="receipts"),
    path("<int:poll_id>/record.json", record_views.ballot_record_download, name="record"),
    path("<int:poll_id>/manage/", views.manage, name="manage"),
    path("<int:poll_id>/desk/", views.desk, name="desk"),
    path("<int:poll_id>/paper/", views.paper, name="paper"),
    path("<int:poll_id>/assembly/", views.assembly, name="assembly"),
]
