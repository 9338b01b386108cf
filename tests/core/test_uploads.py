"""The one upload check: a file is accepted only when its extension is allowed, its size is
within the caller's limit and its first bytes are those of the type its name claims; the name
stored is safe on any file system and keeps Korean letters."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from maeul.core.errors import ServiceError
from maeul.core.uploads import (
    CSV,
    DOCUMENTS,
    HWP,
    HWPX,
    JPEG,
    MB,
    PDF,
    PNG,
    XLSX,
    UploadRejected,
    check_upload,
    extension_of,
    safe_name,
)


def zipped(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<x/>")
    return buffer.getvalue()


GENUINE = {
    "보고서.pdf": b"%PDF-1.7\n...",
    "사진.PNG": b"\x89PNG\r\n\x1a\n" + b"\0" * 20,
    "사진.jpeg": b"\xff\xd8\xff\xe0" + b"\0" * 20,
    "회의록.hwp": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20,
    "회의록.hwpx": zipped("mimetype", "Contents/content.hpf"),
    "집계.xlsx": zipped("[Content_Types].xml", "xl/workbook.xml"),
    "안내.docx": zipped("word/document.xml"),
    "발표.pptx": zipped("ppt/presentation.xml"),
}


@pytest.mark.parametrize("name", sorted(GENUINE))
def test_genuine_files_are_accepted_and_left_at_their_start(name: str) -> None:
    upload = SimpleUploadedFile(name, GENUINE[name])
    checked = check_upload(upload, types=(*DOCUMENTS, JPEG, PNG), max_bytes=MB)
    assert checked.size == len(GENUINE[name])
    assert checked.name == name[: name.rindex(".")] + extension_of(name)
    assert checked.original_name == name
    assert upload.tell() == 0 and upload.read() == GENUINE[name]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted; accepted: PDF, PNG"),
        ("no-extension", b"%PDF-1.4", "not accepted"),
        (".pdf", b"%PDF-1.4", "not accepted"),
        ("renamed.pdf", b"MZ\x90\x00 an executable", "not PDF, although its name ends in .pdf"),
        ("text.png", b"hello", "not PNG"),
        ("archive.xlsx", zipped("hello.txt"), "not XLSX"),
        ("word.xlsx", zipped("word/document.xml"), "not XLSX"),
        ("broken.xlsx", b"PK\x03\x04 and then nothing", "not XLSX"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refusals_name_the_file_and_say_why(name: str, content: bytes, words: str) -> None:
    upload = SimpleUploadedFile(name, content)
    with override("en"), pytest.raises(UploadRejected) as caught:
        check_upload(upload, types=(PDF, PNG, XLSX), max_bytes=MB, field="evidence")
    assert isinstance(caught.value, ServiceError)
    assert caught.value.field == "evidence"
    assert caught.value.message.startswith(f"{name}:")
    assert words in caught.value.message
    assert upload.tell() == 0


def test_the_size_limit_is_the_callers() -> None:
    content = b"%PDF-" + b"0" * (2 * MB)
    with override("en"), pytest.raises(UploadRejected) as caught:
        check_upload(SimpleUploadedFile("big.pdf", content), types=(PDF,), max_bytes=2 * MB)
    assert caught.value.message == "big.pdf: the file is larger than 2 MB."
    checked = check_upload(SimpleUploadedFile("big.pdf", content), types=(PDF,), max_bytes=3 * MB)
    assert checked.content_type == "application/pdf"


def test_a_plain_binary_file_object_is_checked_too() -> None:
    handle = io.BytesIO(b"\xff\xd8\xff\xdb" + b"\0" * 10)
    handle.name = "C:\\Users\\김\\사진.JPG"  # type: ignore[attr-defined]  # as old browsers send
    checked = check_upload(handle, types=(JPEG,), max_bytes=MB)
    assert (checked.name, checked.size, checked.type) == ("사진.jpg", 14, JPEG)


def test_csv_must_be_text() -> None:
    checked = check_upload(
        SimpleUploadedFile("a.csv", "이름\n".encode()), types=(CSV,), max_bytes=MB
    )
    assert checked.content_type == "text/csv"
    with pytest.raises(UploadRejected):
        check_upload(SimpleUploadedFile("a.csv", zipped("xl/a.xml")), types=(CSV,), max_bytes=MB)


def test_messages_in_korean_by_default() -> None:
    with pytest.raises(UploadRejected) as caught:
        check_upload(SimpleUploadedFile("a.exe", b"MZ"), types=(HWP, HWPX), max_bytes=MB)
    assert caught.value.message.startswith("a.exe:") and "HWP, HWPX" in caught.value.message
    assert "허용" in caught.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\회의록.PDF", "회의록.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ('a<b>c:"d|e?*f.pdf', "a_b_c__d_e__f.pdf"),
        ("  여러   칸\t이름 .pdf", "여러 칸 이름.pdf"),
        ("con.pdf", "file.pdf"),
        ("zero\u200bwidth\x07.pdf", "zerowidth.pdf"),
        ("가" * 300 + ".pdf", "가" * 116 + ".pdf"),
        (unicodedata.normalize("NFD", "회의록.pdf"), "회의록.pdf"),
    ],
)
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name) == expected
    assert unicodedata.is_normalized("NFC", safe_name(name))


def test_extension_of() -> None:
    assert extension_of("보고서.최종.PDF") == ".pdf"
    assert extension_of(".bashrc") == ""
    assert extension_of("noext") == ""
    assert extension_of("dir.d/noext") == ""
