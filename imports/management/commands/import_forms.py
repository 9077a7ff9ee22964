"""Import old forms from files, folders (recursive) and .zip archives."""

from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from imports import services
from imports.models import Decision, Outcome
from imports.report import changes_text, report_csv, summary_line
from imports.several import in_file_order
from imports.sources import sources_from_paths


class Command(BaseCommand):
    help = (
        "Importa formulários antigos (.txt, .md, .docx, .doc, .odt, .rtf, .html, .pdf..., pastas "
        "e .zip). Cada formulário "
        "numa transação; o mesmo arquivo de novo não altera nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="só lê e diz o que faria")
        parser.add_argument("--analyst", help="usuário que recebe os casos sem colaborador")
        parser.add_argument("--report", type=Path, help="arquivo CSV do relatório")
        parser.add_argument(
            "--update",
            action="store_true",
            help="aplica os formulários de casos já existentes que uma pessoa alterou (ou "
            "abertos), pelo serviço de edição; sem esta opção são só listados como conflitos",
        )

    def handle(self, *args, paths, dry_run, analyst, report, update, **options):
        analyst_user = _user(analyst)
        sources = list(sources_from_paths(paths))
        decision = Decision.APPLY if update else Decision.SKIP
        if dry_run:
            bar = tqdm(sources, desc="lendo", unit="arq", disable=None)
            results = [result for s in bar for result in _dry(s, decision)]
        else:
            results = self._import(sources, analyst_user, decision)
        report = report or Path(f"relatorio-importacao-{datetime.now():%Y%m%d-%H%M%S}.csv")  # noqa: DTZ005
        report.write_bytes(report_csv(results))
        counts = _count(results)
        prefix = "simulação — " if dry_run else ""
        self.stdout.write(prefix + summary_line(counts, len(results)))
        for r in results:
            if r.outcome == Outcome.FAILED:
                self.stdout.write(f"  falhou: {r.filename}: {r.message}")
            elif r.outcome == Outcome.CONFLICT:
                self.stdout.write(f"  conflito: {r.filename}: {r.message} {changes_text(r)}")
            elif r.outcome == Outcome.UPDATED:
                self.stdout.write(
                    f"  alterado: caso {r.case_id} por {r.filename}: {changes_text(r)}"
                )
        if not update and any(r.outcome == Outcome.CONFLICT for r in results):
            self.stdout.write("conflitos não aplicados; para aplicá-los: --update")
        self.stdout.write(f"relatório: {report}")

    def _import(self, sources, analyst, decision):
        batch = services.batch_create(
            user=analyst,
            sources=sources,
            source="linha de comando",
            analyst=analyst,
            decision=decision,
        )
        bar = tqdm(total=batch.total, desc="importando", unit="arq", disable=None)
        services.batch_run(batch, progress=lambda row: bar.update(1))
        bar.close()
        return [_result(row) for row in in_file_order(batch.files.all())]


def _user(username):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"usuário “{username}” não existe.", returncode=2)
    return user


def _dry(source, decision) -> list:
    """What importing the file would do, one result per form (a file may hold several)."""
    if source.error:
        return [services.FormResult(source.name, Outcome.FAILED, message=source.error)]
    return services.file_would_be(
        filename=source.name, content=source.content, choice=services.Choice(decision)
    )


def _result(row):
    return services.FormResult(
        row.label, row.outcome, row.case_id, row.warnings, row.message, row.changes
    )


def _count(results) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    return counts
