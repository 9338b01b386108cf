"""Routes of the outside grant register; each view declares its access class in
views.ACCESS."""

from django.urls import path

from maeul.outsidegrants import views

app_name = "outsidegrants"

urlpatterns = [
    path("manage/p/<int:programme_id>/", views.programme, name="programme"),
    path("manage/<slug:slug>/new/", views.programme_new, name="programme_new"),
    path("manage/<slug:slug>/import/", views.import_register, name="import"),
    path("manage/<slug:slug>/statistics/", views.statistics, name="statistics"),
    path("manage/<slug:slug>/incentives/", views.incentives, name="incentives"),
    path("manage/<slug:slug>/", views.register, name="register"),
    path("<slug:slug>/", views.summary, name="summary"),
]
