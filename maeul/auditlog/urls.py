from django.urls import path

from maeul.auditlog import views

app_name = "auditlog"

urlpatterns = [
    path("", views.log, name="log"),
    path("head", views.head, name="head"),
]
