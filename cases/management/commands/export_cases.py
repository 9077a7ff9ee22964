"""Print cases in the interchange format (a JSON array of schema-valid cases); logged."""

import json

from django.core.management.base import BaseCommand, CommandError

from audit.services import export_log
from cases.conversion import case_to_data
from cases.filters import CaseFilter
from cases.models import Case

FILTERS = {
    "q": "busca (CRO, nome, CPF, CNPJ, protocolo, cidade)",
    "situation": "open, closed, retencao_efetiva, desligamento ou nao_se_trata_de_retencao",
    "operator": "id da operadora",
    "uf": "UF de atendimento",
    "city": "cidade",
    "analyst": "id do colaborador",
    "reason": "id do motivo de desligamento",
    "sector": "id do setor responsável",
    "requested_by": "id de 'demandado por'",
    "opened_after": "aberto a partir de (aaaa-mm-dd)",
    "opened_before": "aberto até (aaaa-mm-dd)",
    "closed_after": "encerrado a partir de (aaaa-mm-dd)",
    "closed_before": "encerrado até (aaaa-mm-dd)",
}


class Command(BaseCommand):
    help = "Exporta casos no formato de intercâmbio (JSON), com os mesmos filtros da lista."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json")
        for name, text in FILTERS.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=text)

    def handle(self, *args, **options):
        params = {k: options[k] for k in FILTERS if options.get(k)}
        filterset = CaseFilter(params, queryset=Case.objects.order_by("pk"))
        if not filterset.is_valid():
            raise CommandError(filter_errors(filterset), returncode=2)
        count = self._write(filterset.qs.with_form())
        export_log(user=None, what="export_cases.json", filters=params, case_count=count)

    def _write(self, queryset) -> int:
        self.stdout.write("[")
        count = 0
        for case in queryset.iterator(chunk_size=500):
            text = json.dumps(case_to_data(case).to_dict(), ensure_ascii=False)
            self.stdout.write(("," if count else "") + text)
            count += 1
        self.stdout.write("]")
        return count


def filter_errors(filterset) -> str:
    form = filterset.form
    return "; ".join(
        f"{form.fields[field].label}: {' '.join(msgs)}" for field, msgs in form.errors.items()
    )
