"""Routes of 내 활동 (/me/): an overview and one paginated page per kind of activity."""

from django.urls import path

from maeul.activity import views

app_name = "activity"

urlpatterns = [
    path("", views.index, name="index"),
    path("proposals/", views.proposals, name="proposals"),
    path("ballots/", views.ballots, name="ballots"),
    path("points/", views.points, name="points"),
    path("juries/", views.juries, name="juries"),
]
