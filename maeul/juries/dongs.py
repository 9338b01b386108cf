"""The neighbourhoods (동) a jury's volunteers can live in.

Some municipalities record their dongs in Maeul (Geumcheon-gu, Nam-gu); others do not, or not
yet (Seongnam-si in the demo). Where none are recorded a volunteer has no dong, the jury has no
district groups and the quotas count gender and age only; as soon as dongs are recorded, the
intake asks for one again. Both the forms and the services ask this module, so they agree.
"""

from __future__ import annotations

from django.db.models import QuerySet

from maeul.places.models import Municipality

DONG_LEVEL = 3


def dongs_of(municipality: Municipality) -> QuerySet[Municipality]:
    return municipality.subtree().filter(level=DONG_LEVEL).order_by("sort_order", "name")


def records_dongs(municipality: Municipality) -> bool:
    return dongs_of(municipality).exists()
