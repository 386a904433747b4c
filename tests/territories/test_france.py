"""Every commune of France (@etalab/decoupage-administratif), loaded once for this module
as `make run` loads it: the loader, the commune search on PostgreSQL and on SQLite, and an
import that finds communes all over France under current and former codes."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from stdnum import luhn

from structures.models import Structure
from territories import models
from territories.enums import AliasKind
from territories.models import Commune, CommuneAlias, Epci
from territories.normalise import search_key
from territories.search import commune_matches, commune_resolve, commune_search
from territories.services import territories_load
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- The loader ----------------------------------------------------------------------


def test_all_of_france_is_loaded_with_its_geography(france):
    assert france.communes > 34_000
    assert Commune.objects.count() >= france.communes
    slm = Commune.objects.select_related("arrondissement", "epci", "departement").get(
        insee_code="97311"
    )
    assert (slm.name, slm.departement.code, slm.arrondissement.name) == (
        "Saint-Laurent-du-Maroni",
        "973",
        "Saint-Laurent-du-Maroni",
    )
    assert slm.population > 40_000
    assert slm.time_zone == "America/Cayenne"
    assert slm.epci.kind == "CC"
    cacl = Epci.objects.get(communes__insee_code="97302")
    assert cacl.name == "CA du Centre Littoral"
    assert set(cacl.communes.values_list("insee_code", flat=True)) >= {"97302", "97307", "97309"}
    ajaccio = Commune.objects.get(insee_code="2A004")
    assert set(ajaccio.postcodes.values_list("code", flat=True)) == {"20000", "20090", "20167"}
    assert Commune.objects.get(insee_code="97611").name == "Mamoudzou"


def test_former_codes_and_delegated_communes_point_to_their_current_commune(france):
    ajaccio = CommuneAlias.objects.get(kind=AliasKind.FORMER_CODE, insee_code="20004")
    assert ajaccio.commune.insee_code == "2A004"
    paris_1 = CommuneAlias.objects.get(insee_code="75101")
    assert (paris_1.kind, paris_1.commune.name) == (AliasKind.MUNICIPAL_ARRONDISSEMENT, "Paris")
    arbignieu = CommuneAlias.objects.get(kind=AliasKind.DELEGATED, name="Arbignieu")
    assert arbignieu.commune.name == "Arboys en Bugey"


def test_a_second_load_changes_nothing_and_says_so(france):
    before = list(Commune.objects.order_by("pk").values_list())
    out = StringIO()
    call_command("territories_load", stdout=out)
    assert "Déjà à jour, rien n'a changé" in out.getvalue()
    assert list(Commune.objects.order_by("pk").values_list()) == before


def test_a_changed_commune_is_put_back_and_counted(france):
    Commune.objects.filter(insee_code="97309").update(name="Remire", population=None)
    CommuneAlias.objects.filter(insee_code="20004").delete()
    report = territories_load()
    assert (report.tables["communes"].updated, report.tables["aliases"].created) == (1, 1)
    remire = Commune.objects.get(insee_code="97309")
    # The dataset writes it without the accent; the search reads both the same.
    assert (remire.name, remire.search_key) == ("Remire-Montjoly", "remiremontjoly")
    assert remire.population > 0


# --- The search ----------------------------------------------------------------------

# query → INSEE code of the commune expected first
FIRST = {
    "Saint Laurent du Maroni": "97311",
    "St Laurent du Maroni": "97311",
    "St-Laurent-du-Maroni": "97311",
    "97320": "97311",
    "97311": "97311",
    "remire": "97309",
    "Rémire": "97309",
    "remire montjoly": "97309",
    "REMIRE-MONTJOLY": "97309",
    "2A004": "2A004",
    "20004": "2A004",  # Ajaccio's former code
    "75101": "75056",  # a municipal arrondissement of Paris
    "mamoudzou": "97611",
    "L'Haÿ-les-Roses": "94038",
    "lhay les roses": "94038",
}


def first_codes(queries) -> dict:
    return {query: [c.insee_code for c in commune_search(query)][:1] for query in queries}


def test_the_key_ignores_case_accents_punctuation_and_reads_st_as_saint():
    assert search_key("St-Laurent-du-Maroni") == search_key("saint laurent du maroni")
    assert search_key("Sainte-Marie") == search_key("ste marie") == "saintemarie"
    assert search_key("L'Haÿ-les-Roses") == "lhaylesroses"
    assert search_key("Œuilly") == "oeuilly"
    # "st" inside a word is not "saint"
    assert search_key("Estissac") == "estissac"


def test_every_spelling_finds_its_commune_first(france):
    assert first_codes(FIRST) == {query: [code] for query, code in FIRST.items()}


def test_results_are_ranked_exact_prefix_contains_and_at_most_twenty(france):
    matches = commune_matches("saint laurent")
    assert len(matches) == 20
    ranks = [m.rank for m in matches]
    assert ranks == sorted(ranks)
    # The communes named exactly Saint-Laurent first, then the largest Saint-Laurent-…
    assert {m.commune.name for m in matches if m.rank == 0} == {"Saint-Laurent"}
    assert matches[ranks.index(1)].commune.insee_code == "97311"
    assert all(
        m.commune.search_key.startswith("saintlaurent")
        or search_key(m.via).startswith("saintlaurent")
        for m in matches
    )
    cayenne = commune_matches("cayenne")
    assert (cayenne[0].commune.insee_code, cayenne[0].rank) == ("97302", 0)
    contains = commune_matches("maroni")
    assert "97311" in [m.commune.insee_code for m in contains]
    assert {m.rank for m in contains} == {2}


def test_a_search_can_be_narrowed_to_a_territory(france):
    from territories.models import Commune

    guyane = Commune.objects.filter(departement__code="973")
    found = commune_search("saint", communes=guyane)
    assert {c.insee_code for c in found} == {"97308", "97311", "97358"}


def test_resolving_a_typed_commune_names_the_candidates_when_ambiguous(france):
    assert commune_resolve("97311")[0].name == "Saint-Laurent-du-Maroni"  # code before postcode
    assert commune_resolve("Cayenne (97302)")[0].insee_code == "97302"
    commune, candidates = commune_resolve("Saint-Denis")
    assert commune is None
    assert len(candidates) > 1 and all(c.name == "Saint-Denis" for c in candidates)
    assert commune_resolve("Xyzzyville") == (None, [])


SQLITE = "territories_sqlite"
TABLES = [
    models.Region,
    models.Departement,
    models.Arrondissement,
    models.Epci,
    models.Commune,
    models.Postcode,
    models.CommuneAlias,
]


@pytest.fixture
def sqlite_copy(france):
    """The territories of the PostgreSQL test database copied into an in-memory SQLite
    database (the embedded default of `make run`), its tables created from the models; a
    connection of the test's own, not one of the settings."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    configured = connections.configure_settings(
        {
            "default": connections.settings["default"],
            SQLITE: {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        }
    )
    connections[SQLITE] = connection = DatabaseWrapper(configured[SQLITE], alias=SQLITE)
    try:
        with connection.schema_editor() as editor:
            for model in TABLES:
                editor.create_model(model)
        for model in TABLES:
            model.objects.using(SQLITE).bulk_create(list(model.objects.all()), batch_size=5000)
        yield SQLITE
    finally:
        connection.close()
        delattr(connections._connections, SQLITE)


