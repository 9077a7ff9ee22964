"""manage.py monthly_report --month 2024-03 [--out FILE]: the directors' monthly PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from formio.formats import integer_br
from reports import pdf, queries
from reports.views import parse_month


class Command(BaseCommand):
    help = "Gera o relatório mensal de retenção (PDF) de um mês, com todos os casos."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="mês do relatório, ex.: 2024-03")
        parser.add_argument("--out", help="arquivo PDF (padrão: relatorio-retencao-AAAA-MM.pdf)")

    def handle(self, *args, month, out, **options):
        first = parse_month(month)
        if first is None:
            raise CommandError(f"--month inválido: {month!r}; use AAAA-MM, por exemplo 2024-03.")
        path = Path(out or f"relatorio-retencao-{first:%Y-%m}.pdf")
        today = timezone.localdate()
        body = pdf.monthly_report(queries.facts(), first, filters=[], today=today)
        path.write_bytes(body)
        size = integer_br(len(body))
        self.stdout.write(f"Relatório de {first:%m/%Y} gravado em {path} ({size} bytes).")
