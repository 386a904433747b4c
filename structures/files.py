"""Checks on uploaded files: the type is decided by the extension AND the content.

A file whose name says .pdf but whose bytes are not a PDF (or the reverse) is refused, so
what is stored and later served is what the name claims. Nothing is written to storage
before the checks pass.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.french import file_size as filesizeformat

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType(".pdf", "application/pdf", "PDF")
ODT = FileType(".odt", ODT_MIMETYPE.decode(), "ODT")
DOCX = FileType(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
XLSX = FileType(
    ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
)
CSV = FileType(".csv", "text/csv", "CSV")
JSON = FileType(".json", "application/json", "JSON")

DOCUMENT_TYPES = (PDF, ODT, DOCX, XLSX)
IMPORT_TYPES = (CSV, XLSX, JSON)


def document_max_bytes() -> int:
    return getattr(settings, "MAILLAGE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def import_max_bytes() -> int:
    return getattr(settings, "MAILLAGE_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def _zip_names(uploaded) -> tuple[set[str], bytes]:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return set(), b""
    finally:
        uploaded.seek(0)
    return names, mimetype


def sniff(uploaded) -> FileType | None:
    """The type the bytes show, among the ones we accept; None when unknown."""
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        names, mimetype = _zip_names(uploaded)
        if mimetype.strip() == ODT_MIMETYPE and "content.xml" in names:
            return ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return XLSX
        return None
    if head and b"\x00" not in head:
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
            return JSON
        for encoding in ("utf-8", "cp1252"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                continue
            return CSV
    return None


def check_upload(uploaded, *, allowed: tuple[FileType, ...], max_bytes: int) -> FileType:
    """The file's type if its size, extension and content agree; ValidationError otherwise."""
    labels = ", ".join(file_type.label for file_type in allowed)
    if uploaded.size > max_bytes:
        raise ValidationError(
            _(
                "Ce fichier pèse %(size)s : la limite est de %(limit)s. "
                "Réduisez-le (par exemple en l'exportant en PDF compressé) et recommencez."
            ),
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if uploaded.size == 0:
        raise ValidationError(_("Ce fichier est vide."), code="empty")
    extension = PurePosixPath(uploaded.name or "").suffix.lower()
    by_extension = {file_type.extension: file_type for file_type in allowed}
    if extension not in by_extension:
        raise ValidationError(
            _("Type de fichier refusé (%(ext)s). Formats acceptés : %(labels)s."),
            params={"ext": extension or _("sans extension"), "labels": labels},
            code="extension",
        )
    if sniff(uploaded) != by_extension[extension]:
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à un fichier %(label)s valide. "
                "Formats acceptés : %(labels)s."
            ),
            params={"label": by_extension[extension].label, "labels": labels},
            code="content",
        )
    return by_extension[extension]