def test_sqlite_gives_the_same_results_as_postgresql(sqlite_copy):
    queries = [*FIRST, "saint", "maroni", "sainte", "97", "sur mer", "2A"]
    on_sqlite = {
        q: [c.insee_code for c in commune_search(q, communes=Commune.objects.using(sqlite_copy))]
        for q in queries
    }
    on_postgresql = {q: [c.insee_code for c in commune_search(q)] for q in queries}
    assert Commune.objects.using(sqlite_copy).count() == Commune.objects.count() > 34_000
    assert on_sqlite == on_postgresql
    assert {q: on_sqlite[q][:1] for q in FIRST} == {q: [code] for q, code in FIRST.items()}


# --- An import with communes all over France ----------------------------------------


def siret(number: int) -> str:
    siren = f"{number:08d}"
    siren += luhn.calc_check_digit(siren)
    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def test_structures_in_ajaccio_mamoudzou_paris_and_under_a_former_code(france, login):
    client = login(UserFactory(national=True))
    rows = [
        ("Chantier d'Ajaccio", "2A004"),
        ("Insertion Mamoudzou", "97611"),
        ("Atelier parisien", "75056"),
        ("Chantier sous l'ancien code d'Ajaccio", "20004"),
        ("Atelier du 11e", "75111"),  # a municipal arrondissement
    ]
    content = "nom;type;siret;commune_insee\n" + "".join(
        f"{name};ACI;{siret(80_000_000 + n)};{code}\n" for n, (name, code) in enumerate(rows)
    )
    response = client.post(
        reverse("structures:import_upload"),
        {"kind": "structures", "file": SimpleUploadedFile("s.csv", content.encode())},
    )
    url = response["Location"]
    report = client.get(url).context["report"]
    assert report.counts["reject"] == 0, [row.errors for row in report.rejected]
    assert client.post(url).status_code == 302
    assert dict(Structure.objects.values_list("name", "commune__insee_code")) == {
        "Chantier d'Ajaccio": "2A004",
        "Insertion Mamoudzou": "97611",
        "Atelier parisien": "75056",
        "Chantier sous l'ancien code d'Ajaccio": "2A004",
        "Atelier du 11e": "75056",
    }
    assert Structure.objects.get(name="Insertion Mamoudzou").departement.code == "976"
