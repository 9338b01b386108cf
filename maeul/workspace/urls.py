"""Routes of the officials' workspace; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.index, name="index"),
    path("officials/", views.officials, name="officials"),
    path("officials/new/", views.official_new, name="official_new"),
    path("officials/<int:pk>/", views.official_edit, name="official_edit"),
    path("officials/<int:pk>/deactivate/", views.official_deactivate, name="official_deactivate"),
    path("places/", views.places, name="places"),
    path("places/new/", views.place_new, name="place_new"),
    path("places/<int:pk>/", views.place_edit, name="place_edit"),
]
