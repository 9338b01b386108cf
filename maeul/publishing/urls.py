from django.urls import path

from maeul.publishing import dashboard_views, publication_views, views

app_name = "publishing"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.catalogue, name="catalogue"),
    path("<slug:code>/all.zip", views.archive, name="archive"),
    path("<slug:code>/datapackage.json", views.package, name="package"),
    path("<slug:code>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("<slug:code>/publications/", publication_views.publications, name="publications"),
    path(
        "<slug:code>/publications/<int:pk>.pdf",
        publication_views.publication_file,
        name="publication_file",
    ),
    path("<slug:code>/<int:year>/", views.catalogue, name="catalogue_year"),
    path("<slug:code>/<int:year>/all.zip", views.archive, name="archive_year"),
    path("<slug:code>/<int:year>/datapackage.json", views.package, name="package_year"),
    path("<slug:code>/<int:year>/dashboard/", dashboard_views.dashboard, name="dashboard_year"),
    path("<slug:code>/<int:year>/<slug:name>/", views.table, name="table_year"),
    path("<slug:code>/<int:year>/<slug:name>.<str:fmt>", views.download, name="download_year"),
    path("<slug:code>/<slug:name>/", views.table, name="table"),
    path("<slug:code>/<slug:name>.<str:fmt>", views.download, name="download"),
]
