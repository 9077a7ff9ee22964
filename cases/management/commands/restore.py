"""manage.py restore FILE: put a backup back (everything in the database is replaced)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from retencao.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaura o banco a partir de um backup feito com `backup` (substitui todo o conteúdo)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="arquivo de backup")
        parser.add_argument("--yes", action="store_true", help="não perguntar antes de substituir")

    def handle(self, *args, file, yes, **options):
        question = "Todo o conteúdo atual do banco será substituído. Continuar? [s/N] "
        if not yes and input(question).strip().lower() != "s":
            raise CommandError("Restauração cancelada.", returncode=1)
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(f"Banco restaurado de {file}.")
