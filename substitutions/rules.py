"""The substitution's rules (docs/ans.md), in one place for screens, API and tests.

Functions over a Substitution's values; only `equivalence_between` reads the database
(a municipality's neighbours).
"""

import datetime
from dataclasses import dataclass

from formio.brids import cnpj_problem

from .models import Equivalence, Municipality, Stage, Substitution


@dataclass(frozen=True)
class Problem:
    field: str
    message: str  # Portuguese, names the field


def notice_due_on(last_service_on: datetime.date | None, *, notice_days: int):
    """The last day to publish the notice: D minus `notice_days` calendar days (not business)."""
    if last_service_on is None:
        return None
    return last_service_on - datetime.timedelta(days=notice_days)


def earliest_publish_until(published_on: datetime.date, *, publish_min_days: int):
    return published_on + datetime.timedelta(days=publish_min_days)


def equivalence_between(leaving: Municipality | None, substitute: Municipality | None):
    """How close the substitute is: same municipality, a neighbour, the health region, none."""
    if leaving is None or substitute is None:
        return ""
    if leaving.pk == substitute.pk:
        return Equivalence.SAME_MUNICIPALITY
    if leaving.neighbours.filter(pk=substitute.pk).exists():
        return Equivalence.NEIGHBOURING
    region = leaving.health_region_code
    if region and region == substitute.health_region_code:
        return Equivalence.HEALTH_REGION
    return Equivalence.NONE


def stage_of(sub: Substitution) -> str:
    """Done once the ANS register (RPS) is updated after a notice or an exception."""
    settled = bool(sub.published_on or sub.exception)
    if sub.rps_updated_on and settled:
        return Stage.DONE
    if sub.exception:
        return Stage.EXEMPT
    if sub.published_on:
        return Stage.PUBLISHED
    return Stage.PENDING


def problems(sub: Substitution, *, has_evidence_files: bool, publish_min_days: int):
    """What keeps these values from being saved, one message per field."""
    return [
        *_exception_problems(sub, has_evidence_files=has_evidence_files),
        *_substitute_problems(sub),
        *_notice_problems(sub, publish_min_days=publish_min_days),
        *_rps_problems(sub),
    ]


def _exception_problems(sub, *, has_evidence_files):
    if not sub.exception:
        return
    if not sub.exception_evidence.strip() and not has_evidence_files:
        yield Problem(
            "exception_evidence",
            "Comprovação da exceção: descreva a comprovação ou anexe um arquivo.",
        )
    if sub.substitute_name:
        yield Problem(
            "exception", "Exceção: com um substituto indicado, não se usa exceção (escolha um)."
        )


def _substitute_problems(sub):
    if sub.substitute_cnpj:
        reason = cnpj_problem(sub.substitute_cnpj)
        if reason:
            yield Problem("substitute_cnpj", f"CNPJ do substituto: {reason}")
    if sub.substitute_cro and not sub.substitute_cro_uf:
        yield Problem("substitute_cro_uf", "UF do CRO do substituto: informe a UF do CRO.")
    if sub.substitute_in_network and not sub.added_capacity_evidence.strip():
        yield Problem(
            "added_capacity_evidence",
            "Comprovação do aumento de capacidade: obrigatória para um substituto que já "
            "era da rede (aditivo contratual).",
        )


def _notice_problems(sub, *, publish_min_days):
    if not sub.published_on:
        if sub.publish_until:
            yield Problem("published_on", "Aviso publicado em: informe a data da publicação.")
        return
    if not sub.last_service_on:
        yield Problem(
            "last_service_on", "Último dia de atendimento (D): obrigatório para publicar."
        )
    if not sub.exception:
        for field, label in (
            ("substitute_name", "Nome do substituto"),
            ("substitute_starts_on", "Início do substituto"),
            ("equivalence", "Equivalência alcançada"),
        ):
            if not getattr(sub, field):
                yield Problem(field, f"{label}: obrigatório para publicar o aviso.")
    minimum = earliest_publish_until(sub.published_on, publish_min_days=publish_min_days)
    if not sub.publish_until or sub.publish_until < minimum:
        yield Problem(
            "publish_until",
            f"Aviso publicado até: no mínimo {publish_min_days} dias após a publicação "
            f"({minimum:%d/%m/%Y}).",
        )


def _rps_problems(sub):
    if sub.rps_updated_on and not (sub.published_on or sub.exception):
        yield Problem(
            "rps_updated_on",
            "RPS atualizado em: publique o aviso (ou registre a exceção) antes.",
        )
