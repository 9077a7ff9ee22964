"""The printed form as rows of cells, shared by the PDF and DOCX writers.

Both documents draw the same grid of GRID columns, so they look alike and read back alike
(formio.readers): every field is a label cell followed by its value cell, an option list
is a heading row and then one "☐ label"/"☒ label" cell per option, each contact is one
row "Nº contato | Data | date | Obs.: | notes", and the names signed at the foot come
after the heading "Assinaturas". The option lists are data (a Vocabulary: the paper's,
PRINTED, unless the caller passes the one an administrator keeps); an option the case has
ticked is printed, ticked, even when the list no longer has it. Values are written as on
paper (20/03/2024, R$ 1.234,56, 0,30, 50 dia(s)); an empty value leaves its cell blank.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from formio.brids import format_cnpj, format_cpf
from formio.casedata import CaseData, ContactData
from formio.formats import date_br, days_br, decimal_br, integer_br, money_br
from formio.vocabulary import FIELD_LABELS, PRINTED, Option, Vocabulary

TITLE = "Formulário - Processo de Retenção"
GRID = 24
TICKED, UNTICKED = "☒", "☐"
PAPER_CONTACT_SLOTS = 5  # the paper form has five; more contacts get more rows


@dataclass(frozen=True)
class Cell:
    text: str
    span: int
    kind: str = "value"  # label, value, heading, option, ticked, justification

    @property
    def lines(self) -> list[str]:
        """Paragraphs of the text: a line break typed in a note starts a new one."""
        return self.text.split("\n") if self.text else []


@dataclass
class Document:
    title: str
    printed_line: str
    rows: list[list[Cell]] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)


def build(
    data: CaseData,
    *,
    printed_on: datetime.date,
    case_ref: str | None,
    vocabulary: Vocabulary = PRINTED,
) -> Document:
    doc = Document(TITLE, _printed_line(printed_on, case_ref))
    doc.rows += _header_rows(data)
    doc.rows += option_rows(
        FIELD_LABELS["status"], vocabulary.statuses, [data.status] if data.status else [], columns=3
    )
    doc.rows += _contact_rows(data)
    doc.rows += option_rows(
        FIELD_LABELS["retention_actions"],
        vocabulary.retention_actions,
        data.retention_actions,
        columns=3,
    )
    doc.rows.append(_actions_notes_row(data.retention_actions_notes))
    doc.rows += option_rows(
        FIELD_LABELS["termination_reasons"],
        vocabulary.termination_reasons,
        data.termination_reasons,
        columns=3,
    )
    protocol = _yes_no(data.protocol_required)
    doc.rows.append(_pair_row(Pair(FIELD_LABELS["protocol_required"], protocol, 8, 16)))
    doc.rows.append(_pair_row(Pair(FIELD_LABELS["general_notes"], data.general_notes, 4, 20)))
    doc.rows += option_rows(
        FIELD_LABELS["responsible_sectors"],
        vocabulary.responsible_sectors,
        data.responsible_sectors,
        columns=4,
    )
    doc.signatures = list(data.signatures)
    return doc


def _printed_line(printed_on: datetime.date, case_ref: str | None) -> str:
    printed = f"Impresso em {date_br(printed_on)}"
    return f"Caso {case_ref} · {printed}" if case_ref else printed


class Pair(NamedTuple):
    """A label cell and its value cell, with the columns each spans."""

    label: str
    value: str | None
    label_span: int
    value_span: int


def _header_rows(d: CaseData) -> list[list[Cell]]:
    p, label = d.provider, FIELD_LABELS
    rows = [
        [
            Pair("Colaborador", d.analyst, 4, 8),
            Pair(label["cro_count"], integer_br(d.cro_count), 4, 2),
            Pair("Data", date_br(d.form_date), 2, 4),
        ],
        [
            Pair("Operadora", d.operator, 4, 8),
            Pair("CRO", p.cro, 2, 4),
            Pair("UF", p.cro_uf, 2, 4),
        ],
        [Pair(label["provider.name"], p.name, 4, 20)],
        [
            Pair("CNPJ", format_cnpj(p.cnpj), 4, 8),
            Pair("CPF", format_cpf(p.cpf), 2, 10),
        ],
        [
            Pair(label["provider.network_entry_date"], date_br(p.network_entry_date), 4, 4),
            Pair("Tipo", p.person_type, 2, 2),
            Pair(label["requested_by"], d.requested_by, 4, 8),
        ],
        [
            Pair(label["protocol_number"], d.protocol_number, 4, 8),
            Pair(label["protocol_opened_on"], date_br(d.protocol_opened_on), 6, 6),
        ],
        [Pair("UF", d.service_uf, 4, 8), Pair("Cidade", d.city, 2, 10)],
        [
            Pair(label["lives"], integer_br(d.lives), 4, 8),
            Pair(label["unique_cros_listed"], integer_br(d.unique_cros_listed), 7, 5),
        ],
        [
            Pair(label["serves_other_plans"], _yes_no(d.serves_other_plans), 6, 6),
            Pair(label["other_plans"], d.other_plans, 2, 10),
        ],
        [
            Pair(label["unit_value"], decimal_br(d.unit_value), 3, 3),
            Pair(label["last_production"], d.last_production, 4, 4),
            Pair(label["last_production_value"], money_br(d.last_production_value, "R$ -"), 5, 5),
        ],
        [
            Pair(label["started_on"], date_br(d.started_on), 3, 3),
            Pair(label["finished_on"], date_br(d.finished_on), 4, 4),
            Pair(label["days_to_finish"], days_br(d.computed_days_to_finish()), 5, 5),
        ],
    ]
    return [_pair_row(*pairs) for pairs in rows]


def _pair_row(*pairs: Pair) -> list[Cell]:
    cells = []
    for pair in pairs:
        cells.append(Cell(pair.label, pair.label_span, "label"))
        cells.append(Cell(pair.value or "", pair.value_span))
    return cells


def _yes_no(value: bool | None) -> str:
    yes = TICKED if value is True else UNTICKED
    no = TICKED if value is False else UNTICKED
    return f"{yes} SIM    {no} NÃO"


def option_rows(
    heading: str, options: tuple[Option, ...], ticked: list[str], *, columns: int
) -> list[list[Cell]]:
    """A heading row, then every option of the list with its box, `columns` to a row;
    a ticked code the list does not have comes last, printed as its code."""
    span = GRID // columns
    known = {o.code for o in options}
    options = (*options, *(Option(code, code) for code in ticked if code not in known))
    cells = [
        Cell(f"{tick_of(o.code in ticked)} {o.label}", span, _option_kind(o.code in ticked))
        for o in options
    ]
    rows = [[Cell(heading, GRID, "heading")]]
    for start in range(0, len(cells), columns):
        row = cells[start : start + columns]
        filler = GRID - span * len(row)
        rows.append(row + ([Cell("", filler, "option")] if filler else []))
    return rows


def _option_kind(ticked: bool) -> str:
    return "ticked" if ticked else "option"


def tick_of(ticked: bool) -> str:
    return TICKED if ticked else UNTICKED


def _contact_rows(d: CaseData) -> list[list[Cell]]:
    slots = [ContactData(c.date, c.notes) for c in d.contacts]
    slots += [ContactData()] * (PAPER_CONTACT_SLOTS - len(slots))
    return [
        [
            Cell(f"{number}º contato", 3, "label"),
            Cell("Data", 2, "label"),
            Cell(date_br(slot.date), 3),
            Cell("Obs.:", 2, "label"),
            Cell(slot.notes, 14),
        ]
        for number, slot in enumerate(slots, 1)
    ]


def _actions_notes_row(notes: str) -> list[Cell]:
    """The writers print the paper's instruction (OUTROS_INSTRUCTION) above the
    justification, as the form does; readers drop it (FORM.md, rule 5)."""
    return [Cell("Obs.:", 4, "label"), Cell(notes, 20, "justification")]
