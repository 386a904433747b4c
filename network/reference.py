"""Partner kinds shipped with the code (network/data/organisation_kinds.csv).

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
    OrganisationKind = apps.get_model("network", "OrganisationKind")
    for row in read_rows("organisation_kinds.csv"):
        OrganisationKind.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "category": row["category"]}
        )
