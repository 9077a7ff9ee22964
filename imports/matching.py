"""Which case a form already is, and whether what a person did forbids changing it silently.

A form is the case it was imported as when it is the same file (same SHA-256), or the same
form: same Nº do protocolo and CRO (and the same UF when both have one); a form without a
protocol number is the same form when its CRO, UF and Data início are the case's.

Such a case is changed by a later import only when no person has touched it since: its
version is still the one its last import left, and it is closed. Otherwise the form is a
conflict: the difference is shown field by field and a person chooses (skip, new case, or
apply the form's values through the edit services). Files of an anonymised case, and forms
with the protocol number of one, are refused: importing them would bring the person back.
"""

import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Exists, OuterRef, Q

from cases.conversion import case_to_data
from cases.models import Case, CaseEvent, EventKind, Provider
from cases.services import data_diff
from formio.casedata import CaseData, ContactData, ProviderData

from .models import ImportedFile, Outcome

ANONYMISED = (
    "o formulário é de um caso anonimizado (caso {case}): os dados pessoais foram removidos "
    "a pedido e não são importados de novo."
)
PROVIDER_HAS_CASES = (
    "o prestador deste formulário ({who}) já tem caso(s) no sistema: {cases}; "
    "importado como caso novo, do mesmo prestador."
)
SAME_PERSON_OTHER_CRO = (
    "o CPF/CNPJ deste formulário já é de {who}, com caso(s) no sistema: {cases}; "
    "importado como caso novo, sem ligação a esse prestador porque o formulário tem outro "
    "CRO/UF (ou nenhum): confira se é a mesma pessoa."
)
IMPORTED = [Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED]


@dataclass
class Match:
    """What a form is in the system: its case (if any) and why it may not change silently."""

    case: Case | None = None
    same_file: bool = False
    refused: str = ""  # a message: the form is not imported at all
    touched: str = ""  # why the case needs a person's choice ("" = it may be updated)
    provider_warning: str = ""  # no case, but its provider has cases
    changes: list[dict] = field(default_factory=list)  # case -> form, when touched


def form_match(data: CaseData, sha256: str, known: "Known | None" = None) -> Match:
    """The case this form (or this very file) already is, and what may be done with it;
    `known`: what the form's chunk may already be (`Known`), or None to look everything up."""
    case = None
    if known is None or sha256 in known.files:
        same_file = ImportedFile.objects.filter(
            sha256=sha256, outcome__in=IMPORTED, case__isnull=False
        ).order_by("pk")
        case = _case(same_file.values_list("case_id", flat=True).first())
    if case is not None:
        if _anonymised(case):
            return Match(case, refused=ANONYMISED.format(case=case.pk))
        return Match(case, same_file=True)
    case, anonymised = _identified(data, known)
    if anonymised:
        return Match(case, refused=ANONYMISED.format(case=case.pk))
    if case is None:
        return Match(provider_warning=_provider_warning(data, known))
    touched = touched_reason(case)
    if not touched:
        return Match(case)
    before = case_to_data(Case.objects.with_form().get(pk=case.pk))
    changes = data_diff(before, merged(before, data))
    return Match(case, touched=touched, changes=changes)


class Known:
    """What the forms of an import chunk may already be in the system, read in three
    queries for the whole chunk, in its transaction: the files among theirs already
    imported, the protocol numbers among theirs some case has, and the providers with one
    of their keys (CRO + UF, CPF, CNPJ). A form none of whose keys is known is new, and
    `form_match` skips the look-ups of its file, its protocol number and its provider:
    most forms of an archive are new, and importing 3,000 new text forms went from 6.7 to
    6.0 ms of CPU a form, 15.5 to 13.0 statements (bench/bench_import.py, three runs
    each). Each form stored is `remember`ed first, so a later form of the chunk with the
    same keys (the same file twice, the same provider) is looked up as before."""

    def __init__(self, forms: Iterable[tuple[CaseData, str]]):
        forms = list(forms)
        imported = ImportedFile.objects.filter(
            sha256__in={sha256 for _, sha256 in forms}, outcome__in=IMPORTED, case__isnull=False
        )
        self.files = set(imported.values_list("sha256", flat=True))
        numbers = {data.protocol_number for data, _ in forms if data.protocol_number}
        numbered = Case.objects.filter(protocol_number__in=numbers)
        self.protocols = set(numbered.values_list("protocol_number", flat=True))
        self.people: set[tuple[str, ...]] = set()
        keys = {key for data, _ in forms for key in _person_keys(data.provider)}
        wanted = reduce(operator.or_, map(_person_q, keys), Q(pk__in=[]))
        providers = Provider.objects.filter(wanted)
        for cro, uf, cpf, cnpj in providers.values_list("cro", "uf", "cpf", "cnpj"):
            self.people |= {("cro", cro, uf), ("cpf", cpf), ("cnpj", cnpj)}

    def remember(self, data: CaseData, sha256: str) -> None:
        """The form may be in the system from now on: its keys are looked up again."""
        self.files.add(sha256)
        if data.protocol_number:
            self.protocols.add(data.protocol_number)
        self.people.update(_person_keys(data.provider))


def _person_keys(p: ProviderData) -> list[tuple[str, ...]]:
    """What identifies a form's provider in the system: ("cro", CRO, UF), ("cpf", CPF) and
    ("cnpj", CNPJ), those the form has."""
    return [
        *([("cro", p.cro, p.cro_uf)] if p.cro and p.cro_uf else []),
        *([("cpf", p.cpf)] if p.cpf else []),
        *([("cnpj", p.cnpj)] if p.cnpj else []),
    ]


