"""manage.py refresh_report_facts: rebuild the dashboard's facts of every case at once."""

import time

from django.core.management.base import BaseCommand

from formio.formats import integer_br
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
        seconds = f"{elapsed:.1f}".replace(".", ",")
        self.stdout.write(f"Fatos do painel refeitos: {integer_br(count)} casos em {seconds} s.")
