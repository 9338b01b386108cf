from django.urls import path

from maeul.auditlog import views

app_name = "auditlog"

urlpatterns = [
    path("", views.log, name="log"),
    path("head", views.head, name="head"),
    path("verify/", views.verify, name="verify"),
    path("entries/<int:seq>/", views.entry, name="entry"),
    path("export.<str:fmt>", views.export, name="export"),
]
