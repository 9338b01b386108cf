from django.urls import path

from maeul.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("m/<slug:slug>/", views.municipality_home, name="municipality"),
]
