"""Tallies anew, now by month of Data início and of Data final too (new databases: empty)."""

from django.db import migrations

from reports.tallies import refill


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_fill_tally_slices")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop, elidable=True)]
