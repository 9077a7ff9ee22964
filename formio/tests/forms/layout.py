"""The paper form's layout of a CaseData: rows of labelled cells, boxes, free text."""

from dataclasses import dataclass
from decimal import Decimal

from formio.brids import format_cnpj, format_cpf
from formio.casedata import CaseData, decimal_text
from formio.vocabulary import (
    OUTROS_INSTRUCTION,
    RESPONSIBLE_SECTORS,
    RETENTION_ACTIONS,
    STATUSES,
    TERMINATION_REASONS,
    Option,
)

PAPER_CONTACT_SLOTS = 5


@dataclass
class Row:
    cells: list[tuple[str, str]]  # (label, value); "" is an empty cell


@dataclass
class Boxes:
    label: str
    options: list[tuple[bool, str]]  # (ticked, printed label)
    per_line: int = 3
    trailing: tuple[str, str] | None = None  # ("Quais?", other plans) after the boxes


@dataclass
class Contact:
    number: int
    date: str
    notes: str


@dataclass
class Free:
    label: str
    text: str
    instruction: str = ""


@dataclass
class Signatures:
    names: list[str]


def sections(data: CaseData, *, misspelt: bool = True) -> list:
    p = data.provider
    items = [
        Row(
            [
                ("Colaborador", data.analyst or ""),
                ("Qtd CRO(s)", _int(data.cro_count)),
                ("Data", _date(data.form_date)),
            ]
        ),
        Row(
            [
                ("Operadora", data.operator or ""),
                ("CRO", p.cro or ""),
                ("UF", p.cro_uf or ""),
                ("Nome dentista", p.name or ""),
            ]
        ),
        Row([("CNPJ", format_cnpj(p.cnpj) or "-"), ("CPF", format_cpf(p.cpf) or "-")]),
        Row(
            [
                ("Data inclusão", _date(p.network_entry_date)),
                ("Tipo", p.person_type or ""),
                ("Demandado por?", data.requested_by or ""),
                ("Nº do protocolo", data.protocol_number or ""),
                ("Dt. abertura protocolo", _date(data.protocol_opened_on)),
            ]
        ),
        Row(
            [
                ("UF", data.service_uf or ""),
                ("Cidade", data.city or ""),
                ("nº de vidas", _int(data.lives)),
                ("nº CRO(S) únicos divulgados", _int(data.unique_cros_listed)),
            ]
        ),
        Boxes(
            "Atende outros convênios",
            _yes_no(data.serves_other_plans),
            trailing=("Quais?", data.other_plans),
        ),
        Row(
            [
                ("Moeda", _decimal(data.unit_value)),
                ("Última produç.", data.last_production or ""),
                ("Valor última prod.", _money(data.last_production_value)),
            ]
        ),
        Row(
            [
                ("Data início", _date(data.started_on)),
                ("Data final", _date(data.finished_on)),
                ("Tempo finalização", _days(data.days_to_finish)),
            ]
        ),
        Boxes("Status retenção", _boxes(STATUSES, [data.status], misspelt), per_line=1),
    ]
    slots = max(PAPER_CONTACT_SLOTS, len(data.contacts))
    for i in range(slots):
        contact = data.contacts[i] if i < len(data.contacts) else None
        items.append(
            Contact(i + 1, _date(contact.date) if contact else "", contact.notes if contact else "")
        )
    items += [
        Boxes("Ação Retenção", _boxes(RETENTION_ACTIONS, data.retention_actions, misspelt)),
        Free("Obs.:", data.retention_actions_notes, instruction=OUTROS_INSTRUCTION),
        Boxes(
            "Motivo desligamento", _boxes(TERMINATION_REASONS, data.termination_reasons, misspelt)
        ),
        Boxes("Necessário abertura de protocolo", _yes_no(data.protocol_required)),
        Free("Obs. Geral", data.general_notes),
        Boxes(
            "Setor responsável", _boxes(RESPONSIBLE_SECTORS, data.responsible_sectors, misspelt), 4
        ),
        Signatures(list(data.signatures)),
    ]
    return items


def _boxes(options: tuple[Option, ...], ticked, misspelt: bool) -> list[tuple[bool, str]]:
    """Every option of a list; the form's own misspellings when `misspelt`."""
    return [
        (o.code in ticked, (o.printed_as[0] if misspelt and o.printed_as else o.label))
        for o in options
    ]


def _yes_no(value: bool | None) -> list[tuple[bool, str]]:
    return [(value is True, "SIM"), (value is False, "NÃO")]


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _int(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def _decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    whole, _, fraction = decimal_text(value).partition(".")
    sign = "-" if whole.startswith("-") else ""
    return sign + f"{abs(int(whole)):,}".replace(",", ".") + "," + fraction


def _money(value: Decimal | None) -> str:
    return "R$ -" if value is None else f"R$ {_decimal(value)}"


def _days(value: int | None) -> str:
    return "" if value is None else f"{value} dia(s)"
