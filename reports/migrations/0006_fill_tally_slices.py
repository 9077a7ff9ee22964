"""Tallies anew, now by slice as well (new databases start empty)."""

from django.db import migrations


def fill(apps, schema_editor):
    if not apps.get_model("reports", "CaseFact").objects.exists():
        return
    from reports import tallies

    tallies.rebuild()


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_tally_slices")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
