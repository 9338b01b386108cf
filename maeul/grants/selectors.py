"""Reads of the grants app for pages and the API: what a person may see, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from maeul.grants.models import (
    Application,
    ApplicationState,
    CallState,
    ConflictOfInterest,
    Contest,
    ContestState,
    GrantCall,
    Organisation,
    Reviewer,
)
from maeul.places.models import Municipality

PUBLIC_CALLS = (CallState.OPEN, CallState.REVIEW, CallState.ANNOUNCED)


def public_calls(municipality: Municipality) -> QuerySet[GrantCall]:
    """Calls of the municipality and of the cities above it (Seoul's call reaches its
    districts' residents too), drafts excluded."""
    return calls_of_places([municipality.pk, *(m.pk for m in municipality.ancestors())])


def calls_of_places(places: Sequence[int]) -> QuerySet[GrantCall]:
    """``public_calls`` by the ids of the place and the cities above it (the home page's
    card plans this query for each number of places)."""
    return (
        GrantCall.objects.filter(municipality_id__in=places, state__in=PUBLIC_CALLS)
        .select_related("municipality", "district")
        .order_by("-opens_at", "-pk")
    )


def public_contests(municipality: Municipality) -> QuerySet[Contest]:
    return Contest.objects.filter(municipality=municipality).exclude(state=ContestState.DRAFT)


def organisations_of(user: Any) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user).select_related("municipality")


def applications_of(user: Any) -> QuerySet[Application]:
    """Applications of the organisations the user acts for, and those that list them as a
    consortium member (to confirm)."""
    orgs = organisations_of(user).values("pk")
    lead = Application.objects.filter(organisation__in=orgs)
    member = Application.objects.filter(consortium__organisation__in=orgs)
    return (
        (lead | member)
        .distinct()
        .select_related("call", "organisation")
        .order_by("-created_at", "-pk")
    )


def review_queue(user: Any) -> list[tuple[Reviewer, list[Application]]]:
    """Per call the user reviews, the submitted applications without a declared conflict."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = []
    for reviewer in Reviewer.objects.filter(user=user).select_related("call"):
        conflicted = ConflictOfInterest.objects.filter(reviewer=reviewer).values("application_id")
        rows = (
            reviewer.call.applications.filter(state=ApplicationState.SUBMITTED)
            .exclude(pk__in=conflicted)
            .select_related("organisation")
            .order_by("pk")
        )
        out.append((reviewer, list(rows)))
    return out


def result_rows(call: GrantCall) -> QuerySet[Application]:
    """The ranking of an announced call (public: the grantees and the scores)."""
    return (
        call.applications.filter(state=ApplicationState.SUBMITTED, rank__isnull=False)
        .select_related("organisation")
        .order_by("rank")
    )


def past_grades(application: Application) -> QuerySet[Application]:
    """The applicant's grades from earlier calls (the next call's reviewers and officials see
    how its earlier grants went): graded applications of the same lead organisation."""
    return (
        Application.objects.filter(organisation_id=application.organisation_id)
        .exclude(grade="")
        .exclude(call_id=application.call_id)
        .select_related("call__municipality")
        .order_by("-call__closes_at", "-pk")
    )


def call_applications(call: GrantCall, district: Municipality | None) -> QuerySet[Application]:
    """A call's applications past the draft, for its officials; a district official of a
    city-wide call by district gets only those of their district."""
    rows = call.applications.exclude(state=ApplicationState.DRAFT)
    if district is not None:
        rows = rows.filter(district__in=district.subtree())
    return rows.select_related("organisation", "district").order_by("rank", "pk")
