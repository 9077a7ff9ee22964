from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    """The database cache's table (settings.CACHES), shared by every app server."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_roles")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