def _person_q(key: tuple[str, ...]) -> Q:
    if key[0] == "cro":
        return Q(cro=key[1], uf=key[2])
    return Q(**{key[0]: key[1]})


def _identified(data: CaseData, known: Known | None) -> tuple[Case | None, bool]:
    """The latest case with the form's identity (module docstring), or, first, the latest
    anonymised case with its protocol number (True: the form is refused). One query for
    both, after a plain look-up of the protocol number (below)."""
    anonymised = Exists(CaseEvent.objects.filter(case=OuterRef("pk"), kind=EventKind.ANONYMISED))
    wanted = [
        *([Q(anonymised, protocol_number=data.protocol_number)] if data.protocol_number else []),
        *([same] if (same := _same_form(data)) is not None else []),
    ]
    if not wanted:
        return None, False
    # Every form that has a protocol number is the same form only as a case with that
    # number. A new case (most forms of a batch) stops at this plain look-up: matching
    # 1,000 new text forms went from 1.3 to 0.45 ms a form (bench/bench_import.py).
    if data.protocol_number and not _numbered(data.protocol_number, known):
        return None, False
    cases = Case.objects.filter(reduce(operator.or_, wanted)).annotate(anonymised=anonymised)
    found = cases.order_by("-anonymised", "-created_at", "-pk").values_list("pk", "anonymised")
    pk, refused = found.first() or (None, False)
    return _case(pk), refused


def _numbered(protocol_number: str, known: Known | None) -> bool:
    if known is not None and protocol_number not in known.protocols:
        return False
    return Case.objects.filter(protocol_number=protocol_number).exists()


def _same_form(data: CaseData) -> Q | None:
    """The cases that are the same form as `data` (module docstring), if it can tell."""
    p = data.provider
    if not p.cro:
        return None
    same = Q(cro=p.cro)
    if p.cro_uf:
        same &= Q(cro_uf=p.cro_uf) | Q(cro_uf="")
    if data.protocol_number:
        return same & Q(protocol_number=data.protocol_number)
    if p.cro_uf and data.started_on:
        return same & Q(protocol_number="", cro_uf=p.cro_uf, started_on=data.started_on)
    return None


def _case(pk: int | None) -> Case | None:
    """The case of this key, if any. The look-ups above select only keys, and a whole case
    is read when one is found: most forms of a batch match none, and building the query of
    every column of a case was a third of matching a form (bench/bench_import.py)."""
    return None if pk is None else Case.objects.filter(pk=pk).first()


def touched_reason(case: Case) -> str:
    """Why an import may not change this case silently ("" when it may)."""
    last_import = case.events.filter(kind=EventKind.IMPORTED).order_by("-version").first()
    if last_import is None:
        return "o caso foi aberto no sistema, não por importação"
    later = case.events.filter(version__gt=last_import.version).exclude(kind=EventKind.IMPORTED)
    event = later.select_related("user").order_by("version").first()
    if event is not None or case.version > last_import.version:
        who = _who(event.user) if event and event.user else "uma pessoa"
        when = f" em {event.at:%d/%m/%Y}" if event else ""
        return f"alterado por {who}{when} depois da importação"
    if case.is_open:
        return "o caso está aberto"
    return ""


def merged(before: CaseData, form: CaseData) -> CaseData:
    """The case with the form's values applied: a field blank on the form keeps the case's
    value, and the form's contacts the case lacks are added after its own (none removed)."""
    values = before.to_dict()
    for key, value in form.to_dict().items():
        if key == "provider":
            values[key] |= {k: v for k, v in value.items() if not _blank(v)}
        elif key != "contacts" and not _blank(value):
            values[key] = value
    after = CaseData.from_dict(values)
    kept = {(c.date, c.notes.strip()) for c in before.contacts}
    after.contacts = [*before.contacts] + [
        ContactData(date=c.date, notes=c.notes)
        for c in form.contacts
        if (c.date, c.notes.strip()) not in kept and (c.date or c.notes.strip())
    ]
    return after


def _blank(value) -> bool:
    return value in (None, "", [])


def _anonymised(case: Case) -> bool:
    return case.events.filter(kind=EventKind.ANONYMISED).exists()


def _provider_warning(data: CaseData, known: Known | None) -> str:
    """A warning when the form's provider (CRO + UF, CPF or CNPJ) already has cases."""
    p = data.provider
    keys = _person_keys(p)
    if not keys or (known is not None and known.people.isdisjoint(keys)):
        return ""
    # the providers' keys first: a form whose provider is not in the system yet stops here
    # (58% of bench_import's text forms; 0.77 -> 0.57 ms a form on average)
    who = reduce(operator.or_, map(_person_q, keys))
    providers = list(Provider.objects.filter(who).values_list("pk"))
    if not providers:
        return ""
    cases = Case.objects.filter(provider__in=[pk for (pk,) in providers]).order_by("pk")
    # five shown, and "..."; the provider of the oldest case named
    first = list(cases.values_list("pk", "provider__name", "provider__cro", "provider__uf")[:6])
    if not first:
        return ""
    _, name, cro, uf = first[0]
    provider = Provider(name=name, cro=cro, uf=uf)  # only to be named (its __str__)
    shown = ", ".join(f"caso {row[0]}" for row in first[:5]) + (" ..." if len(first) > 5 else "")
    linked = cro == p.cro and uf == p.cro_uf  # the import links it
    message = PROVIDER_HAS_CASES if linked else SAME_PERSON_OTHER_CRO
    return message.format(who=provider, cases=shown)


def _who(user) -> str:
    return user.get_full_name() or user.username
