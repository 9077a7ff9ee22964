"""Tallies for the facts that already exist (new databases start empty)."""

from django.db import migrations


def fill(apps, schema_editor):
    if not apps.get_model("reports", "CaseFact").objects.exists():
        return
    from reports import tallies

    tallies.rebuild()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_case_tallies")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
