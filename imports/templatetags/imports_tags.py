from decimal import Decimal
from typing import NamedTuple

from django import template

from formio.brids import format_cnpj, format_cpf
from formio.casedata import CaseData, flatten
from formio.formats import money_br
from formio.vocabulary import PERSON_TYPES, Vocabulary, field_label, label_of

register = template.Library()

OPTION_LISTS = {
    "status": "statuses",
    "retention_actions": "retention_actions",
    "termination_reasons": "termination_reasons",
    "responsible_sectors": "responsible_sectors",
}
IDS = {"provider.cpf": format_cpf, "provider.cnpj": format_cnpj}


# As the case screen shows them: "Moeda" and "Valor última prod." both in reais
MONEY = {"last_production_value", "unit_value"}
EMPTY = "(vazio)"


class PreviewRow(NamedTuple):
    label: str
    value: str


class DifferenceRow(NamedTuple):
    label: str
    old: str
    new: str


@register.filter
def differences(changes: list[dict], vocabulary: Vocabulary) -> list[DifferenceRow]:
    """A conflict's differences (case -> form), labelled in Portuguese, values the Brazilian
    way (dd/mm/aaaa, R$ 1.234,56, SIM/NÃO, CPF with its dots)."""
    return [
        DifferenceRow(
            change["label"],
            shown(change["field"], change["old"], vocabulary),
            shown(change["field"], change["new"], vocabulary),
        )
        for change in changes
    ]


def shown(path: str, value, vocabulary: Vocabulary | None = None) -> str:
    """One interchange value as a person reads it ("(vazio)" when blank)."""
    if value in (None, "", []):
        return EMPTY
    return _shown(path, value, vocabulary)


@register.filter
def preview_rows(data: CaseData, vocabulary: Vocabulary) -> list[PreviewRow]:
    """The fields a form gave, labelled as on the form and the options named as the reference
    tables name them (blank fields left out)."""
    return [
        PreviewRow(field_label(path), shown(path, value, vocabulary))
        for path, value in flatten(data.to_dict()).items()
        if value not in (None, "", [])
    ]


def _shown(path: str, value, vocabulary: Vocabulary | None) -> str:
    if path in MONEY:
        return money_br(Decimal(value))
    if path == "provider.person_type":
        return label_of(PERSON_TYPES, value)
    if isinstance(value, bool):
        return "SIM" if value else "NÃO"
    if path in OPTION_LISTS and vocabulary is not None:
        options = getattr(vocabulary, OPTION_LISTS[path])
        codes = value if isinstance(value, list) else [value]
        return ", ".join(label_of(options, code) for code in codes)
    if path in IDS:
        return IDS[path](value)
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return "/".join(reversed(value.split("-")))
    return str(value)
