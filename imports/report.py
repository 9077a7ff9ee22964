"""The import report: one row per file, as CSV for Excel in Brazil (; and UTF-8 with BOM)."""

import csv
import io

from formio.writers.cells import cell_text

from .models import Outcome

HEADER = ["arquivo", "resultado", "caso", "avisos", "motivo da falha"]
SUMMARY_ORDER = [Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.FAILED]


def report_csv(results) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for r in results:
        label = Outcome(r.outcome).label
        texts = [r.filename, label, " | ".join(r.warnings), r.message]
        name, label, warnings, message = (cell_text(text or "") for text in texts)
        writer.writerow([name, label, r.case_id or "", warnings, message])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def summary_line(counts: dict[str, int], read: int) -> str:
    parts = [f"{Outcome(o).label.lower()}: {counts.get(o, 0)}" for o in SUMMARY_ORDER]
    return f"lidos: {read}; " + "; ".join(parts)
