"""`import_communes`: the official INSEE file, all or nothing, idempotent."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from territories.models import Commune

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def run(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_communes", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return sorted(
        Commune.objects.values_list("insee_code", "name", "departement__code", "postcode")
    )


def test_a_file_with_bad_rows_imports_nothing_and_lists_each_bad_row():
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="7 ligne"):
        call_command("import_communes", str(DATA / "v_commune_bad.csv"), stderr=err)
    assert snapshot() == before
    assert not Commune.objects.filter(insee_code="97363").exists()  # the one good row
    lines = err.getvalue().splitlines()
    assert len(lines) == 7
    reasons = dict(line.split(" : ", 1) for line in lines)
    assert "code commune invalide" in reasons["ligne 3 (9730)"]
    assert "département inconnu : 989" in reasons["ligne 4 (98999)"]
    assert "région 03 ne correspond pas au département 14" in reasons["ligne 5 (14048)"]
    assert "libellé vide" in reasons["ligne 6 (97364)"]
    assert "déjà ligne 2" in reasons["ligne 7 (97363)"]
    assert "nombre de colonnes" in reasons["ligne 8 (—)"]
    assert "ne commence pas par le code du département 14" in reasons["ligne 9 (76999)"]


def test_a_good_file_creates_updates_and_skips_sub_communes():
    Commune.objects.filter(insee_code="97301").update(name="Regina (ancien libellé)")
    out, _err = run(DATA / "v_commune_2024_good.csv")
    assert "4 communes créées, 1 mises à jour, 1 inchangées, 2 lignes ignorées" in out
    assert Commune.objects.get(insee_code="97301").name == "Régina"
    assert Commune.objects.get(insee_code="97301").postcode == "97390"  # kept
    ajaccio = Commune.objects.select_related("departement").get(insee_code="2A004")
    assert (ajaccio.name, ajaccio.departement.code) == ("Ajaccio", "2A")
    assert Commune.objects.get(insee_code="97101").departement.code == "971"
    assert not Commune.objects.filter(insee_code__in=["14001", "75101"]).exists()


def test_reimporting_a_good_file_changes_nothing():
    run(DATA / "v_commune_2024_good.csv")
    before = snapshot()
    out, _err = run(DATA / "v_commune_2024_good.csv")
    assert "0 communes créées, 0 mises à jour, 6 inchangées" in out
    assert snapshot() == before


def test_the_2019_lowercase_header_and_a_byte_order_mark_are_accepted(tmp_path):
    path = tmp_path / "v_commune_2019.csv"
    path.write_text(
        "\ufefftypecom,com,reg,dep,arr,tncc,ncc,nccenr,libelle,can,comparent\n"
        "COM,97358,03,973,9732,0,SAINT ELIE,Saint-Élie,Saint-Élie,97399,\n",
        encoding="utf-8",
    )
    out, _err = run(path)
    assert "0 communes créées, 0 mises à jour, 1 inchangées" in out


def test_a_file_without_the_insee_columns_is_refused(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text("code,nom\n97302,Cayenne\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes manquantes : TYPECOM, COM, DEP, LIBELLE"):
        run(path)
