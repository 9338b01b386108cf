"""The municipality tree.

Korea's local government has two tiers — a metropolitan city or province (광역자치단체) over
cities, counties and autonomous districts (기초자치단체) — and below them administrative dongs
(행정동), which are not governments but are where residents live, vote and meet. Programmes
belong to a municipality; officials are scoped to one and everything below it.

``path`` is a materialised path of ids ("/1/7/") so that "this municipality and everything
below it" is one indexed ``startswith`` query at any depth.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class MunicipalityKind(models.TextChoices):
    SPECIAL_CITY = "special_city", _("Special city")  # 특별시
    METROPOLITAN_CITY = "metropolitan_city", _("Metropolitan city")  # 광역시
    PROVINCE = "province", _("Province")  # 도
    CITY = "city", _("City")  # 시
    COUNTY = "county", _("County")  # 군
    DISTRICT = "district", _("District")  # 구
    DONG = "dong", _("Neighbourhood (dong)")  # 동·읍·면


LEVEL_OF_KIND = {
    MunicipalityKind.SPECIAL_CITY: 1,
    MunicipalityKind.METROPOLITAN_CITY: 1,
    MunicipalityKind.PROVINCE: 1,
    MunicipalityKind.CITY: 2,
    MunicipalityKind.COUNTY: 2,
    MunicipalityKind.DISTRICT: 2,
    MunicipalityKind.DONG: 3,
}


class Municipality(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    admin_code = models.CharField(
        _("administrative code"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=_("National administrative standard code (행정표준코드), where known."),
    )
    name = models.CharField(_("name (Korean)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    description = BoundedTextField(
        _("description (Korean)"), blank=True, max_length=textlimits.TEXT
    )
    description_en = BoundedTextField(
        _("description (English)"), blank=True, max_length=textlimits.TEXT
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["level", "sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=3), name="municipality_level_range"
            ),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="municipality_parent_by_level",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (Korean unless the visitor chose English)."""
        if (get_language() or "ko").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_description(self) -> str:
        if (get_language() or "ko").startswith("en") and self.description_en:
            return self.description_en
        return self.description

    @property
    def full_name(self) -> str:
        """ "서울특별시 금천구" style: ancestors then self, in the active language."""
        names = [m.display_name for m in self.ancestors()] + [self.display_name]
        return " ".join(names)

    def save(self, *args: object, **kwargs: object) -> None:
        self.level = LEVEL_OF_KIND[MunicipalityKind(self.kind)]
        if self.parent_id is not None and self.parent is not None:
            parent_path = self.parent.path
        else:
            parent_path = "/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        new_path = f"{parent_path}{self.pk}/"
        if new_path != self.path:
            Municipality.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path

    def ancestors(self) -> list[Municipality]:
        """Root first, excluding self. Read once per instance and path: a municipality's home
        page asks each programme's cards, and several of them walk up to the city's rules."""
        cached = getattr(self, "_ancestors_cache", None)
        if cached is not None and cached[0] == self.path:
            return list(cached[1])
        ids = [int(part) for part in self.path.strip("/").split("/") if part][:-1]
        by_id = self._loaded_parents()
        if not all(i in by_id for i in ids):
            by_id = {m.pk: m for m in Municipality.objects.filter(pk__in=ids)}
        found = [by_id[i] for i in ids if i in by_id]
        self._ancestors_cache = (self.path, found)
        return list(found)

    def _loaded_parents(self) -> dict[int, Municipality]:
        """The parents already read with this instance (``select_related("parent")``, or a
        parent's parent), by id: a city's district, loaded with its city, needs no query."""
        found: dict[int, Municipality] = {}
        place: Municipality = self
        while "parent" in place._state.fields_cache:
            parent = place._state.fields_cache["parent"]
            if parent is None:
                break
            found[parent.pk] = parent
            place = parent
        return found

    def subtree(self) -> models.QuerySet[Municipality]:
        """This municipality and everything below it."""
        return Municipality.objects.filter(path__startswith=self.path)

    def is_within(self, other: Municipality) -> bool:
        """True when self is ``other`` or lies below it."""
        return bool(self.path) and self.path.startswith(other.path)

    @property
    def code(self) -> str:
        """The code used on the command line and in URLs: the administrative code if known."""
        return self.admin_code or self.slug
