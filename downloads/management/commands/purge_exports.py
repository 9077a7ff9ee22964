"""Delete the background exports (rows and files) older than downloads.services.KEEP_HOURS."""

from django.core.management.base import BaseCommand

from downloads.services import KEEP_HOURS, purge_expired


class Command(BaseCommand):
    help = f"Apaga as exportações em segundo plano pedidas há mais de {KEEP_HOURS} horas."

    def handle(self, *args, **options):
        count = purge_expired()
        self.stdout.write(f"{count} exportação(ões) apagada(s).")
