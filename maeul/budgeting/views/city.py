"""Public: a city's citizen participatory budget (시민참여예산) with its districts' shares.

Access: *public*, like the other PB pages. The same address serves the city (its programmes,
each district's share) and a district (what it got from its city's programmes), so Gwangju
Nam-gu's 8 projects / 350 million won of 2021 are found from both."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maeul.budgeting import selectors
from maeul.budgeting.views._common import municipality_or_404


@require_GET
def city_pb(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_or_404(slug)
    found = selectors.city_pb(municipality)
    programmes = [
        {
            "programme": p,
            "shares": list(p.shares.all()),
            "projects": sum(s.projects for s in p.shares.all()),
            "amount": sum(s.amount_won for s in p.shares.all()),
        }
        for p in found.programmes
    ]
    return render(
        request,
        "budgeting/city_pb.html",
        {
            "municipality": municipality,
            "programmes": programmes,
            "shares": found.shares,
            "city": municipality.parent if found.shares else None,
        },
    )
