"""The reports' values written the Brazilian way (1.234, 45,5%, mar/2024, 10/04/2024)."""

from django import template

from reports.formatting import br_number, br_percent, format_cell

register = template.Library()


@register.filter
def cells(row: dict, columns) -> list[tuple[str, bool]]:
    """A row's values written the Brazilian way, each with whether it is a number (one
    filter call a row: the dashboard shows some 2,000 cells)."""
    return [(format_cell(row.get(c.key), c.kind), c.kind != "text") for c in columns]


@register.filter
def br(value, decimals: int = 0) -> str:
    return br_number(value, decimals)


@register.filter
def pct(value) -> str:
    return br_percent(value)
