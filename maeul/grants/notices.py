"""What grant calls tell the people acting for an applicant organisation and the reviewers:
application received, screening result, selection result, settlement approved or returned,
grade published; a reviewer put on a panel.

Recipients are the accounts acting for the lead organisation (``OrganisationMember``): they
applied and they run the grant. Each notice's ``event_key`` names the application (or the
panel seat) and the step, so a service run twice tells nobody twice; ``notify`` sends after
the commit, so a refused or rolled-back action tells nobody.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.grants.models import Application, OrganisationMember, Reviewer
from maeul.notifications.kinds import Audience, NoticeKind, register
from maeul.notifications.services import notify

RECEIVED = register(
    NoticeKind(
        code="grants.application_received",
        audience=Audience.RESIDENT,
        label=_("Our grant application was received"),
        subject=_("Your application '%(title)s' to %(call)s was received"),
        body=_("The call's officials will screen it against the call's rules after the deadline."),
    )
)
ELIGIBLE = register(
    NoticeKind(
        code="grants.screened_eligible",
        audience=Audience.RESIDENT,
        label=_("Our grant application passed the screening"),
        subject=_("'%(title)s' meets every rule of %(call)s"),
        body=_("The review panel and the city's officials now score it."),
    )
)
INELIGIBLE = register(
    NoticeKind(
        code="grants.screened_ineligible",
        audience=Audience.RESIDENT,
        label=_("Our grant application did not pass the screening"),
        subject=_("'%(title)s' does not meet the rules of %(call)s"),
        body=_("The application page gives every reason."),
    )
)
SELECTED = register(
    NoticeKind(
        code="grants.selected",
        audience=Audience.RESIDENT,
        label=_("Our grant application was selected"),
        subject=_("'%(title)s' was selected in %(call)s"),
        body=_("The officials will prepare the grant agreement with you."),
    )
)
NOT_SELECTED = register(
    NoticeKind(
        code="grants.not_selected",
        audience=Audience.RESIDENT,
        label=_("Our grant application was not selected"),
        subject=_("'%(title)s' was not selected in %(call)s"),
        body=_("The call's page shows the ranking with every score and the tie rule."),
    )
)
SETTLEMENT_APPROVED = register(
    NoticeKind(
        code="grants.settlement_approved",
        audience=Audience.RESIDENT,
        label=_("Our grant settlement was approved"),
        subject=_("The settlement of '%(title)s' was approved"),
        body=_("Thank you; the end-of-year evaluation follows."),
    )
)
SETTLEMENT_RETURNED = register(
    NoticeKind(
        code="grants.settlement_returned",
        audience=Audience.RESIDENT,
        label=_("Our grant settlement was returned for corrections"),
        subject=_("The settlement of '%(title)s' was returned for corrections"),
        body=_("The official's note: %(note)s"),
    )
)
GRADED = register(
    NoticeKind(
        code="grants.grade_published",
        audience=Audience.RESIDENT,
        label=_("The end-of-year grade of our grant"),
        subject=_("End-of-year evaluation of '%(title)s': grade %(grade)s"),
        body=_("The grade stays with your organisation and is seen by the next call's reviewers."),
    )
)
REVIEWER_ASSIGNED = register(
    NoticeKind(
        code="grants.reviewer_assigned",
        audience=Audience.RESIDENT,
        label=_("I was put on a grant review panel"),
        subject=_("You are a reviewer of the grant call %(call)s"),
        body=_(
            "Your review page lists the applications; declare a conflict of interest on any "
            "you cannot judge fairly."
        ),
    )
)


def _people(application: Application) -> list[int]:
    return list(
        OrganisationMember.objects.filter(organisation_id=application.organisation_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _tell(kind: NoticeKind, application: Application, step: str, **data: Any) -> None:
    notify(
        kind.code,
        _people(application),
        event_key=f"grants.application:{application.pk}:{step}",
        data={"title": application.title, "call": application.call.title, **data},
        url=reverse("grants:application", args=[application.pk]),
        municipality_id=application.call.municipality_id,
    )


def application_received(application: Application) -> None:
    """An application is submitted once (a withdrawn one is final; applying again is a new
    application), so the application names the event."""
    _tell(RECEIVED, application, "received")


def screened(application: Application) -> None:
    """Closing the call screened the submitted application: eligible or not."""
    _tell(ELIGIBLE if application.eligible else INELIGIBLE, application, "screened")


def selection_result(application: Application) -> None:
    _tell(SELECTED if application.selected else NOT_SELECTED, application, "selection")


def settlement_decided(application: Application, *, approved: bool, note: str, round_: int) -> None:
    """A settlement may be returned and submitted again: each decision is its own event."""
    if approved:
        _tell(SETTLEMENT_APPROVED, application, f"settlement:{round_}:approved")
    else:
        _tell(SETTLEMENT_RETURNED, application, f"settlement:{round_}:returned", note=note)


def grade_published(application: Application) -> None:
    _tell(GRADED, application, f"graded:{application.grade}", grade=application.grade)


def reviewer_assigned(reviewer: Reviewer) -> None:
    notify(
        REVIEWER_ASSIGNED.code,
        [reviewer.user_id],
        event_key=f"grants.reviewer:{reviewer.pk}:assigned",
        data={"call": reviewer.call.title},
        url=reverse("grants:mine"),
        municipality_id=reviewer.call.municipality_id,
    )
