"""manage.py refresh_report_facts: rebuild the dashboard's facts of every case at once."""

import time

from django.core.management.base import BaseCommand

from reports import facts


class Command(BaseCommand):
    help = (
        "Refaz os fatos do painel de todos os casos (depois de cargas que não passam pelos "
        "serviços, como bench/generate.py)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = facts.refresh()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Fatos do painel refeitos: {count:,} casos em {elapsed:.1f} s.")
