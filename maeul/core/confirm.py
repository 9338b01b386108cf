"""One confirmation step for every irreversible action an official takes.

Advancing a phase, publishing a result, drawing a lottery, issuing vouchers or closing a vote
cannot be undone, so the first POST of such an action answers a page that says in plain words
what will happen, and only a second POST carrying ``confirmed=1`` (sent by that page's button,
with the same fields as the first) performs it. Views call :func:`confirmation_page` at the
top of their POST branch and return its answer when it gives one::

    if (page := confirmation_page(request, title=..., consequences=[...])) is not None:
        return page
    service_call(...)

Works without JavaScript; the page repeats every posted field (never files) as hidden inputs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    consequences: Iterable[str],
    action_label: str,
    cancel_url: str = "",
    danger: bool = True,
) -> HttpResponse | None:
    """The confirmation page for this POST, or None once the person has confirmed it."""
    if is_confirmed(request):
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "consequences": list(consequences),
            "action_label": action_label,
            "cancel_url": cancel_url or request.get_full_path(),
            "fields": fields,
            "danger": danger,
        },
    )
