"""Batches of forms: each form whole or not at all, its history exactly what was stored."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.services import user_create
from cases import deadlines, rules
from cases.conversion import case_to_data
from cases.models import Case, Operator, Provider, RetentionAction
from cases.services import action_keywords, data_diff
from conftest import PASSWORD
from formio.casedata import CaseData
from formio.tests.forms import text_form
from imports import services
from imports.models import BatchStatus, ImportBatch, Outcome
from imports.services import batch_create, batch_run
from imports.sources import Source
from reports import facts
from reports.models import CaseFact


@pytest.fixture
def demo_forms():
    from cases.demo import DemoGenerator

    generator = DemoGenerator(31, today=datetime.date(2025, 6, 1))
    return [case.data for case in generator.cases(30)]


def imported(user, *forms: CaseData | bytes) -> ImportBatch:
    sources = [
        Source(f"form-{i}.txt", form if isinstance(form, bytes) else text_form(form).encode())
        for i, form in enumerate(forms)
    ]
    batch = batch_create(user=user, sources=sources, source="teste")
    batch_run(batch)
    return batch


def test_each_imported_case_keeps_in_its_history_every_field_as_stored(db, supervisor, demo_forms):
    user_create(
        username="marina",
        role=roles.ANALYST,
        password=PASSWORD,
        first_name="Marina",
        last_name="Costa",
    )
    demo_forms[0].analyst = "MARINA COSTA"  # a user: the case is hers, under her own name
    demo_forms[1].unit_value = Decimal("1.23456")  # the column keeps four places
    demo_forms[2].retention_actions.append("acao_que_nao_existe")
    imported(supervisor, *demo_forms)
    assert Case.objects.count() == len(demo_forms)
    for case in Case.objects.with_form():
        stored = case_to_data(case)
        event = case.events.get()
        assert event.changes == data_diff(CaseData(), stored), case.pk
        assert case.warnings == rules.soft_warnings(stored, action_keywords=action_keywords())
        due = Case.objects.get(pk=case.pk)
        deadlines.refresh(due)
        assert (case.next_due_on, case.next_due_kind) == (due.next_due_on, due.next_due_kind)
    marina = Case.objects.get(analyst__username="marina")
    assert case_to_data(marina).analyst == "Marina Costa"


def test_a_value_too_long_for_its_field_fails_that_form_alone(db, supervisor, demo_forms):
    demo_forms[1].city = "Cidade " * 30
    batch = imported(supervisor, *demo_forms[:3])
    rows = list(batch.files.order_by("pk"))
    assert [r.outcome for r in rows] == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert "Cidade" in rows[1].message and rows[1].case is None
    assert Case.objects.count() == 2
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.processed == batch.total == 3


REFUSE_SQL = {  # a rule of the database itself: any error it raises while a form is stored
    "sqlite": [
        "CREATE TRIGGER refuse_case BEFORE INSERT ON cases_case "
        "WHEN NEW.provider_name = 'RECUSADO' BEGIN SELECT RAISE(ABORT, 'recusado'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_case() RETURNS trigger AS $$ BEGIN "
        "IF NEW.provider_name = 'RECUSADO' THEN RAISE EXCEPTION 'recusado'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_case BEFORE INSERT ON cases_case FOR EACH ROW "
        "EXECUTE FUNCTION refuse_case()",
    ],
}


def test_a_form_the_database_refuses_fails_alone_and_the_batch_goes_on(db, supervisor, demo_forms):
    with connection.cursor() as cursor:
        for sql in REFUSE_SQL[connection.vendor]:
            cursor.execute(sql)
    demo_forms[1].provider.name = "RECUSADO"
    batch = imported(supervisor, *demo_forms[:3])
    rows = list(batch.files.order_by("pk"))
    assert [r.outcome for r in rows] == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert "banco de dados recusou" in rows[1].message and rows[1].case is None
    assert Case.objects.count() == CaseFact.objects.count() == 2  # nothing half-stored
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.processed == batch.total == 3


def test_an_operator_made_by_a_refused_form_is_made_again_by_the_next_form(
    db, supervisor, demo_forms
):
    with connection.cursor() as cursor:
        for sql in REFUSE_SQL[connection.vendor]:
            cursor.execute(sql)
    demo_forms[0].provider.name = "RECUSADO"
    for data in demo_forms[:2]:
        data.operator = "Odonto Nova"
    batch = imported(supervisor, *demo_forms[:2])
    rows = list(batch.files.order_by("pk"))
    assert [r.outcome for r in rows] == [Outcome.FAILED, Outcome.CREATED]
    assert rows[1].case.operator == Operator.objects.get(label="Odonto Nova")


def test_the_same_form_twice_in_one_batch_makes_one_case(db, supervisor, demo_forms):
    content = text_form(demo_forms[0]).encode()
    batch = imported(supervisor, content, content)
    assert sorted(batch.counts()) == [Outcome.CREATED, Outcome.UNCHANGED]
    assert Case.objects.count() == 1


def test_an_operator_never_seen_becomes_one_option_for_the_whole_batch(db, supervisor, demo_forms):
    for data in demo_forms[:3]:
        data.operator = "Odonto Nova"
    imported(supervisor, *demo_forms[:3])
    option = Operator.objects.get(label="Odonto Nova")
    assert Case.objects.filter(operator=option).count() == 3


def test_options_an_administrator_changes_are_seen_by_the_next_batch(db, supervisor, demo_forms):
    data = demo_forms[0]
    data.status, data.retention_actions, data.retention_actions_notes = (
        "desligamento",
        ["suporte"],
        "",
    )
    imported(supervisor, data)
    assert not _asks_justification(Case.objects.get())
    RetentionAction.objects.filter(code="suporte").update(needs_justification=True)
    data.protocol_number = "SAD000000000123"
    imported(supervisor, data)
    assert _asks_justification(Case.objects.get(protocol_number="SAD000000000123"))


def _asks_justification(case: Case) -> bool:
    return any("justificativa obrigatória" in w for w in case.import_warnings)


def _dashboard_rows():
    return list(CaseFact.objects.order_by("case").values())


def test_the_dashboard_counts_a_batch_of_new_changed_and_unchanged_forms_at_once(
    db, supervisor, demo_forms
):
    imported(supervisor, *demo_forms[:20])
    changed = demo_forms[:10]
    for data in changed[:5]:  # the same forms corrected: another city, more lives
        data.service_uf, data.city = "MG", "Belo Horizonte"
    for data in changed[5:]:
        data.lives = (data.lives or 0) + 1000
    batch = imported(supervisor, *changed, *demo_forms[10:15], *demo_forms[20:])
    # the forms without a status made open cases: a person may be working them, so their
    # corrections wait for a person's choice (two of these ten, one of them in Minas)
    assert [bool(d.status) for d in changed].count(False) == 2
    assert batch.counts() == {
        Outcome.UPDATED: 8,
        Outcome.CONFLICT: 2,
        Outcome.UNCHANGED: 5,
        Outcome.CREATED: 10,
    }
    in_minas = sum(1 for d in changed[:5] if d.status)
    assert Case.objects.filter(city="Belo Horizonte").count() == in_minas
    counted = _dashboard_rows()
    facts.refresh()  # what refresh_report_facts would rebuild: nothing differs
    assert _dashboard_rows() == counted


def test_a_form_keeps_its_provider_up_to_date_without_blanking_what_it_leaves_out(
    db, supervisor, demo_forms
):
    first, second = demo_forms[0], demo_forms[1]
    second.provider.cro, second.provider.cro_uf = first.provider.cro, first.provider.cro_uf
    second.provider.name, second.provider.cpf, second.provider.cnpj = "Clínica Nova", None, None
    imported(supervisor, first, second)
    provider = Provider.objects.get()
    assert provider.name == "Clínica Nova"
    assert (provider.cpf, provider.cnpj) == (first.provider.cpf or "", first.provider.cnpj or "")
    assert sorted(c.provider_name for c in provider.cases.all()) == sorted(
        [first.provider.name, "Clínica Nova"]
    )


REFUSE_FACT_SQL = {  # the database refuses a form's dashboard row, written at its chunk's end
    "sqlite": [
        "CREATE TRIGGER refuse_fact BEFORE INSERT ON reports_casefact "
        "WHEN NEW.city = 'Recusada' BEGIN SELECT RAISE(ABORT, 'recusado'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_fact() RETURNS trigger AS $$ BEGIN "
        "IF NEW.city = 'Recusada' THEN RAISE EXCEPTION 'recusado'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_fact BEFORE INSERT ON reports_casefact FOR EACH ROW "
        "EXECUTE FUNCTION refuse_fact()",
    ],
}


def test_a_form_whose_dashboard_row_the_database_refuses_fails_alone(db, supervisor, demo_forms):
    with connection.cursor() as cursor:
        for sql in REFUSE_FACT_SQL[connection.vendor]:
            cursor.execute(sql)
    demo_forms[1].city = "Recusada"
    batch = imported(supervisor, *demo_forms[:3])
    rows = list(batch.files.order_by("pk"))
    assert [r.outcome for r in rows] == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert "banco de dados recusou" in rows[1].message and rows[1].case is None
    assert Case.objects.count() == CaseFact.objects.count() == 2  # nothing half-stored
    assert not Case.objects.filter(city="Recusada").exists()


def test_a_batch_of_many_chunks_imports_each_form_once_with_its_dashboard_row(
    db, supervisor, demo_forms, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK", 7)  # 30 forms: five chunks, the last of two
    content = text_form(demo_forms[3]).encode()
    batch = imported(supervisor, *demo_forms, content)
    assert batch.counts() == {Outcome.CREATED: 30, Outcome.UNCHANGED: 1}
    assert Case.objects.count() == 30
    counted = _dashboard_rows()
    facts.refresh()
    assert _dashboard_rows() == counted


def test_a_batch_writes_its_dashboard_rows_once_and_few_statements_a_form(
    db, supervisor, demo_forms
):
    """What keeps an import of thousands of forms in minutes (bench/bench_import.py): the
    dashboard's rows are written once for a chunk of forms, not once for each, and what
    its forms may already be is looked up once for the chunk."""
    sources = [Source(f"form-{i}.txt", text_form(d).encode()) for i, d in enumerate(demo_forms)]
    batch = batch_create(user=supervisor, sources=sources, source="teste")
    with CaptureQueriesContext(connection) as queries:
        batch_run(batch)
    assert batch.counts() == {Outcome.CREATED: 30}
    facts_written = [q for q in queries if q["sql"].startswith('INSERT INTO "reports_casefact"')]
    assert len(facts_written) == 1
    # 25 a form when each form wrote its own row; 15.5 in bench/bench_import.py when each
    # new form looked up its file, protocol number and provider (imports.matching.Known)
    assert len(queries) <= 30 * 14
