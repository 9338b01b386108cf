"""People: one account per person; a resident profile and, for staff, an official record.

A verified identity (본인인증) is stored only as a keyed hash of the identity number, under a
unique constraint, so one real person can hold at most one verified account (RELIABILITY P11).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person's login. Names are kept in one field: Korean names are not first/last."""

    name = models.CharField(_("name"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def official_or_none(self) -> Official | None:
        try:
            return self.official
        except Official.DoesNotExist:
            return None

    @property
    def resident_or_none(self) -> ResidentProfile | None:
        try:
            return self.resident
        except ResidentProfile.DoesNotExist:
            return None


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other or prefer not to say")


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    VERIFIED = "verified", _("Verified")


class ResidentProfile(models.Model):
    """What programmes need to know about a resident: age, gender and where they live."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="resident")
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    district = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("home district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dong = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("neighbourhood (dong)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    verification_status = models.CharField(
        _("verification"),
        max_length=12,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident profile")
        verbose_name_plural = _("resident profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="resident_birth_year_range",
            ),
            models.CheckConstraint(
                condition=Q(verification_status="unverified") | Q(verified_at__isnull=False),
                name="resident_verified_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    def age_in(self, year: int) -> int:
        """Age reached in ``year`` (Korean programmes count by birth year, 연 나이)."""
        return year - self.birth_year


class VerifiedIdentity(models.Model):
    """A keyed hash of a verified identity number; the number itself is never stored."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="verified_identity")
    identity_hash = models.CharField(max_length=64)
    key_version = models.PositiveSmallIntegerField(default=1)
    adapter = models.CharField(max_length=30)
    verified_at = models.DateTimeField()

    class Meta:
        verbose_name = _("verified identity")
        verbose_name_plural = _("verified identities")
        constraints = [
            models.UniqueConstraint(fields=["identity_hash"], name="one_account_per_identity")
        ]


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    REVIEWER = "reviewer", _("Reviewer")
    AUDITOR = "auditor", _("Auditor")


class Official(models.Model):
    """Staff of one municipality. Their scope is that municipality and everything below it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="official")
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="officials",
    )
    department = models.CharField(_("department"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"

    def role_set(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached


class OfficialRole(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("official role")
        verbose_name_plural = _("official roles")
        constraints = [
            models.UniqueConstraint(fields=["official", "role"], name="official_role_unique")
        ]

    def __str__(self) -> str:
        return self.get_role_display()
