"""The tallies of the existing facts, every slice (new databases start empty).

Runs today's reports.tallies.rebuild(), right for the schema of 0005; a later change of
what the tallies hold brings its own refill after its schema migration."""

from django.db import migrations

from reports.tallies import refill


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_fill_tally_slices")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop, elidable=True)]
