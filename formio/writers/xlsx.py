"""A table as an Excel workbook, streamed row by row (lists of 100,000 cases and more).

    write_table(out, title="Casos", headers=["Caso", ...], formats=["#,##0", None, ...],
                rows=iterable of value lists) -> number of rows

One sheet; the header row bold, frozen and with an autofilter. Text is always text, never
a formula: written with write_string (XlsxWriter's strings_to_formulas off as well) and a
text that starts like a formula gets a leading ' (`cells.cell_text`, OWASP). Dates are
dates and numbers numbers, each shown by its column's number format; None and "" leave
the cell empty.

XlsxWriter in constant_memory mode writes each row to a temporary file as it comes and
keeps only the current row in memory (strings inline, no shared-string table), so memory
stays flat however long the list (bench/bench_writers.py measures it).
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter

from .cells import cell_text

CELL_LIMIT = 32_767  # characters Excel keeps in a cell
# What XML 1.0 does not allow (control characters pasted from Word...): dropped.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def write_table(
    out,
    *,
    title: str,
    headers: Sequence[str],
    formats: Sequence[str | None],
    rows: Iterable[Sequence],
) -> int:
    """Write the workbook to the binary file `out`; returns the number of rows (no header).

    `title` names the sheet (at most 31 characters, none of []:*?/\\)."""
    workbook = xlsxwriter.Workbook(out, OPTIONS)
    sheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True})
    styles = [workbook.add_format({"num_format": f}) if f else None for f in formats]
    for column, header in enumerate(headers):
        sheet.write_string(0, column, cell_text(header), bold)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, values in enumerate(rows, 1):
        for column, (value, style) in enumerate(zip(values, styles, strict=True)):
            _write(sheet, count, column, value, style)
    sheet.autofilter(0, 0, count, len(headers) - 1)
    workbook.close()
    return count


def _write(sheet, row: int, column: int, value, style) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        text = cell_text(NOT_IN_XML.sub("", value))[:CELL_LIMIT]
        sheet.write_string(row, column, text, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, datetime.datetime):
        raise TypeError("write_table: dates only (datetime.date), not date and time.")
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, style)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, value, style)
    else:
        raise TypeError(f"write_table: no cell for {type(value).__name__} values.")
