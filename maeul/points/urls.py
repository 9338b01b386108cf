"""Points screens under /points/ (access declared in each view's docstring, see views.py)."""

from django.urls import path

from maeul.points import views

app_name = "points"

urlpatterns = [
    path("", views.statement, name="statement"),
    path("vouchers/request/", views.voucher_request, name="voucher_request"),
    path("vouchers/<int:request_id>/cancel/", views.voucher_cancel, name="voucher_cancel"),
    path("evidence/<int:transaction_id>/", views.evidence, name="evidence"),
    path("m/<slug:slug>/", views.scheme, name="scheme"),
    path("m/<slug:slug>/totals/", views.totals, name="totals"),
    path("m/<slug:slug>/vouchers/", views.vouchers, name="vouchers"),
    path(
        "m/<slug:slug>/vouchers/<int:request_id>/approve/",
        views.voucher_approve,
        name="voucher_approve",
    ),
    path(
        "m/<slug:slug>/vouchers/<int:request_id>/reject/",
        views.voucher_reject,
        name="voucher_reject",
    ),
    path(
        "m/<slug:slug>/vouchers/<int:request_id>/issue/", views.voucher_issue, name="voucher_issue"
    ),
    path("m/<slug:slug>/resident/", views.resident_ledger, name="resident_ledger"),
    path("m/<slug:slug>/award/", views.award, name="award"),
    path("m/<slug:slug>/correct/", views.correct, name="correct"),
    path("m/<slug:slug>/table/new/", views.table_new, name="table_new"),
]
