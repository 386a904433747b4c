"""An import interrupted half-way (the database connection lost after some rows were
written) writes nothing: the next attempt starts from a clean slate and imports it all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from stdnum import luhn

from structures.models import Structure
from territories.models import Commune

from .dropper import drop_connection_after

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 12


def siret(number: int) -> str:
    """A SIRET whose SIREN and whole number both pass the Luhn check (never a real one)."""
    siren = f"99{number:06d}"
    siren += luhn.calc_check_digit(siren)
    nic = f"{siren}0001"
    return nic + luhn.calc_check_digit(nic)


def structures_file() -> bytes:
    lines = ["nom;type;siret;commune_insee"]
    lines += [f"Import coupé {n};ACI;{siret(900 + n)};97311" for n in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def test_structure_import_cut_half_way_writes_nothing(live_world, monkeypatch):
    from structures import imports

    # Rows are written in batches: two rows a statement, so the cut comes half-way.
    monkeypatch.setattr(imports, "WRITE_BATCH", 2)
    client = Client(raise_request_exception=False)
    client.force_login(live_world["guyane"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("structures:import_upload"),
        {"kind": "structures", "file": SimpleUploadedFile("s.csv", structures_file())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = response.headers["Location"]
    assert "Import coupé 11" in client.get(preview).content.decode()

    with drop_connection_after(r'^INSERT INTO "structures_structure"', count=ROWS // 4) as drop:
        response = client.post(preview)
    assert drop.dropped and response.status_code == 500
    connection.close()
    assert not Structure.objects.filter(name__startswith="Import coupé").exists()

    # The upload is still there: confirming again imports every row, once.
    response = client.post(preview)
    assert response.status_code in (200, 302)
    assert Structure.objects.filter(name__startswith="Import coupé").count() == ROWS


def test_commune_import_cut_half_way_writes_nothing(live_world, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "communes.csv"
    rows = [f"973{90 + n};COM;973;03;Commune coupée {n}" for n in range(6)]
    path.write_text("COM;TYPECOM;DEP;REG;LIBELLE\n" + "\n".join(rows) + "\n", encoding="utf-8")
    before = Commune.objects.count()
    with (
        drop_connection_after(r'^INSERT INTO "territories_commune"') as drop,
        pytest.raises(OperationalError),  # the command dies with the connection
    ):
        call_command("import_communes", str(path), verbosity=0)
    assert drop.dropped
    connection.close()
    assert Commune.objects.count() == before
    call_command("import_communes", str(path), verbosity=0)
    assert Commune.objects.count() == before + 6
