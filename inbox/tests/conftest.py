import datetime
import zoneinfo

import pytest
import time_machine

from cases import services as case_services
from cases.conversion import case_to_data
from substitutions.models import Substitution
from substitutions.services import substitution_update

SAO_PAULO = zoneinfo.ZoneInfo("America/Sao_Paulo")
D = datetime.date


def at_noon(day: datetime.date):
    """Travel to noon of `day` in São Paulo (the app's local date)."""
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=SAO_PAULO)
    )


@pytest.fixture
def week_of_cases(make_case, analyst):
    """The analyst's cases with no contact yet, opened in RJ; the first contact is due two
    business days after the start (the default policy), so, seen on Friday 06/03/2026:
    started Fri 27/02 -> due Tue 03/03 (late 3 days), Mon 02/03 -> Wed 04/03 (late 2 days),
    Wed 04/03 -> Fri 06/03 (today), Thu 05/03 -> Mon 09/03 (in 3 days), and one started
    Mon 09/03 -> Wed 11/03 (in 5 days); one started Mon 16/03 -> Wed 18/03 is beyond the week."""
    starts = [
        D(2026, 2, 27),
        D(2026, 3, 2),
        D(2026, 3, 4),
        D(2026, 3, 5),
        D(2026, 3, 9),
        D(2026, 3, 16),
    ]
    names = ["ANTIGA", "SEGUNDA", "HOJE", "QUINTA", "SEMANA", "DEPOIS"]
    return {
        name: make_case(contacts=[], started_on=start, provider=_provider(name))
        for name, start in zip(names, starts, strict=True)
    }


@pytest.fixture
def notice_due_tomorrow(make_case, analyst):
    """A Desligamento whose provider leaves on 06/04/2026: the notice is due 30 days before,
    on 07/03/2026 (tomorrow, seen on Friday 06/03/2026)."""
    case = make_case(provider=_provider("SAINDO"))
    data = case_to_data(case)
    data.status, data.finished_on, data.termination_reasons = (
        "desligamento",
        D(2024, 3, 20),
        ["valores"],
    )
    case = case_services.case_close(user=analyst, case=case, data=data)
    substitution = Substitution.objects.get(case=case)
    substitution_update(
        user=analyst, substitution=substitution, values={"last_service_on": D(2026, 4, 6)}
    )
    return case


def _provider(name):
    from formio.casedata import ProviderData

    return ProviderData(
        name=f"DENTISTA {name}", cro="26666", cro_uf="RJ", cpf="07309474759", person_type="F"
    )
