"""PostgreSQL: a trigram index so the queue's partial search ("maria", "073094") uses an index.

Needs the pg_trgm extension (CREATE EXTENSION, usually a superuser's right). Without it the
search still works, by a full scan; the migration says so instead of failing. SQLite: nothing.
"""

from django.db import migrations, transaction


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal means: go on without the index
        print(f"\n  pg_trgm indisponível ({error}); a busca da fila funcionará sem índice.")
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS case_search_trgm ON cases_case "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("cases", "0003_deadlines")]
    operations = [migrations.RunPython(create, drop)]
