"""The reports' values written the Brazilian way (1.234, 45,5%, mar/2024, 10/04/2024)."""

from django import template

from reports.formatting import br_number, br_percent, format_cell

register = template.Library()


@register.filter
def cells(row: dict, columns) -> list[tuple[str, bool]]:
    """A row's values written the Brazilian way, each with whether it is a number (one
    filter call a row: the dashboard shows some 2,000 cells)."""
    return [(format_cell(row.get(c.key), c.kind), c.kind != "text") for c in columns]


# A table shows its first SCREEN_ROWS rows (the largest groups come first) and a link to
# the rest: 78 cities pushed the other tables a long scroll away, and rendering every row
# of every table was half the dashboard's time. The link opens the whole table in place
# (htmx: the dashboard view's `tabela` fragment) or, without JavaScript, the page with
# that table whole; the XLSX and CSV exports always hold every row.
SCREEN_ROWS = 20


@register.filter
def shown_rows(table, whole: str) -> list:
    """The rows of `table` on screen: the first SCREEN_ROWS, all when it is opened whole."""
    return table.rows if table.slug == whole else table.rows[:SCREEN_ROWS]


@register.filter
def hidden_rows(table, whole: str) -> int:
    """How many rows of `table` `shown_rows` leaves out."""
    return 0 if table.slug == whole else max(len(table.rows) - SCREEN_ROWS, 0)


@register.filter
def br(value, decimals: int = 0) -> str:
    return br_number(value, decimals)


@register.filter
def pct(value) -> str:
    return br_percent(value)
