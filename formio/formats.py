"""Values written the Brazilian way, for documents, exports and screens.

    date_br(date(2024, 3, 20)) == "20/03/2024"     money_br(Decimal("1234.56")) == "R$ 1.234,56"
    decimal_br(Decimal("0.30")) == "0,30"          integer_br(1234) == "1.234"
    days_br(50) == "50 dia(s)"

Absent values (None) give `empty` ("" unless the caller asks for "-" or similar). Pure
helpers: no Django, no locale settings (the server's locale must not change a document).
"""

import datetime
from decimal import Decimal

from .casedata import decimal_text

# The months by name, for "20 de março de 2024", "fevereiro de 2024 tem 29 dias" and the
# dates readers find written that way.
MONTH_NAMES = (
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"
).split()


def date_br(value: datetime.date | None, empty: str = "") -> str:
    return value.strftime("%d/%m/%Y") if value else empty


def integer_br(value: int | None, empty: str = "") -> str:
    if value is None:
        return empty
    return f"{value:,}".replace(",", ".")


def decimal_br(value: Decimal | None, empty: str = "") -> str:
    """ "0,30", "1.234,56", "0,325": as many decimals as the value has, at least two."""
    text = decimal_text(value)
    if text is None:
        return empty
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    return f"{sign}{integer_br(int(whole))},{fraction}"


def money_br(value: Decimal | None, empty: str = "") -> str:
    """ "R$ 1.234,56" (cents rounded to two places)."""
    if value is None:
        return empty
    return f"R$ {decimal_br(value.quantize(Decimal('0.01')))}"


def days_br(value: int | None, empty: str = "") -> str:
    return empty if value is None else f"{value} dia(s)"


def yes_no_br(value: bool | None, empty: str = "") -> str:
    return {True: "SIM", False: "NÃO"}.get(value, empty)
