"""Coverage risk: lives > 0 and unique CROs listed <= the case's CROs (the case warning's
rule, kept in reports.facts as CaseFact.at_risk), for open and terminated cases."""

from typing import NamedTuple

from cases.rules import fold

from ..tables import Column, Table
from .groups import AT_RISK, OPEN, grouped
from .tables import city_params, merge_cities


def coverage_cities_table(cases) -> Table:
    """Cities that lose every listed dentist if the case's dentists leave, by lives."""
    rows = merge_cities(grouped(cases).risk_cities(), ("open", "terminated"), maxima=("lives",))
    rows.sort(key=lambda r: (-r["lives"], -r["open"], fold(r["city"])))
    data = [
        {
            "city": r["city"] or "sem cidade",
            "uf": r["service_uf"],
            "lives": r["lives"],
            "open": r["open"],
            "terminated": r["terminated"],
            "_params": city_params(r),
        }
        for r in rows
    ]
    return Table(
        "risco-cidades",
        "Cidades com risco de ficar sem dentista",
        [
            Column("city", "Cidade"),
            Column("uf", "UF"),
            Column("lives", "Vidas", "int"),
            Column("open", "Casos em aberto", "int"),
            Column("terminated", "Desligamentos", "int"),
        ],
        data,
        note=(
            "Cidades onde o prestador atende beneficiários e não há outro dentista divulgado na "
            "rede além dele: se ele sair, a cidade fica sem atendimento (casos em aberto ou "
            "desligados)."
        ),
    )


class RiskCase(NamedTuple):
    case: int
    provider_name: str
    cro: str
    cro_uf: str
    city: str
    service_uf: str
    lives: int | None
    unique_cros_listed: int | None
    cro_count: int | None
    started_on: object
    next_due_on: object


RISK_CASE_COLUMNS = [
    Column("provider_name", "Prestador"),
    Column("cro", "CRO"),
    Column("city", "Cidade"),
    Column("service_uf", "UF"),
    Column("lives", "Vidas", "int"),
    Column("unique_cros_listed", "CROs únicos divulgados", "int"),
    Column("cro_count", "CROs do caso", "int"),
    Column("started_on", "Início", "date"),
    Column("next_due_on", "Próximo prazo", "date"),
]


def coverage_open_cases_table(cases, limit: int = 50) -> Table:
    """The open cases at risk with the most lives (their facts' index keeps that order)."""
    fields = [f"case__{name}" for name in RiskCase._fields[1:]]
    found = (
        grouped(cases)
        .cases.filter(AT_RISK & OPEN)
        .order_by("-lives", "started_on", "case")
        .values_list("case", *fields)[:limit]
    )
    data = [_risk_row(RiskCase(*values)) for values in found]
    return Table(
        "risco-casos",
        "Casos em aberto com risco de deixar a cidade sem dentista",
        RISK_CASE_COLUMNS,
        data,
        note=f"Os {limit} de mais vidas primeiro." if len(data) == limit else "",
    )


def _risk_row(r: RiskCase) -> dict:
    return {
        **r._asdict(),
        "provider_name": r.provider_name or "prestador sem nome",
        "cro": f"{r.cro}/{r.cro_uf}" if r.cro else "",
        "_params": {"situation": "open", "q": r.cro} if r.cro else None,
        "_case": r.case,
    }
