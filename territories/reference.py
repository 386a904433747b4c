"""Reference territories shipped with the code (territories/data/*.csv): the official
régions and départements and the demo communes with their legal population (copied from
@etalab/decoupage-administratif 6.0.0, the package `territories_load` reads).

Loaded by a data migration so every database has them; `load_reference` is idempotent.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference(apps=None) -> None:
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Region = apps.get_model("territories", "Region")
    Departement = apps.get_model("territories", "Departement")
    Commune = apps.get_model("territories", "Commune")

    regions = {}
    for row in read_rows("regions.csv"):
        regions[row["code"]], _ = Region.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "time_zone": row["time_zone"]}
        )
    departements = {}
    for row in read_rows("departements.csv"):
        departements[row["code"]], _ = Departement.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "region": regions[row["region"]],
                "time_zone": row["time_zone"],
            },
        )
    try:
        Postcode = apps.get_model("territories", "Postcode")
    except LookupError:  # the migration that loads this data runs before postcodes exist
        Postcode = None
    with_population = any(field.name == "population" for field in Commune._meta.get_fields())
    for row in read_rows("communes_demo.csv"):
        commune, _ = Commune.objects.update_or_create(
            insee_code=row["insee_code"],
            defaults={
                "name": row["name"],
                "departement": departements[row["departement"]],
                "postcode": row["postcode"],
            },
        )
        # The legal population of @etalab/decoupage-administratif (what territories_load
        # reads), kept when a newer load already set it.
        if with_population and row.get("population") and commune.population is None:
            commune.population = int(row["population"])
            commune.save(update_fields=["population"])
        if Postcode is not None:
            Postcode.objects.get_or_create(code=row["postcode"], commune=commune)
