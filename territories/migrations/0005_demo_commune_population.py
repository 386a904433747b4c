# The demo communes get their legal population (territories/data/communes_demo.csv, from
# @etalab/decoupage-administratif), so the report's structures and ETP per 10,000
# inhabitants are there without a full territories_load. A population already loaded is kept.

from django.db import migrations


def populations(apps, schema_editor):
    from territories.reference import read_rows

    Commune = apps.get_model("territories", "Commune")
    for row in read_rows("communes_demo.csv"):
        if row.get("population"):
            Commune.objects.filter(insee_code=row["insee_code"], population__isnull=True).update(
                population=int(row["population"])
            )


class Migration(migrations.Migration):
    dependencies = [("territories", "0004_search")]

    operations = [migrations.RunPython(populations, migrations.RunPython.noop)]
