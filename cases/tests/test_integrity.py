"""No lost data: one transaction per service, and no silent overwrite between two users."""

import threading

import pytest
from django.db import DatabaseError, close_old_connections, connection

from cases import services
from cases.conversion import case_to_data
from cases.models import Case, CaseEvent
from formio.casedata import CaseData


def _closable(case: Case) -> CaseData:
    data = case_to_data(case)
    dates = [c.date for c in data.contacts if c.date] + [data.started_on]
    data.status, data.finished_on = "retencao_efetiva", max(dates)
    data.retention_actions = ["novos_valores"]
    data.responsible_sectors = ["comercial"]
    return data


def test_a_close_that_breaks_half_way_leaves_the_case_as_it_was(make_case, analyst):
    case = make_case()
    before = case_to_data(Case.objects.with_form().get(pk=case.pk))
    events = CaseEvent.objects.count()

    def disk_full(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{CaseEvent._meta.db_table}"'):
            raise DatabaseError("disco cheio")
        return execute(sql, params, many, context)

    # The history entry is written last: failing there means everything before it ran.
    with connection.execute_wrapper(disk_full), pytest.raises(DatabaseError):
        services.case_close(user=analyst, case=case, data=_closable(case))

    case = Case.objects.with_form().get(pk=case.pk)
    assert case.is_open and not case.status
    assert case_to_data(case) == before
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_saving_one_case_at_once_cannot_overwrite_each_other(make_case, analyst):
    case = make_case()
    loaded_version = case.version
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def save(city: str):
        try:
            start.wait()
            data = case_to_data(Case.objects.with_form().get(pk=case.pk))
            data.city = city
            services.case_update(
                user=analyst, case=case, data=data, expected_version=loaded_version
            )
            outcomes.append("saved")
        except services.CaseConflict:
            outcomes.append("conflict")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=save, args=(c,)) for c in ("Niterói", "Maricá")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "saved"]
    case.refresh_from_db()
    assert case.version == loaded_version + 1
