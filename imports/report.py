"""The import report: one row per file, as CSV for Excel in Brazil (; and UTF-8 with BOM)."""

import csv
import io

from cases.vocabulary import current
from formio.writers.cells import cell_text

from .models import Outcome
from .templatetags.imports_tags import differences

HEADER = ["arquivo", "resultado", "caso", "avisos", "motivo da falha", "diferenças"]
SUMMARY_ORDER = [
    Outcome.CREATED,
    Outcome.UPDATED,
    Outcome.UNCHANGED,
    Outcome.CONFLICT,
    Outcome.FAILED,
    Outcome.REVIEW,  # scanned forms: reviewed on the web before they are saved
]


def report_csv(results) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for r in results:
        label = Outcome(r.outcome).label
        texts = [r.filename, label, " | ".join(r.warnings), r.message, changes_text(r)]
        name, label, warnings, message, changes = (cell_text(text or "") for text in texts)
        writer.writerow([name, label, r.case_id or "", warnings, message, changes])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def changes_text(result) -> str:
    """ "Obs. Geral: a → b | Status retenção: (vazio) → Retido" (Brazilian formats)."""
    return " | ".join(
        f"{d.label}: {d.old} → {d.new}" for d in differences(result.changes, current())
    )


def summary_line(counts: dict[str, int], read: int) -> str:
    parts = [f"{Outcome(o).label.lower()}: {counts.get(o, 0)}" for o in SUMMARY_ORDER]
    return f"lidos: {read}; " + "; ".join(parts)
