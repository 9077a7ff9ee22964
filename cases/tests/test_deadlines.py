import datetime

import pytest
from django.utils import timezone

from cases import deadlines, services
from cases.models import Case, DeadlinePolicy, DueKind

D = datetime.date


def test_business_days_skip_weekends_and_national_holidays():
    # Friday 19/04/2024 + 2 business days: Sunday 21/04 is Tiradentes, so Tuesday 23/04.
    assert deadlines.add_business_days(D(2024, 4, 19), 2, "SP") == D(2024, 4, 23)
    # Tuesday 30/04 + 1: 01/05 is Dia do Trabalho, so Thursday 02/05.
    assert deadlines.add_business_days(D(2024, 4, 30), 1, "SP") == D(2024, 5, 2)


def test_state_holidays_count_only_in_their_uf():
    # 23/04 is São Jorge, a holiday in RJ only.
    assert deadlines.add_business_days(D(2024, 4, 22), 1, "RJ") == D(2024, 4, 24)
    assert deadlines.add_business_days(D(2024, 4, 22), 1, "SP") == D(2024, 4, 23)


def test_an_unknown_uf_counts_national_holidays_only():
    assert deadlines.add_business_days(D(2024, 4, 30), 1, "") == D(2024, 5, 2)


def _policy():
    return DeadlinePolicy(first_contact_days=2, contact_interval_days=5, closing_days=10)


def test_a_case_without_contacts_is_late_for_its_first_contact():
    found = deadlines.compute(
        start=D(2024, 3, 4),
        uf="SP",
        contact_dates=[],
        closed_on=None,
        policy=_policy(),
        today=D(2024, 3, 7),
    )
    first, closing = found
    assert (first.kind, first.due_on, first.late) == (DueKind.FIRST_CONTACT, D(2024, 3, 6), True)
    assert (closing.due_on, closing.late) == (D(2024, 3, 18), False)
    assert deadlines.next_pending(found) == first


def test_after_a_contact_the_next_one_is_due_an_interval_later():
    found = deadlines.compute(
        start=D(2024, 3, 4),
        uf="SP",
        contact_dates=[D(2024, 3, 5)],
        closed_on=None,
        policy=_policy(),
        today=D(2024, 3, 7),
    )
    by_kind = {d.kind: d for d in found}
    assert by_kind[DueKind.FIRST_CONTACT].done_on == D(2024, 3, 5)
    assert not by_kind[DueKind.FIRST_CONTACT].late
    assert by_kind[DueKind.NEXT_CONTACT].due_on == D(2024, 3, 12)
    assert deadlines.next_pending(found).kind == DueKind.NEXT_CONTACT


def test_a_case_closed_after_its_deadline_shows_it_was_late():
    found = deadlines.compute(
        start=D(2024, 3, 4),
        uf="SP",
        contact_dates=[D(2024, 3, 5)],
        closed_on=D(2024, 3, 29),
        policy=_policy(),
        today=D(2024, 4, 10),
    )
    closing = next(d for d in found if d.kind == DueKind.CLOSING)
    assert closing.late and closing.done_on == D(2024, 3, 29)
    assert deadlines.next_pending(found) is None


@pytest.mark.django_db
def test_services_keep_the_next_deadline_of_the_case_current(make_case, analyst):
    case = make_case(started_on=D(2024, 3, 4), contacts=[])
    case.refresh_from_db()
    assert case.next_due_kind == DueKind.FIRST_CONTACT
    assert case.is_late(today=D(2024, 3, 7))
    services.contact_add(user=analyst, case=case, date=D(2024, 3, 6), notes="Ligação")
    case.refresh_from_db()
    assert case.next_due_kind == DueKind.NEXT_CONTACT
    assert Case.objects.filter(next_due_on__lt=D(2024, 3, 7)).count() == 0


@pytest.mark.django_db
def test_changing_the_policy_recomputes_open_cases(make_case):
    case = make_case(started_on=D(2024, 3, 4), contacts=[])
    policy = DeadlinePolicy.current()
    policy.first_contact_days = 10
    policy.save()
    assert deadlines.recompute_open_cases() == 1
    case.refresh_from_db()
    assert case.next_due_on == D(2024, 3, 18)


@pytest.mark.django_db
def test_the_case_filter_finds_the_late_cases(make_case):
    from cases.filters import CaseFilter

    late = make_case(started_on=D(2024, 3, 4), contacts=[])
    make_case(started_on=timezone.localdate(), contacts=[])
    found = CaseFilter({"late": "true"}, queryset=Case.objects.all()).qs
    assert list(found) == [late]
