"""Routes of surveys; each view declares its access class in views.ACCESS."""

from django.urls import path

from maeul.surveys import views

app_name = "surveys"

urlpatterns = [
    # before the municipality pattern: "manage" and "s" would otherwise be read as slugs
    path("manage/s/<int:survey_id>/", views.manage, name="manage"),
    path("manage/s/<int:survey_id>/move/", views.move, name="move"),
    path("manage/s/<int:survey_id>/collected/", views.collected, name="collected"),
    path(
        "manage/s/<int:survey_id>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("manage/<slug:slug>/", views.manage_list, name="manage_list"),
    path("manage/<slug:slug>/new/", views.survey_new, name="survey_new"),
    path("s/<int:survey_id>/", views.detail, name="detail"),
    path("s/<int:survey_id>/results/", views.results, name="results"),
    path("<slug:slug>/", views.survey_list, name="list"),
]
