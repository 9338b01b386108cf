"""Publishing a data book or brief: build the PDF, keep it with its SHA-256 and the audit
head, and write the audit log."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from maeul.auditlog.services import audit_record
from maeul.places.models import Municipality
from maeul.publishing.models import Publication, PublicationKind
from maeul.publishing.pdf import Built, Progress, _quiet, audit_head, build_brief, build_databook


def storage() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "publications"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep(
    kind: str, municipality: Municipality, period: str, built: Built, head: Any, actor: Any
) -> Publication:
    digest = hashlib.sha256(built.data).hexdigest()
    for _attempt in range(5):
        version = (
            Publication.objects.filter(kind=kind, municipality=municipality, period=period).count()
            + 1
        )
        name = f"{kind}-{municipality.code}-{period}-v{version}.pdf"
        try:
            with transaction.atomic():
                publication = Publication.objects.create(
                    kind=kind,
                    municipality=municipality,
                    period=period,
                    version=version,
                    file_name=name,
                    sha256=digest,
                    size=len(built.data),
                    pages=built.pages,
                    audit_seq=head.seq,
                    audit_hash=head.hash,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
                (storage() / name).write_bytes(built.data)
                audit_record(
                    kind="publishing.published",
                    actor=actor,
                    subject=publication,
                    municipality=municipality,
                    data={
                        "publication_kind": kind,
                        "period": period,
                        "version": version,
                        "sha256": digest,
                        "pages": built.pages,
                        "audit_seq": head.seq,
                        "audit_hash": head.hash,
                    },
                )
            return publication
        except IntegrityError:
            continue  # another publication took this version number: take the next
    raise RuntimeError("could not number the publication")


def publish_databook(
    municipality: Municipality, year: int, *, actor: Any = None, progress: Progress = _quiet
) -> tuple[Publication, Built]:
    head = audit_head()
    built = build_databook(municipality, year, progress)
    return _keep(PublicationKind.DATABOOK, municipality, str(year), built, head, actor), built


def publish_brief(
    municipality: Municipality,
    year: int,
    quarter: int,
    *,
    actor: Any = None,
    progress: Progress = _quiet,
) -> tuple[Publication, Built]:
    head = audit_head()
    built = build_brief(municipality, year, quarter, progress)
    period = f"{year}-Q{quarter}"
    return _keep(PublicationKind.BRIEF, municipality, period, built, head, actor), built
