from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from reports.formatting import br_number, br_percent, format_cell

register = template.Library()


@register.simple_tag
def table_rows(table) -> SafeString:
    """The <tr>s of a report table, built in one Python loop: a template loop per cell cost
    more than the figures themselves on a full dashboard."""
    right = [column.kind != "text" for column in table.columns]
    lines = []
    for row in table.rows:
        cells = []
        for i, column in enumerate(table.columns):
            text = escape(format_cell(row.get(column.key), column.kind))
            if i == 0 and row.get("href"):
                text = f'<a href="{escape(row["href"])}">{text}</a>'
            cells.append(f'<td class="text-end">{text}</td>' if right[i] else f"<td>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n".join(lines))  # every value escaped above


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
