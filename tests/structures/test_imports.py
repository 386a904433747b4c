import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from structures.demo import demo_siret
from structures.models import Structure, YearlyIndicators
from tests.factories import StructureFactory, UserFactory, region

pytestmark = pytest.mark.django_db

HEADER = "siret;type;nom;commune_insee;forme_juridique;code_naf;secteurs;site_internet\n"


def structures_csv(count: int, *, bad_line: int | None = None) -> bytes:
    lines = [HEADER]
    for index in range(count):
        siret = demo_siret(index + 1)
        if bad_line is not None and index + 2 == bad_line:
            siret = siret[:-1] + str((int(siret[-1]) + 1) % 10)  # breaks the Luhn key
        lines.append(
            f"{siret};ACI;Chantier numéro {index};97302;Association;88.99B;"
            f"environnement|recyclage;https://chantier{index}.example.org\n"
        )
    return "".join(lines).encode()


def upload(client, content: bytes, *, name="structures.csv", kind="structures"):
    return client.post(
        reverse("structures:import_upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def staff_client(login):
    return login(UserFactory(national=True))


def test_one_bad_row_among_a_thousand_writes_nothing_and_is_named(staff_client):
    response = upload(staff_client, structures_csv(1000, bad_line=501))
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = staff_client.get(preview_url)
    report = preview.context["report"]
    assert [row.line for row in report.rejected] == [501]
    assert "clé de contrôle" in report.rejected[0].errors[0]
    assert report.counts["create"] == 999
    assert "Confirmer l" not in preview.content.decode()

    confirm = staff_client.post(preview_url)
    assert confirm.status_code == 200
    assert "rien n&#x27;a été enregistré" in confirm.content.decode()
    assert Structure.objects.count() == 0


def test_the_fixed_file_imports_in_one_go_and_twice_changes_nothing(staff_client):
    content = structures_csv(1000)
    preview_url = upload(staff_client, content)["Location"]
    assert staff_client.get(preview_url).context["report"].counts["create"] == 1000
    response = staff_client.post(preview_url)
    assert response.status_code == 302
    assert Structure.objects.count() == 1000
    structure = Structure.objects.get(siret=demo_siret(1))
    assert structure.naf_code == "8899B"
    assert structure.sectors == ["environnement", "recyclage"]
    assert structure.legal_form == "association"
    assert structure.search_name == "chantier numero 0"
    history_before = Structure.history.count()
    updated_before = structure.updated_at

    preview_url = upload(staff_client, content)["Location"]
    counts = staff_client.get(preview_url).context["report"].counts
    assert counts == {"create": 0, "update": 0, "unchanged": 1000, "reject": 0}
    assert staff_client.post(preview_url).status_code == 302
    assert Structure.objects.count() == 1000
    assert Structure.history.count() == history_before
    structure.refresh_from_db()
    assert structure.updated_at == updated_before


def test_a_changed_row_is_an_update(staff_client):
    StructureFactory(siret=demo_siret(1), kind="ACI", name="Ancien nom")
    preview_url = upload(staff_client, structures_csv(2))["Location"]
    report = staff_client.get(preview_url).context["report"]
    assert [row.action for row in report.rows] == ["update", "create"]
    staff_client.post(preview_url)
    assert Structure.objects.get(siret=demo_siret(1)).name == "Chantier numéro 0"


def test_duplicate_rows_in_a_file_are_rejected(staff_client):
    content = structures_csv(2) + structures_csv(1)[len(HEADER) :]
    report = staff_client.get(upload(staff_client, content)["Location"]).context["report"]
    assert [row.line for row in report.rejected] == [4]
    assert "ligne 2" in report.rejected[0].errors[0]


def test_regional_staff_cannot_import_outside_their_territory(login):
    client = login(UserFactory(regional=True, regions=[region("28")]))
    report = client.get(upload(client, structures_csv(1))["Location"]).context["report"]
    assert "hors de votre territoire" in report.rejected[0].errors[0]


def test_the_pending_file_belongs_to_its_uploader(login, staff_client):
    preview_url = upload(staff_client, structures_csv(1))["Location"]
    assert login(UserFactory(national=True)).get(preview_url).status_code == 404


def test_the_pending_file_is_kept_privately_and_removed_after_import(staff_client):
    preview_url = upload(staff_client, structures_csv(1))["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 32
    user_folder = f"private/imports/{staff_client.session['_auth_user_id']}"
    assert default_storage.listdir(user_folder)[0] == [token]
    staff_client.post(preview_url)
    assert default_storage.listdir(f"{user_folder}/{token}")[1] == []


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(staff_client):
    response = upload(staff_client, b"%PDF-1.4", name="structures.pdf")
    assert response.status_code == 400
    assert "Type de fichier refusé" in response.content.decode()
    response = upload(staff_client, b"%PDF-1.4", name="structures.xlsx")
    assert response.status_code == 400


def indicators_xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "SIRET",
            "Année",
            "salaries_insertion",
            "etp_realises",
            "sorties_durables",
            "sorties_autres",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_indicators_import_from_xlsx_creates_then_changes_nothing(staff_client):
    structure = StructureFactory(siret=demo_siret(5))
    content = indicators_xlsx(
        [[demo_siret(5), 2017, 20, 9.5, 3, 7], [demo_siret(5), 2018, 22, "10,25", 4, 6]]
    )
    preview_url = upload(staff_client, content, name="indicateurs.xlsx", kind="indicators")[
        "Location"
    ]
    assert staff_client.get(preview_url).context["report"].counts["create"] == 2
    staff_client.post(preview_url)
    indicators = YearlyIndicators.objects.get(structure=structure, year=2018)
    assert str(indicators.etp_realises) == "10.25"
    assert indicators.exits_durable == 4 and indicators.hired_rsa == 0

    preview_url = upload(staff_client, content, name="indicateurs.xlsx", kind="indicators")[
        "Location"
    ]
    assert staff_client.get(preview_url).context["report"].counts["unchanged"] == 2
    staff_client.post(preview_url)
    assert YearlyIndicators.history.filter(structure_id=structure.pk).count() == 2


def test_indicators_of_an_unknown_siret_are_rejected(staff_client):
    content = indicators_xlsx([[demo_siret(6), 2018, 1, 1, 0, 0]])
    preview_url = upload(staff_client, content, name="indicateurs.xlsx", kind="indicators")[
        "Location"
    ]
    report = staff_client.get(preview_url).context["report"]
    assert report.rejected[0].line == 2
    assert "Aucune structure" in report.rejected[0].errors[0]
    assert staff_client.post(preview_url).status_code == 200
    assert not YearlyIndicators.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_of_the_directory_and_indicators_reimports_unchanged(staff_client, fmt):
    structure = StructureFactory(
        siret=demo_siret(9),
        public_phone="+594 594 11 22 33",
        sectors=["bois"],
        founded_on="2001-02-03",
        website="https://bois.example.org",
    )
    YearlyIndicators.objects.create(structure=structure, year=2018, employees=7, etp_realises="3.5")
    directory = staff_client.get(reverse("structures:directory_export"), {"format": fmt}).getvalue()
    report = staff_client.get(
        upload(staff_client, directory, name=f"annuaire.{fmt}")["Location"]
    ).context["report"]
    assert report.counts == {"create": 0, "update": 0, "unchanged": 1, "reject": 0}
    indicators = staff_client.get(
        reverse("structures:indicators_export"), {"format": fmt}
    ).getvalue()
    report = staff_client.get(
        upload(staff_client, indicators, name=f"indicateurs.{fmt}", kind="indicators")["Location"]
    ).context["report"]
    assert report.counts == {"create": 0, "update": 0, "unchanged": 1, "reject": 0}


def test_the_sample_files_import_cleanly(staff_client, settings):
    samples = settings.BASE_DIR / "structures" / "samples"
    for name, kind, created in (
        ("structures.csv", "structures", 2),
        ("indicateurs.csv", "indicators", 2),
    ):
        preview_url = upload(staff_client, (samples / name).read_bytes(), name=name, kind=kind)[
            "Location"
        ]
        report = staff_client.get(preview_url).context["report"]
        assert report.counts["create"] == created, report.rejected
        assert staff_client.post(preview_url).status_code == 302
    indicators = YearlyIndicators.objects.get(structure__name="Chantier du Rorota")
    assert indicators.rates.counted == 11
    assert str(indicators.support_staff_etp) == "1.50"


def test_uploads_never_confirmed_are_purged_after_a_day(staff_client):
    import datetime
    import os

    from structures.tasks import import_uploads_purge

    preview_url = upload(staff_client, structures_csv(1))["Location"]
    assert import_uploads_purge.delay().get() == 0
    assert staff_client.get(preview_url).status_code == 200
    folder = default_storage.path("private/imports")
    old = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            os.utime(os.path.join(directory, name), (old, old))
    assert import_uploads_purge.delay().get() == 1
    assert staff_client.get(preview_url).status_code == 404


def test_a_long_file_lists_its_first_rows_and_counts_them_all(staff_client, monkeypatch):
    from structures import imports

    monkeypatch.setattr(imports, "SHOWN_ROWS", 5)
    preview_url = upload(staff_client, structures_csv(12, bad_line=9))["Location"]
    preview = staff_client.get(preview_url)
    report = preview.context["report"]
    assert report.counts == {"create": 11, "update": 0, "unchanged": 0, "reject": 1}
    assert [row.line for row in report.rows] == [2, 3, 4, 5, 6]
    assert [row.line for row in report.rejected] == [9]
    page = preview.content.decode()
    assert "Les 5 premières lignes" in page
    assert "Et 7 autres lignes, comptées ci-dessus." in page
    assert "Chantier numéro 4" in page and "Chantier numéro 5" not in page

    fixed = structures_csv(12)
    preview_url = upload(staff_client, fixed)["Location"]
    assert staff_client.post(preview_url).status_code == 302
    assert Structure.objects.count() == 12
