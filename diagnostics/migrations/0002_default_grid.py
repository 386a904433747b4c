import datetime

from django.db import migrations

from diagnostics import default_grid


def install_default_grid(apps, schema_editor):
    default_grid.install(
        Grid=apps.get_model("diagnostics", "Grid"),
        Axis=apps.get_model("diagnostics", "Axis"),
        Criterion=apps.get_model("diagnostics", "Criterion"),
        Level=apps.get_model("diagnostics", "Level"),
        FreeQuestion=apps.get_model("diagnostics", "FreeQuestion"),
        published_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install_default_grid, migrations.RunPython.noop),
    ]
