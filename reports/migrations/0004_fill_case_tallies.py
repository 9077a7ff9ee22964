"""Was: fill the tallies. Their shape changed twice the same day (0005, 0007), and filling
them here with today's code fails on the schema of 0003, so 0007 fills them once, last."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_case_tallies")]

    operations = []
