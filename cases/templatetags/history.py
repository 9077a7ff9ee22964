"""The case history's values as a person writes them: {% load history %}, then
{% change_value change "old" %} -> "20/03/2024", "Desligamento", "Mudou de Área, Óbito",
"SIM", "R$ 0,30", "1.250"; an empty value is "—".

`change` is one entry of CaseEvent.changes (interchange values: ISO dates, codes, decimal
strings, lists); `option_labels` in the context maps (field, code) to the option's label.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import template

from formio import brids, formats
from formio.vocabulary import PERSON_TYPES, STATUSES

register = template.Library()

MONEY_FIELDS = ("unit_value", "last_production_value")
EMPTY = "—"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@register.simple_tag(takes_context=True)
def change_value(context, change: dict, side: str) -> str:
    return value_text(change.get("field", ""), change.get(side), context.get("option_labels", {}))


def value_text(path: str, value, option_labels: dict) -> str:
    if value is None or value in ("", []):
        return EMPTY
    if isinstance(value, list):
        joiner = " · " if path == "signatures" else ", "
        return joiner.join(option_labels.get((path, item), str(item)) for item in value)
    if isinstance(value, bool):
        return "SIM" if value else "NÃO"
    if isinstance(value, int):
        return formats.integer_br(value)
    return _text(path, str(value), option_labels)


def _text(path: str, value: str, option_labels: dict) -> str:
    if (path, value) in option_labels:
        return option_labels[(path, value)]
    if path in MONEY_FIELDS:
        try:
            return formats.money_br(Decimal(value))
        except InvalidOperation:
            return value
    if path == "provider.cpf":
        return brids.format_cpf(value)
    if path == "provider.cnpj":
        return brids.format_cnpj(value)
    if ISO_DATE.fullmatch(value):
        return formats.date_br(datetime.date.fromisoformat(value))
    return value


def fixed_labels() -> dict:
    """The labels that are not reference tables: status and person type."""
    return {
        **{("status", o.code): o.label for o in STATUSES},
        **{("provider.person_type", o.code): o.label for o in PERSON_TYPES},
    }
