"""What the points programme tells residents (issue 15): points awarded, vouchers issued,
points expired. Each notice goes to the one resident concerned and names the ledger row or
the expiry run it is about, so a retried award or a second expiry run on the same day tells
nobody twice."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maeul.notifications.kinds import Audience, Frequency, NoticeKind, register
from maeul.notifications.services import notify
from maeul.places.models import Municipality
from maeul.points.models import PointsTransaction, VoucherRequest

AWARDED = register(
    NoticeKind(
        code="points.awarded",
        audience=Audience.RESIDENT,
        label=_("I earned participation points"),
        subject=_("You earned %(points)s participation points"),
        body=_("Your statement shows the balance and how long the points stay valid."),
        # Points arrive with every ballot and meeting: a daily e-mail is enough by default.
        default_frequency=Frequency.DAILY,
    )
)
VOUCHER_ISSUED = register(
    NoticeKind(
        code="points.voucher_issued",
        audience=Audience.RESIDENT,
        label=_("My vouchers were issued"),
        subject=_("Your %(units)s vouchers were issued"),
        body=_("They were handed to %(handed_to)s and are valid until %(valid_until)s."),
    )
)
EXPIRED = register(
    NoticeKind(
        code="points.expired",
        audience=Audience.RESIDENT,
        label=_("Some of my points expired"),
        subject=_("%(points)s of your points expired"),
        body=_(
            "Points earned before %(cutoff)s and not used expire under the municipality's rules."
        ),
    )
)


def _statement() -> str:
    return reverse("points:statement")


def points_awarded(txn: PointsTransaction) -> None:
    """An award was posted to a resident's account."""
    if txn.resident_id is None:
        return
    notify(
        AWARDED.code,
        [txn.resident_id],
        event_key=f"points.transaction:{txn.pk}",
        data={"points": txn.amount},
        url=_statement(),
        municipality_id=txn.municipality_id,
    )


def voucher_issued(request: VoucherRequest, valid_until: dt.date) -> None:
    """A resident's voucher request was issued and handed over."""
    notify(
        VOUCHER_ISSUED.code,
        [request.resident_id],
        event_key=f"points.voucher_request:{request.pk}:issued",
        data={
            "units": request.units,
            "handed_to": request.handed_to,
            "valid_until": valid_until.isoformat(),
        },
        url=_statement(),
        municipality_id=request.municipality_id,
    )


def points_expired(
    municipality: Municipality, expired: Mapping[int, int], cutoff: dt.date, as_of: dt.date
) -> None:
    """An expiry run took points from residents: each hears how many of theirs (residents who
    lost the same number share one batch)."""
    by_amount: dict[int, list[int]] = defaultdict(list)
    for resident_id, amount in expired.items():
        by_amount[amount].append(resident_id)
    for amount, residents in sorted(by_amount.items()):
        notify(
            EXPIRED.code,
            residents,
            event_key=f"points.expired:{municipality.pk}:{as_of.isoformat()}",
            data={"points": amount, "cutoff": cutoff.isoformat()},
            url=_statement(),
            municipality_id=municipality.pk,
        )
