"""Documents kept privately (a structure's, a regional network's): stored under a path
nobody can guess, with what the uploader named them; a row that cannot be saved leaves no
file behind, and a deletion removes the file only once it is committed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, transaction

from network.models import NetworkDocument, RegionalNetwork
from structures.files import PDF
from structures.models import Structure, StructureDocument
from tests.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


def stored_files() -> list[str]:
    """The storage names of the private files on disk."""
    media = Path(settings.MEDIA_ROOT)
    return sorted(
        path.relative_to(media).as_posix()
        for path in (media / "private").rglob("*")
        if path.is_file()
    )


def upload(name="Statuts signés.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.mark.parametrize("model", ["structure", "network"])
def test_a_document_is_stored_privately_and_a_failed_row_leaves_no_file(demo, model):
    by = UserFactory(national=True)
    if model == "structure":
        make = lambda **extra: StructureDocument(  # noqa: E731
            structure=Structure.objects.get(name="APROSEP"), kind="statuts", **extra
        )
        folder = "private/structures/"
    else:
        make = lambda **extra: NetworkDocument(  # noqa: E731
            network=RegionalNetwork.objects.get(region__code="03"), kind="statutes", **extra
        )
        folder = "private/networks/"

    before = stored_files()  # the demo's own documents
    document = make(title="Statuts") if model == "network" else make()
    document.store(upload(), file_type=PDF, by=by)
    document.refresh_from_db()
    assert document.original_name == "Statuts signés.pdf"
    assert (document.content_type, document.size, document.uploaded_by) == (
        "application/pdf",
        len(PDF_BYTES),
        by,
    )
    assert document.file.name.startswith(folder) and "Statuts" not in document.file.name
    assert stored_files() == sorted([*before, document.file.name])

    # A row the database refuses (a kind longer than its column) keeps no file.
    broken = make(title="x") if model == "network" else make()
    broken.kind = "k" * 300
    with pytest.raises(DataError), transaction.atomic():
        broken.store(upload("autre.pdf"), file_type=PDF, by=by)
    assert stored_files() == sorted([*before, document.file.name])


@pytest.mark.django_db(transaction=True)
def test_a_deleted_document_loses_its_file_only_when_the_deletion_is_committed(demo):
    document = StructureDocument(structure=Structure.objects.get(name="APROSEP"), kind="statuts")
    document.store(upload(), file_type=PDF, by=UserFactory(national=True))
    path, pk = Path(settings.MEDIA_ROOT) / document.file.name, document.pk

    with pytest.raises(RuntimeError), transaction.atomic():
        document.delete_with_file()
        raise RuntimeError("the request fails after the deletion")
    assert path.exists() and StructureDocument.objects.filter(pk=pk).exists()

    with transaction.atomic():
        StructureDocument.objects.get(pk=pk).delete_with_file()
    assert not path.exists() and not StructureDocument.objects.filter(pk=pk).exists()
