"""Ten crafted cases whose every figure is worked out by hand (see test_queries.py).

Today is 10/04/2024. Days to finish of the closed cases: 10, 30, 20, 10, 20 and 40 (the
last written on an imported form without dates) — ties on purpose. February has no case
opened, April none closed; one open case and one closed case have no dates at all.
"""

import datetime

import pytest
from django.utils import timezone

from cases.models import (
    Case,
    Operator,
    ResponsibleSector,
    RetentionAction,
    Status,
    TerminationReason,
)
from reports import facts

TODAY = datetime.date(2024, 4, 10)
D = datetime.date


def _create(analyst=None, *, reasons=(), actions=(), sectors=(), closed=False, **fields):
    fields.setdefault("operator", Operator.objects.get(code="odontolife"))
    case = Case.objects.create(
        analyst=analyst,
        closed_at=timezone.now() if closed else None,
        **fields,
    )
    case.termination_reasons.set(TerminationReason.objects.filter(code__in=reasons))
    case.retention_actions.set(RetentionAction.objects.filter(code__in=actions))
    case.responsible_sectors.set(ResponsibleSector.objects.filter(code__in=sectors))
    return case


@pytest.fixture
def crafted(analyst, other_analyst):
    a, b = analyst, other_analyst
    rj = {"service_uf": "RJ", "city": "Petrópolis"}
    sp = {"service_uf": "SP", "city": "São Paulo"}
    mg = {"service_uf": "MG", "city": "Belo Horizonte"}
    retained, terminated = Status.RETAINED, Status.TERMINATED
    cases = {
        "c1": _create(
            a,
            started_on=D(2024, 1, 5),
            finished_on=D(2024, 1, 15),
            closed=True,
            status=retained,
            actions=["novos_valores"],
            **rj,
        ),
        "c2": _create(
            a,
            started_on=D(2024, 1, 10),
            finished_on=D(2024, 2, 9),
            closed=True,
            status=terminated,
            reasons=["valores", "glosas"],
            actions=["novos_valores"],
            sectors=["comercial", "analise_tecnica"],
            service_uf="RJ",
            city="PETRÓPOLIS",
        ),
        "c3": _create(
            b,
            started_on=D(2024, 1, 20),
            finished_on=D(2024, 2, 9),
            closed=True,
            status=terminated,
            reasons=["aposentou", "obito"],
            **sp,
        ),
        "c4": _create(
            b,
            started_on=D(2024, 3, 1),
            finished_on=D(2024, 3, 11),
            closed=True,
            status=Status.NOT_RETENTION,
            **sp,
        ),
        "c5": _create(
            b,
            started_on=D(2024, 3, 5),
            finished_on=D(2024, 3, 25),
            closed=True,
            status=terminated,
            reasons=["valores"],
            sectors=["comercial"],
            actions=["suporte"],
            lives=300,
            unique_cros_listed=1,
            cro_count=1,
            **mg,
        ),
        "c6": _create(
            a,
            started_on=D(2024, 4, 5),
            next_due_on=D(2024, 4, 9),
            lives=352,
            unique_cros_listed=1,
            cro_count=1,
            provider_name="PATRICIA SANTOS",
            cro="26666",
            cro_uf="RJ",
            **rj,
        ),
        "c7": _create(
            a,
            started_on=D(2024, 3, 28),
            next_due_on=D(2024, 4, 20),
            lives=100,
            unique_cros_listed=2,
            cro_count=3,
            provider_name="CLÍNICA SORRISO",
            cro="1234",
            cro_uf="MG",
            **mg,
        ),
        "c8": _create(
            b,
            started_on=D(2024, 1, 2),
            next_due_on=D(2024, 1, 10),
            lives=0,
            unique_cros_listed=0,
            cro_count=1,
            **sp,
        ),
        "c9": _create(None),
        "c10": _create(a, closed=True, status=retained, days_to_finish_written=40, **rj),
    }
    facts.refresh()  # made without the services, like bench/generate.py
    return cases
