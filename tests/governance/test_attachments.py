"""Session attachments go through the platform's one upload check (``maeul.core.uploads``):
the type and size refusals keep the messages officials know, and the content must match the
extension, so a renamed program is never stored as minutes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from maeul.core.errors import ServiceError
from maeul.governance import services
from maeul.governance.models import DeliberationSession
from tests.governance.helpers import row, sheet

HWP_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24


@pytest.fixture
def recorded(places: dict[str, Any], make_official: Any) -> tuple[DeliberationSession, Any]:
    manager = make_official(places["geumcheon"], "programme_manager")
    services.sessions_import(actor=manager, scope=places["geumcheon"], content=sheet(row()))
    return DeliberationSession.objects.get(), manager


def _refusal(session: DeliberationSession, manager: Any, upload: SimpleUploadedFile) -> str:
    with translation.override("en"), pytest.raises(ServiceError) as caught:
        services.attachment_add(actor=manager, session=session, upload=upload)
    assert caught.value.field == "file"
    assert not session.attachments.exists()
    return caught.value.message


def test_type_and_size_keep_their_messages(recorded: tuple[DeliberationSession, Any]) -> None:
    session, manager = recorded
    wrong = _refusal(session, manager, SimpleUploadedFile("run.exe", b"MZ"))
    assert wrong == (
        "Files of type .exe cannot be attached; allowed: "
        ".docx, .hwp, .hwpx, .jpeg, .jpg, .pdf, .png, .pptx, .xlsx."
    )
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * services.ATTACHMENT_MAX_BYTES)
    assert _refusal(session, manager, big) == "The file is larger than 10 MB."


def test_content_must_match_the_extension(recorded: tuple[DeliberationSession, Any]) -> None:
    session, manager = recorded
    renamed = _refusal(session, manager, SimpleUploadedFile("회의록.pdf", b"MZ\x90\x00"))
    assert "is not PDF" in renamed and "회의록.pdf" in renamed
    empty = _refusal(session, manager, SimpleUploadedFile("회의록.hwp", b""))
    assert "empty" in empty


def test_a_genuine_file_is_stored_under_a_safe_name(
    recorded: tuple[DeliberationSession, Any],
) -> None:
    session, manager = recorded
    upload = SimpleUploadedFile("C:\\문서\\1분기 회의록.hwp", HWP_HEAD)
    attachment = services.attachment_add(actor=manager, session=session, upload=upload)
    assert attachment.original_name == "1분기 회의록.hwp"
    assert attachment.size == len(HWP_HEAD)
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".hwp") and "\\" not in stored and ":" not in stored
