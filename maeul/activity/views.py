"""Pages of 내 활동 (my activity), under /me/.

Access: every page is for a logged-in user and shows only that user's own records (the
queries filter on ``request.user``; there is no id in any address to probe). Anonymous
visitors are sent to the login page. Reads only: each action (withdraw a draft, request
vouchers, check a receipt) stays on its programme's own page, linked from here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maeul.activity import selectors
from maeul.core.paging import page_of, query_without

ACCESS = {
    "index": "logged-in (own records)",
    "proposals": "logged-in (own records)",
    "ballots": "logged-in (own records)",
    "points": "logged-in (own records)",
    "juries": "logged-in (own records)",
}


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activity/index.html",
        {"overview": selectors.overview(request.user), "tab": "index"},
    )


@login_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.proposals_of(request.user), per_page=10)
    return render(
        request,
        "activity/proposals.html",
        {"page": page, "query": query_without(request), "tab": "proposals"},
    )


@login_required
@require_GET
def ballots(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.participations_of(request.user))
    return render(
        request,
        "activity/ballots.html",
        {
            "page": page,
            "rows": selectors.my_ballots(page.object_list),
            "query": query_without(request),
            "tab": "ballots",
        },
    )


@login_required
@require_GET
def points(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.entries_of(request.user))
    return render(
        request,
        "activity/points.html",
        {
            "page": page,
            "balances": selectors.accounts_of(request.user),
            "query": query_without(request),
            "tab": "points",
        },
    )


@login_required
@require_GET
def juries(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.volunteering_of(request.user))
    return render(
        request,
        "activity/juries.html",
        {"page": page, "query": query_without(request), "tab": "juries"},
    )
