"""The public notice (RN 567/2022): exactly the fields the rule asks, no other personal data.

A notice names the plans affected; the departing provider with its last day; the
substitute with its first day; for both: CNPJ (clinic) or CRO (dentist), type,
specialties, address (UF, municipality, street, CEP), phone and website. Never a CPF,
never a note: rows are built field by field here, not from the models.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from formio.brids import format_cnpj

from .forms import PublicFilterForm, fold
from .models import Plan, ProviderKind, Substitution


@dataclass(frozen=True)
class Party:
    name: str
    identity: str  # "CNPJ 12.345.678/0001-95" or "CRO 12345/RJ"
    kind: str
    specialties: str
    street: str
    municipality: str
    uf: str
    cep: str
    phone: str
    website: str


@dataclass(frozen=True)
class NoticeRow:
    plans: list[str]
    leaving: Party
    leaves_on: datetime.date | None
    substitute: Party | None
    starts_on: datetime.date | None
    exception: str
    published_on: datetime.date
    uf: str
    city: str


def context(params, *, today: datetime.date) -> dict:
    form = PublicFilterForm(params)
    wanted = form.cleaned_data if form.is_valid() else {"uf": "", "municipio": ""}
    found = Substitution.objects.on_notice(today)
    if wanted["uf"]:
        found = found.filter(case__service_uf=wanted["uf"])
    rows = [_row(s) for s in _loaded(found)]
    if wanted["municipio"]:
        rows = [r for r in rows if fold(r.city) == fold(wanted["municipio"])]
    query = params.urlencode() if hasattr(params, "urlencode") else ""
    return {"form": form, "rows": rows, "today": today, "query": query}


def _loaded(found):
    return (
        found.select_related(
            "case__provider__notice_profile__establishment_type",
            "case__provider__notice_profile__municipality",
            "substitute_type",
            "substitute_municipality",
        )
        .prefetch_related(
            Prefetch("plans", queryset=Plan.objects.order_by("commercial_name")),
            "substitute_specialties",
            "case__provider__notice_profile__specialties",
        )
        .order_by("case__service_uf", "case__city", "last_service_on", "pk")
    )


def _row(sub: Substitution) -> NoticeRow:
    case = sub.case
    plans = sub.plans.all()
    return NoticeRow(
        plans=[f"{p.commercial_name} (registro ANS nº {p.ans_registration})" for p in plans],
        leaving=_leaving(sub),
        leaves_on=sub.last_service_on,
        substitute=_substitute(sub) if sub.substitute_name else None,
        starts_on=sub.substitute_starts_on,
        exception=sub.get_exception_display() if sub.exception else "",
        published_on=sub.published_on,
        uf=case.service_uf,
        city=case.city,
    )


def _identity(*, cnpj: str, cro: str, cro_uf: str, clinic: bool) -> str:
    if clinic and cnpj:
        return f"CNPJ {format_cnpj(cnpj)}"
    return f"CRO {cro}/{cro_uf}" if cro else ""


def _leaving(sub: Substitution) -> Party:
    case = sub.case
    profile = getattr(case.provider, "notice_profile", None) if case.provider_id else None
    town = profile.municipality if profile else None
    kind = profile.establishment_type if profile else None
    clinic = case.person_type == "J" or bool(kind and kind.kind == ProviderKind.CLINIC)
    return Party(
        name=case.provider_name,
        identity=_identity(cnpj=case.cnpj, cro=case.cro, cro_uf=case.cro_uf, clinic=clinic),
        kind=kind.label if kind else ("Clínica" if clinic else "Cirurgião-dentista"),
        specialties=", ".join(s.label for s in profile.specialties.all()) if profile else "",
        street=profile.street if profile else "",
        municipality=town.name if town else case.city,
        uf=town.uf if town else case.service_uf,
        cep=_cep(profile.cep if profile else ""),
        phone=profile.phone if profile else "",
        website=profile.website if profile else "",
    )


def _substitute(sub: Substitution) -> Party:
    town = sub.substitute_municipality
    clinic = sub.substitute_kind == ProviderKind.CLINIC
    return Party(
        name=sub.substitute_name,
        identity=_identity(
            cnpj=sub.substitute_cnpj,
            cro=sub.substitute_cro,
            cro_uf=sub.substitute_cro_uf,
            clinic=clinic,
        ),
        kind=sub.substitute_type.label
        if sub.substitute_type
        else ("Clínica" if clinic else "Cirurgião-dentista"),
        specialties=", ".join(s.label for s in sub.substitute_specialties.all()),
        street=sub.substitute_street,
        municipality=town.name if town else "",
        uf=town.uf if town else "",
        cep=_cep(sub.substitute_cep),
        phone=sub.substitute_phone,
        website=sub.substitute_website,
    )


def _cep(digits: str) -> str:
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 8 else digits


def pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when printed: it takes ~0.5 s to load

    return HTML(string=html).write_pdf()
