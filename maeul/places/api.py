"""Public API of places."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.api.paging import Mapped, paginated
from maeul.places.models import Municipality
from maeul.places.selectors import municipality_by_code

router = Router()
PREFIX = "/municipalities"
TAGS = ["places"]


class MunicipalityOut(Schema):
    code: str
    identifier: str
    admin_code: str | None
    name: str
    name_en: str
    kind: str
    level: int
    parent: str | None


def _out(m: Municipality) -> MunicipalityOut:
    return MunicipalityOut(
        code=m.code,
        identifier=m.slug,
        admin_code=m.admin_code,
        name=m.name,
        name_en=m.name_en,
        kind=m.kind,
        level=m.level,
        parent=m.parent.code if m.parent else None,
    )


@router.get("", response=list[MunicipalityOut], auth=None)
@paginated
def list_municipalities(request: HttpRequest, parent: str | None = None) -> Mapped:
    """All municipalities, or the children of ``parent`` (a code), in pages."""
    queryset = Municipality.objects.select_related("parent").order_by("path", "pk")
    if parent:
        try:
            queryset = queryset.filter(parent=municipality_by_code(parent))
        except Municipality.DoesNotExist:
            raise Http404(parent) from None
    return Mapped(queryset, _out)


@router.get("/{code}", response=MunicipalityOut, auth=None)
def get_municipality(request: HttpRequest, code: str) -> MunicipalityOut:
    try:
        return _out(municipality_by_code(code))
    except Municipality.DoesNotExist:
        raise Http404(code) from None
