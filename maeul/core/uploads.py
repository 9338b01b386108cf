"""One check for every uploaded file: size, type by extension and by content, a safe name.

Pledge evidence, deliberation-session attachments and participatory-budgeting proposal
attachments each accept a few kinds of document. The browser's declared content type is
whatever the person's computer says, and an extension is only a name, so a file is accepted
only when its name has an allowed extension AND its first bytes are those of that type (a
renamed ``.exe`` is not a PDF; an ``.xlsx`` must be a zip holding a workbook). Each caller
passes its own types and limit::

    checked = check_upload(upload, types=(PDF, PNG, JPEG, HWP), max_bytes=10 * MB)
    attachment.file.save(checked.name, upload)

Every refusal is an ``UploadRejected`` (a ``ServiceError`` on the form's field) whose message
names the file, so a person who sent several knows which one to fix.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.exports.writers import CONTENT_TYPES

MB = 1024 * 1024
NAME_LIMIT = 120
"""Characters of a stored file name, extension included (file systems allow 255 bytes)."""

_HEAD_BYTES = 16


@dataclass(frozen=True)
class FileType:
    """A kind of file: its extensions, content type and how its content begins.

    ``signatures``: the file starts with one of these bytes. ``zip_member``: for formats that
    are zip archives (Office Open XML, HWPX), a member every genuine file contains, so a zip of
    anything else is refused. ``text``: no signature; the content must be text (no NUL byte in
    its first 8 KB). A table to import is checked further by ``maeul.core.tabular`` as it is
    read (encoding, header, rows)."""

    label: str
    extensions: tuple[str, ...]
    content_type: str
    signatures: tuple[bytes, ...] = ()
    zip_member: str = ""
    text: bool = False


PDF = FileType("PDF", (".pdf",), "application/pdf", (b"%PDF-",))
PNG = FileType("PNG", (".png",), "image/png", (b"\x89PNG\r\n\x1a\n",))
JPEG = FileType("JPEG", (".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",))
GIF = FileType("GIF", (".gif",), "image/gif", (b"GIF87a", b"GIF89a"))
_ZIP = (b"PK\x03\x04",)
XLSX = FileType(
    "XLSX",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    _ZIP,
    zip_member="xl/",
)
DOCX = FileType(
    "DOCX",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _ZIP,
    zip_member="word/",
)
PPTX = FileType(
    "PPTX",
    (".pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    _ZIP,
    zip_member="ppt/",
)
# 한글 (Hancom Office): HWP 5 is an OLE compound file; HWPX is a zip (OWPML) with Contents/.
HWP = FileType("HWP", (".hwp",), "application/x-hwp", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",))
HWPX = FileType("HWPX", (".hwpx",), "application/hwp+zip", _ZIP, zip_member="Contents/")

# CSV's content type is the one the exports writer serves it with (one place names it).
CSV = FileType("CSV", (".csv",), CONTENT_TYPES["csv"].split(";")[0], text=True)

DOCUMENTS = (PDF, HWP, HWPX, DOCX, XLSX, PPTX)
IMAGES = (JPEG, PNG)


class UploadRejected(ServiceError):
    """The file was refused; the message names it and says what is accepted. The API code
    stays ``invalid``, as for the callers' own checks before."""


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted file: ``name`` is safe to store, ``original_name`` is what the person sent
    (for display only), ``type`` the matching ``FileType``."""

    name: str
    original_name: str
    type: FileType
    size: int

    @property
    def content_type(self) -> str:
        return self.type.content_type


def extension_of(name: str) -> str:
    """The lower-case extension with its dot (``"보고서.PDF"`` -> ``".pdf"``), or ``""``."""
    base = base_name(name)
    stem, dot, extension = base.rpartition(".")
    return f".{extension.lower()}" if dot and stem.strip(". ") else ""


def base_name(name: str) -> str:
    """The file name without any folder: browsers on Windows may send ``C:\\Users\\...``."""
    return PurePosixPath((name or "").replace("\\", "/")).name


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}


def safe_name(name: str, *, extension: str = "", limit: int = NAME_LIMIT) -> str:
    """A name safe on any file system and in a download header, keeping Korean letters.

    NFC (macOS sends Hangul decomposed), no folder, no control or reserved characters, no
    leading dots (hidden files), white space collapsed, at most ``limit`` characters with the
    extension kept; an empty or reserved stem becomes ``file``.
    """
    text = " ".join(unicodedata.normalize("NFC", base_name(name)).split())
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cf", "Cc"})
    text = _UNSAFE.sub("_", text)
    extension = (extension or extension_of(text)).lower()
    stem = text[: -len(extension)] if extension and text.lower().endswith(extension) else text
    stem = stem.strip(" .")
    if not stem or stem.casefold() in _WINDOWS_RESERVED:
        stem = "file"
    stem = stem[: max(1, limit - len(extension))].rstrip(" .") or "file"
    return stem + extension


def _size_text(max_bytes: int) -> str:
    if max_bytes >= MB:
        megabytes = max_bytes / MB
        return f"{megabytes:g} MB"
    return f"{max(1, max_bytes // 1024)} KB"


def _size_of(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, 2)
    measured = int(upload.tell())
    upload.seek(0)
    return measured


def _zip_has(upload: IO[bytes], prefix: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(prefix) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)


def _content_matches(upload: Any, file_type: FileType) -> bool:
    upload.seek(0)
    head = upload.read(8192 if file_type.text else _HEAD_BYTES)
    upload.seek(0)
    if file_type.text:
        return isinstance(head, bytes) and b"\x00" not in head
    if not any(head.startswith(signature) for signature in file_type.signatures):
        return False
    return not file_type.zip_member or _zip_has(upload, file_type.zip_member)


def check_upload(
    upload: Any,
    *,
    types: Sequence[FileType],
    max_bytes: int,
    field: str | None = "file",
) -> CheckedUpload:
    """Accept ``upload`` (a Django ``UploadedFile`` or any seekable binary file with a
    ``name``) or raise ``UploadRejected``: extension allowed, not empty, at most
    ``max_bytes``, content matching the extension. The file is left at its start."""
    original = base_name(getattr(upload, "name", "") or "")
    shown = original or _("(no name)")
    extension = extension_of(original)
    by_extension = {ext: t for t in types for ext in t.extensions}
    if extension not in by_extension:
        allowed = ", ".join(dict.fromkeys(t.label for t in types))
        raise UploadRejected(
            _("%(name)s: files of this type are not accepted; accepted: %(allowed)s.")
            % {"name": shown, "allowed": allowed},
            field=field,
        )
    size = _size_of(upload)
    if size > max_bytes:
        raise UploadRejected(
            _("%(name)s: the file is larger than %(limit)s.")
            % {"name": shown, "limit": _size_text(max_bytes)},
            field=field,
        )
    if size == 0:
        raise UploadRejected(_("%(name)s: the file is empty.") % {"name": shown}, field=field)
    file_type = by_extension[extension]
    if not _content_matches(upload, file_type):
        raise UploadRejected(
            _("%(name)s: the file's content is not %(type)s, although its name ends in %(ext)s.")
            % {"name": shown, "type": file_type.label, "ext": extension},
            field=field,
        )
    return CheckedUpload(
        name=safe_name(original, extension=extension),
        original_name=original[:200],
        type=file_type,
        size=size,
    )
