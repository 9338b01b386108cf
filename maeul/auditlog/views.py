"""The audit log as auditors and administrators read it, within their municipality's
subtree (see ``selectors`` for the scope rule): a filtered list, one entry laid out, the
filtered view as CSV/XLSX, and "verify the chain" with its result and the head hash. The
chain's head alone (``/audit/head``) is public, so anyone can later check that nothing was
removed."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.auditlog import selectors
from maeul.auditlog.forms import AuditFilterForm
from maeul.auditlog.kinds import kind_label
from maeul.auditlog.services import audit_head, audit_verify
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table

PER_PAGE = 50
HASH_PATTERN = re.compile(r"[0-9a-f]{64}")
FILTER_FIELDS = ("date_from", "date_to", "kind", "actor", "municipality", "subject")


@require_GET
def head(request: HttpRequest) -> HttpResponse:
    seq, entry_hash = audit_head()
    return JsonResponse({"seq": seq, "hash": entry_hash})


def _filter(request: HttpRequest, reader: selectors.Reader) -> tuple[AuditFilterForm, str]:
    """The bound filter form and the query string that repeats it (for pages and export)."""
    params = {k: request.GET[k] for k in FILTER_FIELDS if request.GET.get(k, "").strip()}
    form = AuditFilterForm(params or None, municipalities=selectors.municipality_choices(reader))
    return form, urlencode(params)


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    reader = selectors.reader_for(request.user)
    form, query = _filter(request, reader)
    if form.is_bound and not form.is_valid():
        page = None
        total = 0
    else:
        entries = selectors.filtered(reader, form.cleaned_data if form.is_bound else {})
        paginator = Paginator(entries, PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        total = paginator.count
    names = selectors.municipality_names()
    rows = [
        {
            "entry": e,
            "label": kind_label(e.kind),
            "municipality": names.get(e.municipality_code, e.municipality_code),
            "subject": selectors.subject_label(e.subject),
        }
        for e in (page.object_list if page else [])
    ]
    seq, entry_hash = audit_head()
    return render(
        request,
        "auditlog/log.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "rows": rows,
            "total": total,
            "head_seq": seq,
            "head_hash": entry_hash,
            "scope": reader.scope,
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered view (every page of it) as CSV or XLSX, through the shared writers."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(fmt)
    reader = selectors.reader_for(request.user)
    form, _query = _filter(request, reader)
    if form.is_bound and not form.is_valid():
        return log(request)
    entries = selectors.filtered(reader, form.cleaned_data if form.is_bound else {})
    data = render_table(
        fmt, "audit-log", selectors.EXPORT_COLUMNS, selectors.export_rows(entries), bom=True
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    scope = reader.scope.code if reader.scope else "all"
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{scope}-{stamp}.{fmt}"'
    return response


@login_required
@require_GET
def entry(request: HttpRequest, seq: int) -> HttpResponse:
    reader = selectors.reader_for(request.user)
    item = selectors.entry_for(reader, seq)
    names = selectors.municipality_names()
    return render(
        request,
        "auditlog/entry.html",
        {
            "entry": item,
            "label": kind_label(item.kind),
            "municipality": names.get(item.municipality_code, ""),
            "subject": selectors.subject_label(item.subject),
            "fields": selectors.data_fields(selectors.entry_data(item)),
            "hash_ok": selectors.entry_hash_matches(item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Recompute every hash and link of the whole chain (all municipalities: the chain is
    one). The result names only the first entry's number and the problem, never the
    content of an entry outside the reader's scope. POST, so that no crawler or prefetch
    starts a walk of the whole chain."""
    selectors.reader_for(request.user)
    report = None
    error = ""
    expected = ""
    if request.method == "POST":
        expected = request.POST.get("expect_head", "").strip().lower()
        if expected and not HASH_PATTERN.fullmatch(expected):
            error = _("A head hash is 64 characters 0-9 and a-f, as shown on this page.")
        else:
            report = audit_verify(expected_head=expected or None)
    seq, entry_hash = audit_head()
    return render(
        request,
        "auditlog/verify.html",
        {
            "report": report,
            "error": error,
            "head_seq": seq,
            "head_hash": entry_hash,
            "expected": expected,
        },
    )
