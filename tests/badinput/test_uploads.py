"""Every upload of the portal goes through the one content check (structures.files): the
type is read from the bytes, the size is bounded and the name is cleaned.

The forms are found, not listed: every form class of the project with a file field."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnostics.models import Visit
from structures import files

PROJECT_APPS = ["accounts", "network", "structures", "diagnostics", "events", "reports"]
HTML_AS_PDF = b"<html><script>alert(1)</script></html>"


def upload_forms():
    found = []
    for label in PROJECT_APPS:
        try:
            module = importlib.import_module(f"{apps.get_app_config(label).name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and any(isinstance(f, forms.FileField) for f in cls.base_fields.values())
            ):
                found.append(cls)
    return found


def bound(cls, uploads):
    """The form bound to the uploads, without its own constructor's keyword arguments."""
    form = cls.__new__(cls)
    base = forms.BaseModelForm if issubclass(cls, forms.BaseModelForm) else forms.Form
    base.__init__(form, data={}, files=uploads)
    return form


def file_fields(cls):
    return [name for name, f in cls.base_fields.items() if isinstance(f, forms.FileField)]


@pytest.mark.django_db
def test_every_upload_form_reads_the_type_from_the_bytes():
    checked = upload_forms()
    # Member documents, imports, publications, visit attachments, accompaniment documents.
    assert len(checked) >= 5, checked
    print(f"upload forms checked: {len(checked)}")
    for cls in checked:
        for name in file_fields(cls):
            form = bound(cls, {name: SimpleUploadedFile("note.pdf", HTML_AS_PDF)})
            form.is_valid()
            errors = " ".join(form.errors.get(name, []))
            assert (
                "ne correspond pas à un fichier" in errors or "Type de fichier refusé" in errors
            ), (
                cls,
                name,
                errors,
            )


@pytest.mark.django_db
def test_every_upload_form_refuses_an_oversized_file_without_pdf_advice(settings):
    settings.MAILLAGE_DOCUMENT_MAX_BYTES = settings.MAILLAGE_IMPORT_MAX_BYTES = 100
    for cls in upload_forms():
        for name in file_fields(cls):
            form = bound(cls, {name: SimpleUploadedFile("gros.pdf", b"%PDF-1.4 " + b"x" * 200)})
            form.is_valid()
            errors = " ".join(form.errors.get(name, []))
            assert "la limite est de" in errors, (cls, name, errors)
            assert "PDF compressé" not in errors


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\moi\\bilan 2019.pdf", "bilan_2019.pdf"),
        ("rapport\u202efdp.exe.pdf", "rapportfdp.exe.pdf"),
        ("a\x00b.PDF", "ab.pdf"),
        ("..pdf", "fichier.pdf"),
        ("x" * 400 + ".pdf", "x" * (files.NAME_MAX_LENGTH - 4) + ".pdf"),
    ],
)
def test_names_are_cleaned(name, cleaned):
    upload = SimpleUploadedFile(name, b"%PDF-1.4 ok")
    files.check_upload(upload, allowed=files.DOCUMENT_TYPES, max_bytes=1000)
    assert upload.name == cleaned


@pytest.mark.django_db
def test_a_visit_attachment_named_pdf_holding_html_is_refused(demo, login):
    visit = Visit.objects.filter(structure__departement__region__code="03").first()
    client = login(demo["guyane"])
    url = reverse("diagnostics:visit_attachment_add", args=[visit.pk])
    before = visit.attachments.count()
    response = client.post(
        url, {"title": "Piège", "file": SimpleUploadedFile("x.pdf", HTML_AS_PDF)}
    )
    assert response.status_code == 200
    assert "ne correspond pas à un fichier PDF" in response.content.decode()
    assert visit.attachments.count() == before
    response = client.post(
        url, {"title": "Photo", "file": SimpleUploadedFile("../photo.png", b"\x89PNG\r\n\x1a\n...")}
    )
    assert response.status_code == 302
    assert visit.attachments.latest("pk").file.name.endswith(".png")
