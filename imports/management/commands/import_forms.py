"""Import old forms from files, folders (recursive) and .zip archives."""

from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from imports import services
from imports.report import report_csv, summary_line
from imports.sources import sources_from_paths


class Command(BaseCommand):
    help = (
        "Importa formulários antigos (.txt, .md, .docx, .pdf, pastas e .zip). Cada formulário "
        "numa transação; o mesmo arquivo de novo não altera nada."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="só lê e diz o que faria")
        parser.add_argument("--analyst", help="usuário que recebe os casos sem colaborador")
        parser.add_argument("--report", type=Path, help="arquivo CSV do relatório")

    def handle(self, *args, paths, dry_run, analyst, report, **options):
        analyst_user = _user(analyst)
        sources = list(sources_from_paths(paths))
        if dry_run:
            results = [_dry(s) for s in tqdm(sources, desc="lendo", unit="arq", disable=None)]
        else:
            results = self._import(sources, analyst_user)
        report = report or Path(f"relatorio-importacao-{datetime.now():%Y%m%d-%H%M%S}.csv")  # noqa: DTZ005
        report.write_bytes(report_csv(results))
        counts = _count(results)
        prefix = "simulação — " if dry_run else ""
        self.stdout.write(prefix + summary_line(counts, len(results)))
        for r in results:
            if r.outcome == "failed":
                self.stdout.write(f"  falhou: {r.filename}: {r.message}")
        self.stdout.write(f"relatório: {report}")

    def _import(self, sources, analyst):
        batch = services.batch_create(
            user=analyst, sources=sources, source="linha de comando", analyst=analyst
        )
        bar = tqdm(total=batch.total, desc="importando", unit="arq", disable=None)
        services.batch_run(batch, progress=lambda row: bar.update(1))
        bar.close()
        return [_result(row) for row in batch.files.all()]


def _user(username):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"usuário “{username}” não existe.", returncode=2)
    return user


def _dry(source):
    if source.error:
        return services.FormResult(source.name, "failed", message=source.error)
    return services.form_import(
        user=None, filename=source.name, content=source.content, dry_run=True
    )


def _result(row):
    return services.FormResult(row.filename, row.outcome, row.case_id, row.warnings, row.message)


def _count(results) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    return counts
