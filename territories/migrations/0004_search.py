# The commune search compares `search_key` (a normalised name) on both backends. On
# PostgreSQL a trigram index serves its "contains" and "starts with" lookups; SQLite, the
# embedded default, reads the 35,000 keys in a few milliseconds and has no such index.
# The keys of the communes already there are written, and their postcode listed.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresRunSQL(migrations.RunSQL):
    """Run on PostgreSQL only (the trigram operator class does not exist elsewhere)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == 'postgresql':
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == 'postgresql':
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def keys_fill(apps, schema_editor):
    from territories.normalise import search_key

    Commune = apps.get_model('territories', 'Commune')
    communes = list(Commune.objects.all())
    for commune in communes:
        commune.search_key = search_key(commune.name)
    Commune.objects.bulk_update(communes, ['search_key'], batch_size=1000)
    # The postcode each commune had becomes the first of its postcodes.
    Postcode = apps.get_model('territories', 'Postcode')
    Postcode.objects.bulk_create(
        [Postcode(code=c.postcode, commune=c) for c in communes if c.postcode],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('territories', '0003_france'),
    ]

    operations = [
        TrigramExtension(),
        PostgresRunSQL(
            'CREATE INDEX territories_commune_key_trgm ON territories_commune '
            'USING gin (search_key gin_trgm_ops)',
            'DROP INDEX territories_commune_key_trgm',
        ),
        PostgresRunSQL(
            'CREATE INDEX territories_alias_key_trgm ON territories_communealias '
            'USING gin (search_key gin_trgm_ops)',
            'DROP INDEX territories_alias_key_trgm',
        ),
        migrations.RunPython(keys_fill, migrations.RunPython.noop),
    ]
