"""Checks on uploaded files: the type is decided by the extension AND the content.

A file whose name says .pdf but whose bytes are not a PDF (or the reverse) is refused, so
what is stored and later served is what the name claims. Nothing is written to storage
before the checks pass. Every upload of the portal goes through `check_upload`: member
documents, publications' attachments, visit attachments, accompaniment documents, imports.
"""

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from core.french import file_size as filesizeformat

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
NAME_MAX_LENGTH = 120


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str
    # What `sniff` reads in the bytes for this type (text files share "text").
    signature: str = ""

    def __post_init__(self):
        if not self.signature:
            object.__setattr__(self, "signature", self.extension.lstrip("."))


PDF = FileType(".pdf", "application/pdf", "PDF")
ODT = FileType(".odt", ODT_MIMETYPE.decode(), "ODT")
ODS = FileType(".ods", ODS_MIMETYPE.decode(), "ODS")
DOCX = FileType(
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
XLSX = FileType(
    ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
)
CSV = FileType(".csv", "text/csv", "CSV", signature="text")
JSON = FileType(".json", "application/json", "JSON")
TXT = FileType(".txt", "text/plain", "TXT", signature="text")
PNG = FileType(".png", "image/png", "PNG")
JPEG = FileType(".jpg", "image/jpeg", "JPEG", signature="jpeg")
JPEG_LONG = FileType(".jpeg", "image/jpeg", "JPEG", signature="jpeg")

DOCUMENT_TYPES = (PDF, ODT, DOCX, XLSX)
IMPORT_TYPES = (CSV, XLSX, JSON)
# What staff attach to a visit or an accompaniment: office files, photos, plain notes.
WORKING_TYPES = (PDF, ODT, ODS, DOCX, XLSX, PNG, JPEG, JPEG_LONG, TXT)


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


def sniff(uploaded) -> str | None:
    """The type the bytes show (a FileType.signature); None when unknown."""
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        names, mimetype = _zip_names(uploaded)
        if mimetype.strip() == ODT_MIMETYPE and "content.xml" in names:
            return "odt"
        if mimetype.strip() == ODS_MIMETYPE and "content.xml" in names:
            return "ods"
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if head and b"\x00" not in head and not _looks_like_markup(head):
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
            return "json"
        for encoding in ("utf-8", "cp1252"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                continue
            return "text"
    return None


def _looks_like_markup(head: bytes) -> bool:
    """HTML or SVG passed off as text would run in a browser that opens it."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script"))


def clean_name(name: str, extension: str) -> str:
    """The name stored and shown: no folders, no control or direction characters, no
    spaces or shell-special characters, at most NAME_MAX_LENGTH characters, and the
    extension the checks accepted."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(
        char for char in unicodedata.normalize("NFC", base) if unicodedata.category(char)[0] != "C"
    )
    stem = PurePosixPath(base).stem.strip(" .")[: NAME_MAX_LENGTH - len(extension)]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = ""
    return f"{stem or 'fichier'}{extension}"


def check_upload(uploaded, *, allowed: tuple[FileType, ...], max_bytes: int) -> FileType:
    """The file's type if its size, extension and content agree; ValidationError otherwise.

    On success the upload's name is cleaned (`clean_name`): that is the name stored."""
    labels = ", ".join(dict.fromkeys(file_type.label for file_type in allowed))
    if uploaded.size > max_bytes:
        raise ValidationError(
            _(
                "Ce fichier pèse %(size)s : la limite est de %(limit)s. "
                "Envoyez un fichier plus léger ou en plusieurs parties."
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
    if sniff(uploaded) != by_extension[extension].signature:
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à un fichier %(label)s valide. "
                "Formats acceptés : %(labels)s."
            ),
            params={"label": by_extension[extension].label, "labels": labels},
            code="content",
        )
    uploaded.name = clean_name(uploaded.name, extension)
    return by_extension[extension]
