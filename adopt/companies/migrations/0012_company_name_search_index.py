import logging

from django.db import DatabaseError, migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Searching by any part of a name (`name__icontains`, which PostgreSQL runs as UPPER(name) LIKE '%...%') reads
# every company without a trigram index: about a second at the national file's size. pg_trgm ships with
# PostgreSQL and is a trusted extension, so the database's owner may add it. SQLite has no such index; its
# search stays a scan, which is fine at the sizes it serves.
INDEX = "company_name_search"
logger = logging.getLogger(__name__)


def add_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: a refusal undoes only this
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        # Search works without the index, only slower: a role that may not add extensions must not stop the
        # deployment. Adding pg_trgm and migrating back to 0011 and forward again makes the index.
        logger.warning("Company search has no trigram index: pg_trgm could not be added (%s)", error)
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "companies_company" USING gin (UPPER("name") gin_trgm_ops)'
    )


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0011_programme_index_carries_id"),
    ]

    operations = [migrations.RunPython(add_index, drop_index, elidable=False)]
