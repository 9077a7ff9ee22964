"""PostgreSQL: statistics of how many distinct groups each dashboard GROUP BY makes.

Without them the planner multiplies the columns' distinct counts (at 1,000,000 facts it
expected ~100,000 groups of (start_month, finish_month, analyst, days) where there are
~12,000), plans a sort that spills to disk instead of a hash in memory, and compiles the
query (JIT): the dashboard took twice as long. SQLite has no such statistics.
"""

from django.db import migrations

# The columns of the GROUP BYs in reports.queries.groups.Groups (places, items, months)
GROUPINGS = {
    "fact_places_groups": "service_uf, city, analyst_id",
    "fact_items_groups": "reasons, actions, sectors",
    "fact_months_groups": "start_month, finish_month, analyst_id, days",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in GROUPINGS.items():
        schema_editor.execute(
            f"CREATE STATISTICS {name} (ndistinct) ON {columns} FROM reports_casefact"
        )
    schema_editor.execute("ANALYZE reports_casefact")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GROUPINGS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_open_counts_index")]

    operations = [migrations.RunPython(create, drop)]
