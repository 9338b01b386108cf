from django.urls import path

from maeul.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>.<str:fmt>", views.download, name="download"),
]
