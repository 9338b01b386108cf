"""The audit log as officials (auditors, administrators) read it, scoped to their municipality,
and the chain's head, which anyone may read to check later that nothing was removed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maeul.accounts.permissions import has_permission, official_of
from maeul.auditlog.models import AuditEntry
from maeul.auditlog.services import audit_head


@require_GET
def head(request: HttpRequest) -> HttpResponse:
    seq, entry_hash = audit_head()
    return JsonResponse({"seq": seq, "hash": entry_hash})


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    official = official_of(request.user)
    scope = official.municipality if official else None
    if not (request.user.is_superuser or has_permission(request.user, "audit.view_log", scope)):
        raise PermissionDenied(_("The audit log is for auditors and administrators."))
    entries = AuditEntry.objects.order_by("-seq")
    if scope is not None and not request.user.is_superuser:
        codes = [m.code for m in scope.subtree()]
        entries = entries.filter(municipality_code__in=codes)
    kind = request.GET.get("kind", "").strip()
    if kind:
        entries = entries.filter(kind__startswith=kind)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    seq, entry_hash = audit_head()
    return render(
        request,
        "auditlog/log.html",
        {
            "page": page,
            "kind": kind,
            "head_seq": seq,
            "head_hash": entry_hash,
            "scope": scope,
        },
    )
