"""Figures written the Brazilian way: 1.234, 45,5%, mar/2024."""

import datetime

MONTHS = ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]
EMPTY = "—"


def br_number(value, decimals: int = 0) -> str:
    if value is None:
        return EMPTY
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def br_percent(value) -> str:
    """A fraction (0.455) as "45,5%"."""
    return EMPTY if value is None else br_number(value * 100, 1) + "%"


def month_label(month: datetime.date | None) -> str:
    return "sem data" if month is None else f"{MONTHS[month.month - 1]}/{month.year}"


def br_date(value: datetime.date | None) -> str:
    return EMPTY if value is None else value.strftime("%d/%m/%Y")


def format_cell(value, kind: str) -> str:
    """How a table cell reads on screen and in the PDF (exports keep raw numbers)."""
    if kind == "int":
        return br_number(value)
    if kind == "pct":
        return br_percent(value)
    if kind == "days":
        return br_number(value, 1)
    if kind == "month":
        return month_label(value)
    if kind == "date":
        return br_date(value)
    return EMPTY if value in (None, "") else str(value)
