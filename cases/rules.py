"""The form's rules (FORM.md), on CaseData so that screens, API and import share them.

- `validity_problems`: always enforced; a case is never saved with one of these.
- `closing_problems`: what a case needs before it can be saved as closed.
- `soft_warnings`: shown with the case, never blocking.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from django.db.models import F, IntegerField, Q
from django.db.models.functions import Coalesce

from formio import rules as form_rules
from formio.brids import UFS, cnpj_problem, cpf_problem
from formio.casedata import CaseData
from formio.formats import integer_br
from formio.vocabulary import NOT_RETENTION, RETAINED, TERMINATED, Vocabulary, field_label

NEEDS_NO_REASON = {RETAINED.code, NOT_RETENTION.code}

# The database side of the rules below, for querysets (reports, queue).
COVERAGE_RISK = Q(
    lives__gt=0,
    unique_cros_listed__isnull=False,
    cro_count__isnull=False,
    unique_cros_listed__lte=F("cro_count"),
)  # form_rules.coverage_at_risk


def days_to_finish_expression() -> Coalesce:
    """form_rules.days_to_finish in SQL: the generated column from the dates (Case's
    `days_to_finish`), else the number written on an old form."""
    return Coalesce("days_to_finish", "days_to_finish_written", output_field=IntegerField())


@dataclass(frozen=True)
class Problem:
    field: str  # interchange path, e.g. "provider.cpf" or "contacts.2.date"
    message: str  # Portuguese, names the field


def _problem(path: str, text: str) -> Problem:
    return Problem(path, f"{field_label(path)}: {text}")


def validity_problems(data: CaseData, *, today: datetime.date) -> list[Problem]:
    return [
        *size_problems(data),
        *_id_problems(data),
        *_uf_problems(data),
        *_date_order_problems(data),
        *_future_date_problems(data, today=today),
        *_contact_date_problems(data, today=today),
    ]


# -- sizes (issue 17): every text and list of a case has a maximum, on every path -----------
# The short fields are held to their database columns where the form is stored
# (cases.conversion, from cases.models' max_length); these are the texts and lists with no
# column limit. Free texts are pages of notes, never megabytes (a 2 MB note took 28 s to
# print); the lists are far more than a case ever has (the paper form: 5 contacts, 2
# signatures). TEXT_TOTAL_MAX bounds a case's printing time whatever the mix
# (docs/lgpd.md, "Tamanhos máximos").
FIELD_MAXIMA = {
    "other_plans": 2_000,
    "retention_actions_notes": 20_000,
    "general_notes": 20_000,
}
CONTACTS_MAX = 200
CONTACT_NOTES_MAX = 20_000
SIGNATURES_MAX = 20
SIGNATURE_MAX = 200
OPTIONS_MAX = 50  # ticked options of one list (the vocabulary has about a dozen)
TEXT_TOTAL_MAX = 100_000


def size_problems(data: CaseData) -> list[Problem]:
    """A text or list longer than its maximum, each named with its limit in Portuguese."""
    problems = [
        _problem(path, f"tem {_n(len(value))} caracteres; o máximo é {_n(limit)}.")
        for path, limit in FIELD_MAXIMA.items()
        if len(value := getattr(data, path)) > limit
    ]
    problems += _list_size_problems(data)
    total = sum(len(text) for text in _texts(data))
    if total > TEXT_TOTAL_MAX and not problems:  # a text or list too long says it already
        problems.append(
            Problem(
                "__all__",
                f"Textos do caso: somam {_n(total)} caracteres (observações, contatos e "
                f"assinaturas); o máximo é {_n(TEXT_TOTAL_MAX)}.",
            )
        )
    return problems


def _list_size_problems(data: CaseData):
    if len(data.contacts) > CONTACTS_MAX:
        yield _problem(
            "contacts", f"são {_n(len(data.contacts))}; o máximo é {_n(CONTACTS_MAX)} contatos."
        )
    for index, contact in enumerate(data.contacts[:CONTACTS_MAX]):
        if len(contact.notes) > CONTACT_NOTES_MAX:
            yield _problem(
                f"contacts.{index}.notes",
                f"tem {_n(len(contact.notes))} caracteres; o máximo é {_n(CONTACT_NOTES_MAX)}.",
            )
    if len(data.signatures) > SIGNATURES_MAX:
        yield _problem(
            "signatures", f"são {_n(len(data.signatures))}; o máximo é {SIGNATURES_MAX}."
        )
    long = [i for i, s in enumerate(data.signatures[:SIGNATURES_MAX], 1) if len(s) > SIGNATURE_MAX]
    if long:
        yield _problem(
            "signatures",
            f"a {long[0]}ª tem {_n(len(data.signatures[long[0] - 1]))} caracteres; "
            f"o máximo é {SIGNATURE_MAX} por assinatura.",
        )
    for path in ("retention_actions", "termination_reasons", "responsible_sectors"):
        if len(getattr(data, path)) > OPTIONS_MAX:
            yield _problem(
                path, f"{_n(len(getattr(data, path)))} opções; o máximo é {OPTIONS_MAX}."
            )


def _texts(data: CaseData):
    yield from (getattr(data, path) for path in FIELD_MAXIMA)
    yield from (contact.notes for contact in data.contacts)
    yield from data.signatures


def _n(number: int) -> str:
    """1234567 -> "1.234.567"."""
    return f"{number:,}".replace(",", ".")


def identification_problems(data: CaseData) -> list[Problem]:
    """A new case names its provider: the name, the CRO with its UF, the CPF or the CNPJ."""
    provider = data.provider
    if provider.name or (provider.cro and provider.cro_uf) or provider.cpf or provider.cnpj:
        return []
    return [
        _problem(
            "provider.name",
            "informe ao menos o nome, o CRO com a UF, o CPF ou o CNPJ do prestador.",
        )
    ]


def closing_problems(data: CaseData, *, justified_actions: set[str]) -> list[Problem]:
    """Hard rules for a closed case; `justified_actions` are codes that need a justification."""
    problems = [
        _problem(path, "obrigatório para encerrar o caso.")
        for path in ("started_on", "finished_on", "status")
        if getattr(data, path) in (None, "")
    ]
    if data.status == TERMINATED.code and not data.termination_reasons:
        problems.append(_problem("termination_reasons", "marque ao menos um motivo."))
    if data.status in NEEDS_NO_REASON and data.termination_reasons:
        problems.append(_problem("termination_reasons", "só se marca motivo em Desligamento."))
    if set(data.retention_actions) & justified_actions and not data.retention_actions_notes.strip():
        problems.append(
            _problem(
                "retention_actions_notes", "justificativa obrigatória quando Outros é marcado."
            )
        )
    return problems


def _id_problems(data: CaseData):
    for path, value, check in (
        ("provider.cpf", data.provider.cpf, cpf_problem),
        ("provider.cnpj", data.provider.cnpj, cnpj_problem),
    ):
        reason = check(value) if value else None
        if reason:
            yield _problem(path, reason)


def _uf_problems(data: CaseData):
    for path, value in (("provider.cro_uf", data.provider.cro_uf), ("service_uf", data.service_uf)):
        if value and value not in UFS:
            yield _problem(path, f"“{value}” não é uma UF brasileira.")


def _date_order_problems(data: CaseData):
    if form_rules.dates_out_of_order(data.started_on, data.finished_on):
        yield Problem("finished_on", form_rules.DATE_ORDER)


def _future_date_problems(data: CaseData, *, today: datetime.date):
    for path in form_rules.DATED_FIELDS:
        if form_rules.in_future(getattr(data, path), today):
            yield _problem(path, form_rules.FUTURE_DATE)


def unknown_option_problems(data: CaseData, vocabulary: Vocabulary) -> list[Problem]:
    """A status or ticked option that `vocabulary` (the options a case may take) lacks."""
    ticked = [
        ("status", [data.status] if data.status else [], vocabulary.statuses),
        ("retention_actions", data.retention_actions, vocabulary.retention_actions),
        ("termination_reasons", data.termination_reasons, vocabulary.termination_reasons),
        ("responsible_sectors", data.responsible_sectors, vocabulary.responsible_sectors),
    ]
    problems = []
    for path, codes, options in ticked:
        known = {option.code for option in options}
        problems += [
            _problem(path, f"opção desconhecida «{code}».") for code in codes if code not in known
        ]
    return problems


def _contact_date_problems(data: CaseData, *, today: datetime.date):
    for index, contact in enumerate(data.contacts):
        if not contact.date:
            continue
        path = f"contacts.{index}.date"
        if form_rules.in_future(contact.date, today):
            yield _problem(path, form_rules.FUTURE_DATE)
        elif data.finished_on and contact.date > data.finished_on:
            yield _problem(path, "não pode ser posterior à Data final.")


def soft_warnings(data: CaseData, *, action_keywords: dict[str, list[str]]) -> list[str]:
    """Warnings shown with the case; `action_keywords` maps action code -> words in notes."""
    return [
        *_person_type_warnings(data),
        *_other_plans_warnings(data),
        *_unticked_action_warnings(data, action_keywords),
        *_closed_without_contact_warnings(data),
        *_coverage_warnings(data),
    ]


def _person_type_warnings(data: CaseData):
    if data.provider.person_type == "F" and not data.provider.cpf:
        yield "Tipo F (pessoa física) sem CPF."
    if data.provider.person_type == "J" and not data.provider.cnpj:
        yield "Tipo J (pessoa jurídica) sem CNPJ."


def _other_plans_warnings(data: CaseData):
    if data.serves_other_plans and not data.other_plans.strip():
        yield "Atende outros convênios: SIM marcado sem dizer quais."


def _unticked_action_warnings(data: CaseData, action_keywords: dict[str, list[str]]):
    notes = fold(f"{data.retention_actions_notes}\n{data.general_notes}")
    for code, words in action_keywords.items():
        said = [w for w in words if fold(w) in notes]
        if said and code not in data.retention_actions:
            yield f"As observações citam “{said[0]}”, mas a ação correspondente não está marcada."


def _closed_without_contact_warnings(data: CaseData):
    if data.status and not data.contacts:
        yield "Caso com status de encerramento e nenhum contato registrado."


def _coverage_warnings(data: CaseData):
    if form_rules.coverage_at_risk(data.lives, data.unique_cros_listed, data.cro_count):
        yield (
            f"A cidade pode ficar sem cobertura: {integer_br(data.lives)} vida(s) e "
            f"{integer_br(data.unique_cros_listed)} CRO(s) único(s) divulgado(s)."
        )


def fold(text: str) -> str:
    """Lower case without accents: how searches and keyword checks compare text."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
