from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Rate limits count in the database cache by default; its table is made here so `migrate` is enough.
    # Does nothing when CACHE_URL points at another kind of cache.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_events")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
