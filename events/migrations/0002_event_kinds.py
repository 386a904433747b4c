from django.db import migrations

KINDS = [
    ("reunion-collective", "Réunion collective"),
    ("formation", "Formation"),
    ("reunion-information", "Réunion d'information"),
    ("comite-reseau", "Comité de réseau"),
    ("mission-terrain", "Mission de terrain"),
]


def seed_kinds(apps, schema_editor):
    EventKind = apps.get_model("events", "EventKind")
    for position, (slug, name) in enumerate(KINDS):
        EventKind.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed_kinds, migrations.RunPython.noop)]
