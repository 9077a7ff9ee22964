"""Write the filled form of every (filtered) case as a PDF or DOCX file into a folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.services import export_log
from cases import exports
from cases.filters import CaseFilter
from cases.models import Case

from .export_cases import FILTERS, filter_errors


class Command(BaseCommand):
    help = (
        "Grava o formulário de cada caso (PDF ou DOCX) numa pasta, um arquivo por caso "
        "com o número do protocolo e o id do caso no nome; mesmos filtros da lista."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=exports.FORM_FORMATS, default="pdf")
        parser.add_argument("--out", required=True, help="pasta de destino (criada se faltar)")
        for name, text in FILTERS.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=text)

    def handle(self, *args, **options):
        params = {k: options[k] for k in FILTERS if options.get(k)}
        filterset = CaseFilter(params, queryset=Case.objects.all())
        if not filterset.is_valid():
            raise CommandError(filter_errors(filterset), returncode=2)
        out = _folder(options["out"])
        fmt = options["format"]
        count = 0
        for case in exports.form_cases(filterset.qs):
            (out / exports.form_filename(case, fmt)).write_bytes(
                exports.render_form(case, fmt, personal=True)
            )
            count += 1
        export_log(user=None, what=f"export_forms.{fmt}", filters=params, case_count=count)
        self.stdout.write(f"{count} formulário(s) {fmt.upper()} gravado(s) em {out}.")


def _folder(path: str) -> Path:
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"--out: não foi possível criar a pasta {folder} ({error.strerror})."
        raise CommandError(message, returncode=2) from None
    return folder
