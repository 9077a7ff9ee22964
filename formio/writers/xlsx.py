"""A table as an Excel workbook, streamed row by row (lists of 100,000 cases and more).

    write_table(out, title="Casos", headers=["Caso", ...], formats=["#,##0", None, ...],
                rows=iterable of value lists) -> number of rows

One sheet; the header row bold, frozen and with an autofilter. Text is always text (a
note that starts with "=" is not a formula), dates are dates and numbers numbers, each
shown by its column's number format; None and "" leave the cell empty.

The workbook is written directly as SpreadsheetML: the few parts a one-sheet workbook
needs, as XlsxWriter writes them, with strings inline as in its constant-memory mode; the
sheet goes to a temporary file first, so the zip knows its size. For the 3 million cells
of 100,000 cases, openpyxl's write-only cells took about 30 s and XlsxWriter's about 18 s
on the benchmark machine; a row here is one string, about 3 s.
"""

import datetime
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

CELL_LIMIT = 32_767  # characters Excel keeps in a cell
# What XML 1.0 does not allow (control characters pasted from Word...): dropped.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (as used)
ROWS_PER_WRITE = 500
HEADER_STYLE = 1

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>'
    "</Types>"
)  # fmt: skip
PACKAGE_RELS = (
    f'{DECLARATION}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    f'{DECLARATION}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)


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
    style_of, styles = _styles(formats)
    with tempfile.TemporaryFile() as sheet:
        count = _write_sheet(sheet, headers, style_of, rows)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("_rels/.rels", PACKAGE_RELS)
            archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
            archive.writestr("xl/styles.xml", styles)
            archive.writestr(
                "xl/workbook.xml", _workbook(title, column_letter(len(headers) - 1), count + 1)
            )
            _store(archive, "xl/worksheets/sheet1.xml", sheet)
    return count


def _store(archive: zipfile.ZipFile, name: str, source) -> None:
    """Copy the file `source` into the archive. Its size known, the zip takes the 64-bit
    extensions only past 2 GiB (a million cases), as Excel prefers."""
    size = source.tell()
    source.seek(0)
    with archive.open(name, "w", force_zip64=size > zipfile.ZIP64_LIMIT) as entry:
        shutil.copyfileobj(source, entry, 1024 * 1024)


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _write_sheet(sheet, headers: Sequence[str], style_of: list[int], rows) -> int:
    letters = [column_letter(i) for i in range(len(headers))]
    sheet.write(
        f'{DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheetViews>'
        '<sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>'.encode()
    )
    header = [HEADER_STYLE] * len(headers)
    sheet.write(_row(1, headers, letters, header).encode())
    count, pending = 0, []
    for count, values in enumerate(rows, 1):
        pending.append(_row(count + 1, values, letters, style_of))
        if len(pending) == ROWS_PER_WRITE:
            sheet.write("".join(pending).encode())
            pending.clear()
    sheet.write("".join(pending).encode())
    last_cell = f"{letters[-1]}{count + 1}"
    sheet.write(f'</sheetData><autoFilter ref="A1:{last_cell}"/></worksheet>'.encode())
    return count


def _row(number: int, values: Sequence, letters: list[str], style_of: list[int]) -> str:
    cells = [
        _cell(f"{letter}{number}", value, style)
        for letter, value, style in zip(letters, values, style_of, strict=True)
        if value is not None and value != ""
    ]
    return f'<row r="{number}">{"".join(cells)}</row>'


def _cell(ref: str, value, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        text = escape(NOT_IN_XML.sub("", value[:CELL_LIMIT]))
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.datetime):
        raise TypeError("write_table: dates only (datetime.date), not date and time.")
    if isinstance(value, datetime.date):
        return f'<c r="{ref}"{s}><v>{(value - EXCEL_EPOCH).days}</v></c>'
    return f'<c r="{ref}"{s}><v>{value}</v></c>'  # int, float, Decimal


def _styles(formats: Sequence[str | None]) -> tuple[list[int], str]:
    """(style of each column, styles.xml): 0 plain, 1 the bold header, then one style per
    distinct number format."""
    distinct = list(dict.fromkeys(f for f in formats if f))
    style_of = [distinct.index(f) + 2 if f else 0 for f in formats]
    number_formats = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{_attr(f)}"/>' for i, f in enumerate(distinct)
    )
    if distinct:
        number_formats = f'<numFmts count="{len(distinct)}">{number_formats}</numFmts>'
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    ]
    xfs += [
        f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/>'
        for i in range(len(distinct))
    ]
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    styles = (
        f'{DECLARATION}<styleSheet xmlns="{MAIN}">{number_formats}'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )  # fmt: skip
    return style_of, styles


def _workbook(title: str, last_column: str, last_row: int) -> str:
    """The workbook part: its one sheet and the autofilter's range (as Excel records it)."""
    quoted = "'" + title.replace("'", "''") + "'"
    filtered = f"{quoted}!$A$1:${last_column}${last_row}"
    return (
        f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
        '<bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name="{_attr(title)}" sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{escape(filtered)}</definedName></definedNames></workbook>"
    )  # fmt: skip


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})
