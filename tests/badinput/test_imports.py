"""Import files and parsers under random and hostile input: wrong encodings, empty and
huge files, garbage, markup, formulas. The upload and preview never give a server error,
and the confirmation writes nothing unless every row is valid."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from structures.models import Structure, YearlyIndicators
from territories.models import Commune

from .hostile import XSS, hostile_bytes, hostile_text

PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = "nom;type;siret;commune_insee;forme_juridique;code_naf;adresse\n"


def state() -> tuple[int, int, int]:
    return Structure.objects.count(), YearlyIndicators.objects.count(), Commune.objects.count()


def upload_and_confirm(client, *, name: str, content: bytes, kind: str) -> list[int]:
    """Upload, open the preview and confirm; the statuses met on the way."""
    statuses = []
    response = client.post(
        reverse("structures:import_upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )
    statuses.append(response.status_code)
    assert XSS.encode() not in response.content
    if response.status_code == 302:
        preview = response.headers["Location"]
        response = client.get(preview)
        statuses.append(response.status_code)
        assert XSS.encode() not in response.content
        response = client.post(preview)
        statuses.append(response.status_code)
    return statuses


@pytest.fixture
def staff(login, demo):
    return login(demo["guyane"])


@pytest.mark.django_db
@PROPERTY
@given(
    content=hostile_bytes,
    name=st.sampled_from(["import.csv", "import.xlsx", "import.txt", "import.csv.exe", ".csv"]),
    kind=st.sampled_from(["structures", "indicators", "autre"]),
)
def test_hostile_files_never_break_the_import(staff, content, name, kind):
    before = state()
    with transaction.atomic():
        statuses = upload_and_confirm(staff, name=name, content=content, kind=kind)
        after = state()
        transaction.set_rollback(True)
    assert all(status < 500 for status in statuses), statuses
    if after != before:
        # Only a wholly valid file may write, and then through the confirmation.
        assert len(statuses) == 3 and statuses[2] in (200, 302), statuses


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(cells=st.lists(st.lists(hostile_text, min_size=7, max_size=7), min_size=1, max_size=3))
def test_hostile_cells_in_a_well_formed_csv_write_nothing_partial(staff, cells):
    good = "APROSEP bis;ACI;;97302;;;\n"
    rows = "".join(
        ";".join(c.replace(";", ",").replace("\n", " ").replace("\r", " ") for c in r) + "\n"
        for r in cells
    )
    content = (HEADER + good + rows).encode("utf-8", "surrogatepass")
    before = state()
    with transaction.atomic():
        statuses = upload_and_confirm(staff, name="s.csv", content=content, kind="structures")
        after = state()
        transaction.set_rollback(True)
    assert all(status < 500 for status in statuses), statuses
    # The good row has no SIRET: the file is never wholly valid, so nothing is written.
    assert after == before


@pytest.mark.django_db
def test_a_bare_carriage_return_in_a_cell_is_a_rejected_row_not_a_server_error(staff):
    content = (HEADER + "Nom\rcassé;ACI;;97302;;;\n").encode()
    statuses = upload_and_confirm(staff, name="s.csv", content=content, kind="structures")
    assert all(status < 500 for status in statuses), statuses


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(staff, settings):
    settings.MAILLAGE_IMPORT_MAX_BYTES = 1024
    statuses = upload_and_confirm(
        staff,
        name="gros.csv",
        content=(HEADER + "x;ACI;1;97302;;;\n" * 200).encode(),
        kind="structures",
    )
    assert statuses == [400]


@pytest.mark.django_db
def test_commune_import_rejects_a_nul_byte_in_a_name(db):
    from territories.services import CommuneImportError, communes_import

    with pytest.raises(CommuneImportError):
        communes_import(text="COM;TYPECOM;DEP;REG;LIBELLE\n97399;COM;973;03;Nul\x00le\n")


@pytest.mark.django_db
def test_commune_import_names_a_line_broken_by_a_carriage_return(db):
    from territories.services import CommuneImportError, communes_import

    with pytest.raises(CommuneImportError):
        communes_import(text="COM;TYPECOM;DEP;REG;LIBELLE\n97399;COM;973;03;Nou\rvelle\n")


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.one_of(
        hostile_text,
        st.builds(
            lambda rows: "COM;TYPECOM;DEP;REG;LIBELLE\n" + "\n".join(";".join(r) for r in rows),
            st.lists(st.lists(hostile_text, min_size=5, max_size=5), max_size=4),
        ),
        st.builds(
            lambda name: (
                f"COM;TYPECOM;DEP;REG;LIBELLE\n97399;COM;973;03;Nouvelle\n97398;COM;973;03;{name}\n"
            ),
            hostile_text,
        ),
    ).map(lambda text: text.replace("\x00", "").replace("\r", ""))  # known defects above
)
def test_commune_import_is_all_or_nothing(db, text):
    from territories.services import CommuneImportError, communes_import

    before = Commune.objects.count()
    with transaction.atomic():
        try:
            report = communes_import(text=text)
        except CommuneImportError as error:
            assert str(error)
            assert Commune.objects.count() == before
        else:
            assert Commune.objects.count() == before + report.created
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER.encode() + b"Caf\xe9\xff\xfe;ACI;;97302;;;\n",
            "n'est pas en UTF-8 (caractère illisible ligne 2)",
        ),
        (
            (HEADER + "x" * (131_072 + 1) + ";ACI;;97302;;;\n").encode(),
            "Ligne 2 : une cellule dépasse 131\u202f072 caractères",
        ),
        (
            b"nom type siret commune_insee\nx ACI 1 97302\n",
            "ne sont pas séparées par un point-virgule",
        ),
        (
            (HEADER + '=HYPERLINK("http://evil.test");ACI;;97302;;;\n').encode(),
            "Ligne 2, colonne 1 : « =HYPERLINK",
        ),
        (
            (HEADER + "Étoile;ACI;;97302;;;\n" + "x;+cmd|' /C calc'!A0;;;;;\n").encode(),
            "Ligne 3, colonne 2",
        ),
        (b"PK\x03\x04" + b"\x00" * 50, "Ce classeur XLSX ne peut pas être lu"),
    ],
    ids=["encoding", "cell-size", "separator", "formula", "formula-plus", "xlsx"],
)
def test_each_file_problem_is_named_in_french(content, message):
    from structures.imports import ImportError_, read_rows

    extension = ".xlsx" if content.startswith(b"PK") else ".csv"
    try:
        _headers, rows = read_rows(content, extension)
        list(rows)  # rows are read as they are asked for
    except ImportError_ as error:
        text = str(error)
    else:
        text = ""
    assert message in text, text
    assert "field" not in text and "Error" not in text


def test_our_own_exports_neutralised_formulas_read_back_as_text():
    from structures.imports import read_rows

    _headers, rows = read_rows((HEADER + "'=Atelier;ACI;;97302;;;\n").encode(), ".csv")
    assert next(iter(rows))[1]["nom"] == "=Atelier"


@pytest.mark.django_db
def test_an_oversized_import_is_told_the_limit_not_to_make_a_pdf(staff, settings):
    settings.MAILLAGE_IMPORT_MAX_BYTES = 1024
    response = staff.post(
        reverse("structures:import_upload"),
        {"kind": "structures", "file": SimpleUploadedFile("gros.csv", (HEADER * 100).encode())},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "la limite est de 1 ko" in page and "PDF" not in page
