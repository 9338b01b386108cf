"""Routes of residents' reports; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.reports import views

app_name = "reports"

urlpatterns = [
    # before the municipality pattern: these words would otherwise be read as slugs
    path("track/", views.track, name="track"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:report_id>/", views.mine_detail, name="mine_detail"),
    path("assigned/", views.assigned, name="assigned"),
    path("manage/r/<int:report_id>/", views.manage, name="manage"),
    path(
        "manage/r/<int:report_id>/files/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("manage/<slug:slug>/", views.manage_list, name="manage_list"),
    path("<slug:slug>/new/", views.file_report, name="new"),
    path("<slug:slug>/statistics/", views.statistics, name="statistics"),
    path("<slug:slug>/auditors/", views.auditors, name="auditors"),
    path("<slug:slug>/", views.home, name="home"),
]
