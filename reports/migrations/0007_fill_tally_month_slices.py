"""Was: fill the tallies by slice (reports.tallies). The tallies are gone (0009 drops their
table; the dashboard counts the facts on request), so there is nothing to fill."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_fill_tally_slices")]

    operations = []
