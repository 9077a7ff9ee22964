"""Any report table as XLSX (openpyxl) or CSV (';' separated, UTF-8 with BOM, for Excel)."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from formio.writers.cells import cell_text

from .formatting import format_cell
from .tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {
    "int": "#,##0",
    "pct": "0.0%",
    "days": "0.0",
    "month": "mm/yyyy",
    "date": "dd/mm/yyyy",
}


def to_xlsx(table: Table, filters: list[str]) -> bytes:
    """Numbers stay numbers (percentages as fractions shown with %), dates stay dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31]
    sheet.append([cell_text(table.title)])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["Filtros: " + ("; ".join(filters) or "nenhum")])
    sheet.append([cell_text(c.label) for c in table.columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        values = zip(table.values(row), table.columns, strict=True)
        sheet.append([_xlsx_value(v, c.kind) for v, c in values])
    for index, column in enumerate(table.columns, 1):
        for cell in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
            if column.kind in NUMBER_FORMATS:
                cell[0].number_format = NUMBER_FORMATS[column.kind]
        letter = sheet.cell(row=3, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.label) + 4)
    if table.note:
        sheet.append([])
        sheet.append([cell_text(table.note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value, kind: str):
    """Text never becomes a formula (openpyxl stores a str that starts with = as one)."""
    if kind == "text" or isinstance(value, str):
        return "" if value is None else cell_text(str(value))
    return value


def to_csv(table: Table) -> bytes:
    """Read by a Brazilian Excel as is: ';' between fields, decimal comma, BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell_text(c.label) for c in table.columns])
    for row in table.rows:
        values = zip(table.values(row), table.columns, strict=True)
        writer.writerow([_csv_value(v, c.kind) for v, c in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date) and kind == "date":
        return value.strftime("%d/%m/%Y")
    if kind == "int":  # no thousands dot: Excel reads "1234" as a number
        return format_cell(value, kind).replace(".", "")
    if kind in ("pct", "days", "month"):
        return format_cell(value, kind)
    return cell_text(str(value))
