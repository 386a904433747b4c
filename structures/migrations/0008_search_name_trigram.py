"""A trigram index on the structures' search key, on PostgreSQL.

The directory and every structure search match each word anywhere in the name
(`search_name LIKE '%word%'`, `StructureQuerySet.search`): without it PostgreSQL reads
every structure twice per directory page (the count and the rows), with it a few index
pages. pg_trgm is a trusted extension (PostgreSQL 13 and later): the database's owner may
create it. SQLite (`make run`) has no such index and keeps scanning its few rows.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS structure_search_name_trgm "
    "ON structures_structure USING gin (search_name gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS structure_search_name_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0007_phone_e164"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
