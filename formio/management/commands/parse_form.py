"""manage.py parse_form FILE: print the form read from FILE as interchange JSON.

The JSON goes to stdout, the reading warnings to stderr, exit 0. A file that is not a
readable form gives one Portuguese line naming the file and the reason, exit 2. Needs no
database.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from formio.readers import UnreadableForm, read_form


class Command(BaseCommand):
    help = "Lê um formulário (.txt, .md, .docx, .doc, .odt, .rtf, .html, .pdf) e imprime o JSON."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="arquivo do formulário")

    def handle(self, *args, file: str, **options):
        try:
            result = read_form(file)
        except UnreadableForm as error:
            raise CommandError(f"{file}: {error}", returncode=2) from None
        for warning in result.warnings:
            self.stderr.write(f"Aviso: {warning}")
        self.stdout.write(json.dumps(result.data.to_dict(), ensure_ascii=False, indent=2))
