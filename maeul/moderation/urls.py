"""Routes of moderation; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.moderation import views

app_name = "moderation"

urlpatterns = [
    path("flag/<str:kind>/<int:object_id>/", views.flag, name="flag"),
    path("items/<int:item_id>/hide/", views.hide, name="hide"),
    path("items/<int:item_id>/restore/", views.restore, name="restore"),
    path("items/<int:item_id>/dismiss/", views.dismiss, name="dismiss"),
    path("<slug:slug>/", views.queue, name="queue"),
]
