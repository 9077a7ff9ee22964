"""manage.py discard_originals: delete originals of failed files and abandoned previews."""

from django.core.management.base import BaseCommand

from imports.cleanup import originals_discard


class Command(BaseCommand):
    help = (
        "Apaga do disco os originais de arquivos que falharam e de lotes não confirmados "
        "(dados pessoais guardados só com o caso). Rodar uma vez por dia."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--horas", type=int, default=24, dest="hours", help="idade de um lote abandonado"
        )

    def handle(self, *args, hours, **options):
        count = originals_discard(preview_hours=hours)
        self.stdout.write(f"{count} originais apagados.")
