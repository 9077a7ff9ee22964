"""Was: fill the tallies by slice. 0007 fills them once, last (see 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_tally_slices")]

    operations = []
