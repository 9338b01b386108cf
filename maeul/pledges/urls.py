from django.urls import path

from maeul.pledges import catalogue_views, views

app_name = "pledges"

urlpatterns = [
    # before the municipality patterns: "reports" would otherwise be read as a slug
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:report_id>/return/", views.report_return, name="report_return"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/table.xlsx", views.table_xlsx, name="table_xlsx"),
    path("<slug:slug>/import/", views.table_import, name="table_import"),
    path("<slug:slug>/reports/", views.report_list, name="report_list"),
    path("<slug:slug>/catalogue/", catalogue_views.catalogue_page, name="catalogue"),
    path("<slug:slug>/catalogue/goals/new/", catalogue_views.goal_new, name="goal_new"),
    path("<slug:slug>/catalogue/fields/new/", catalogue_views.field_new, name="field_new"),
    path("<slug:slug>/catalogue/goals/<int:goal_id>/", catalogue_views.goal_edit, name="goal_edit"),
    path(
        "<slug:slug>/catalogue/fields/<int:field_id>/",
        catalogue_views.field_edit,
        name="field_edit",
    ),
    path("<slug:slug>/catalogue/new/", catalogue_views.pledge_new, name="pledge_new"),
    path("<slug:slug>/<int:number>/edit/", catalogue_views.pledge_edit, name="pledge_edit"),
    path(
        "<slug:slug>/<int:number>/edit/<slug:table>/",
        catalogue_views.pledge_table,
        name="pledge_table",
    ),
    path("<slug:slug>/<int:number>/", views.sheet, name="sheet"),
    path("<slug:slug>/<int:number>/report/", views.report_new, name="report_new"),
    path("<slug:slug>/<int:number>/status/", views.status_change, name="status_change"),
]
