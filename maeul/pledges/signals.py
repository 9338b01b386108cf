"""Keep ``Pledge.updated_at`` the time anything shown about a pledge last changed.

The dashboard's summary (roll-ups by goal and field, charts, status counts) is cached under
``selectors.dashboard_fingerprint``: the number of pledges and their latest ``updated_at``.
The services already save the pledge when they change its sheet; these receivers touch it
for every other save or delete of what the figures are computed from (an indicator, a
funding line, an execution: the Django admin, a script, a test) and for a goal's or field's
rename, whose names the summary shows. A touch is one ``UPDATE`` of ``updated_at``.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from maeul.pledges.models import Execution, FundingPlan, Indicator, Pledge, PledgeField, PledgeGoal


def _touch_pledge(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    Pledge.objects.filter(pk=instance.pledge_id).update(updated_at=timezone.now())


def _touch_field(sender: Any, instance: PledgeField, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    Pledge.objects.filter(field_id=instance.pk).update(updated_at=timezone.now())


def _touch_goal(sender: Any, instance: PledgeGoal, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    Pledge.objects.filter(field__goal_id=instance.pk).update(updated_at=timezone.now())


def connect() -> None:
    for model in (Indicator, FundingPlan, Execution):
        post_save.connect(_touch_pledge, sender=model, dispatch_uid=f"pledges-touch-{model}")
        post_delete.connect(_touch_pledge, sender=model, dispatch_uid=f"pledges-untouch-{model}")
    post_save.connect(_touch_field, sender=PledgeField, dispatch_uid="pledges-touch-field")
    post_save.connect(_touch_goal, sender=PledgeGoal, dispatch_uid="pledges-touch-goal")
