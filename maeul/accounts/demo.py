"""Demo accounts. Every demo account's password is DEMO_PASSWORD (documented in the README).

``resident.geumcheon`` is verified (``VERIFIED``: the demo adapter's reading of a made-up
number, recorded through the accounts service), so a visitor logging in as that resident can
vote in Geumcheon-gu's PB ballot at once; the other residents are unverified, as a new sign-up
is, and verify on their page with any well-formed number."""

from __future__ import annotations

from typing import Any

from maeul.accounts.identity import DemoAdapter, identity_hash
from maeul.accounts.models import Official, ResidentProfile, Role, User
from maeul.accounts.officials import official_create
from maeul.accounts.services import VerificationOutcome, identity_confirm, resident_register
from maeul.places.models import Municipality

ORDER = 20
DEMO_PASSWORD = "maeul-demo-2026"

OFFICIALS = [
    # username, name, municipality slug, department, roles
    ("admin.seoul", "서울시 관리자", "seoul", "서울협치담당관", [Role.ADMINISTRATOR]),
    ("admin.geumcheon", "금천구 관리자", "seoul-geumcheon-gu", "기획예산과", [Role.ADMINISTRATOR]),
    (
        "manager.geumcheon",
        "금천구 예산팀",
        "seoul-geumcheon-gu",
        "기획예산과 예산팀",
        [Role.PROGRAMME_MANAGER, Role.REVIEWER],
    ),
    ("auditor.geumcheon", "금천구 감사관", "seoul-geumcheon-gu", "감사담당관", [Role.AUDITOR]),
    ("admin.namgu", "남구 관리자", "gwangju-nam-gu", "자치행정과", [Role.ADMINISTRATOR]),
    ("manager.namgu", "남구 담당자", "gwangju-nam-gu", "자치행정과", [Role.PROGRAMME_MANAGER]),
    (
        "admin.seongnam",
        "성남시 관리자",
        "gyeonggi-seongnam-si",
        "마을공동체과",
        [Role.ADMINISTRATOR],
    ),
]

# username: (name, resident registration number) the demo adapter reads as the profile's
# birth year and gender; made up, and unlike the README's example, so a visitor's is free.
VERIFIED = {"resident.geumcheon": ("김금천", "850412-2345678")}

RESIDENTS = [
    # username, name, birth year, gender, district slug, dong slug
    ("resident.geumcheon", "김금천", 1985, "female", "seoul-geumcheon-gu", "geumcheon-gasan-dong"),
    ("resident.namgu", "박남구", 1962, "male", "gwangju-nam-gu", "namgu-yangnim-dong"),
    ("resident.seongnam", "이성남", 1994, "female", "gyeonggi-seongnam-si", None),
]


def load(stdout: Any = None) -> None:
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD, name="운영자")
    for username, name, slug, department, roles in OFFICIALS:
        if Official.objects.filter(user__username=username).exists():
            continue
        official_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            name=name,
            municipality=Municipality.objects.get(slug=slug),
            roles=roles,
            department=department,
        )
    for username, name, year, gender, district, dong in RESIDENTS:
        if ResidentProfile.objects.filter(user__username=username).exists():
            continue
        resident_register(
            username=username,
            password=DEMO_PASSWORD,
            name=name,
            email="",
            birth_year=year,
            gender=gender,
            district=Municipality.objects.get(slug=district),
            dong=Municipality.objects.get(slug=dong) if dong else None,
        )
    for username, (name, number) in VERIFIED.items():
        user = User.objects.get(username=username)
        if not user.resident.is_verified:
            person = DemoAdapter().verify(name=name, identity_number=number)
            outcome = VerificationOutcome(
                adapter=DemoAdapter.key,
                identity_hash=identity_hash(person.identity_number),
                birth_year=person.birth_year,
                gender=person.gender,
            )
            identity_confirm(user=user, outcome=outcome)
    if stdout is not None:
        stdout.write(f"accounts: {User.objects.count()} users")
