"""Facts for the cases that already exist (new databases start empty and the services fill them).

Runs the current reports.facts.refresh(): right for the schema of 0001 (later migrations add
indexes only). A later change of CaseFact's columns brings its own refill after its schema
migration.
"""

from django.db import migrations


def fill(apps, schema_editor):
    if not apps.get_model("cases", "Case").objects.exists():
        return
    from reports import facts

    facts.refresh()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_case_facts")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
