"""manage.py backup FILE: a consistent snapshot of the database (SQLite or PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from formio.formats import integer_br
from retencao.backup import BackupError, backup


class Command(BaseCommand):
    help = "Grava uma cópia consistente do banco de dados em FILE (pode rodar com o sistema no ar)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="arquivo de destino")

    def handle(self, *args, file, **options):
        try:
            written = backup(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        size = integer_br(written.stat().st_size)
        self.stdout.write(f"Backup gravado em {written} ({size} bytes).")
