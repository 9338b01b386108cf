"""Routes of long work (/jobs/)."""

from django.urls import path

from maeul.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:job_id>/", views.detail, name="detail"),
    path("<int:job_id>/status", views.status, name="status"),
    path("<int:job_id>/download", views.download, name="download"),
]
