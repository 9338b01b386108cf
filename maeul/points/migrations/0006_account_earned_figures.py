"""Store the points card's figures on the ledger's accounts (issue 23).

The municipality home's card said "N residents have earned P points" by counting every earn
transaction of the municipality on every view. ``PointsAccount.earned`` (a resident's lifetime
awards; on the pool, every resident's) and the pool's ``earners`` (residents with any award)
now keep them, moved by every award in its own transaction. This migration fills them from the
transactions with the card's own definition (earn transactions only: COUNT(DISTINCT resident),
SUM(amount) per municipality), one ``UPDATE`` per kind of account whatever the ledger's size.
Going back drops the columns, so the reverse of the fill has nothing to do.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce


def fill(apps: Any, schema_editor: Any) -> None:
    PointsAccount = apps.get_model("points", "PointsAccount")
    PointsTransaction = apps.get_model("points", "PointsTransaction")
    earns = PointsTransaction.objects.filter(
        municipality=OuterRef("municipality"), kind="earn"
    ).order_by()

    def figure(queryset: Any, **aggregate: Any) -> Any:
        (name,) = aggregate
        return Coalesce(
            Subquery(queryset.values("municipality").annotate(**aggregate).values(name)[:1]),
            Value(0),
        )

    PointsAccount.objects.filter(kind="resident").update(
        earned=figure(earns.filter(resident=OuterRef("resident")), total=Sum("amount"))
    )
    PointsAccount.objects.filter(kind="pool").update(
        earned=figure(earns, total=Sum("amount")),
        earners=figure(earns, residents=Count("resident", distinct=True)),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0005_activity_outreach"),
    ]

    operations = [
        migrations.AddField(
            model_name="pointsaccount",
            name="earned",
            field=models.PositiveBigIntegerField(default=0, verbose_name="points earned"),
        ),
        migrations.AddField(
            model_name="pointsaccount",
            name="earners",
            field=models.PositiveIntegerField(default=0, verbose_name="residents who earned"),
        ),
        migrations.AddConstraint(
            model_name="pointsaccount",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "pool"), ("earners", 0), _connector="OR"),
                name="points_earners_on_pool_only",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
