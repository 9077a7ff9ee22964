"""The reports' values written the Brazilian way (1.234, 45,5%, mar/2024, 10/04/2024)."""

from django import template

from reports.formatting import br_number, br_percent, format_cell

register = template.Library()


@register.filter
def cell(row: dict, column) -> str:
    """A row's value for `column`, written the Brazilian way."""
    return format_cell(row.get(column.key), column.kind)


@register.filter
def br(value, decimals: int = 0) -> str:
    return br_number(value, decimals)


@register.filter
def pct(value) -> str:
    return br_percent(value)
