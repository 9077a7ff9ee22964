"""Many cases at once from the queue: each case through its service, the result per case."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, EventKind
from notifications.models import Kind, Notification
from reports.models import CaseFact, Outcome
from worklist import bulk
from worklist.models import BulkRun, RunStatus

BULK = reverse("worklist:bulk")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def confirm(client, action, cases, **fields):
    """The confirmation page's POST: the action, its fields, the selection."""
    data = {"acao": action, "confirmar": "1", "caso": [str(c.pk) for c in cases], **fields}
    return client.post(BULK, data)


def run_page(client, response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"]).content.decode()


def test_a_supervisor_reassigns_two_cases_and_the_analyst_is_notified_of_each(
    client, make_case, supervisor, other_analyst
):
    cases = [make_case(), make_case()]
    client.force_login(supervisor)
    asked = client.post(BULK, {"acao": "assign", "caso": [c.pk for c in cases]}).content.decode()
    assert "Reatribuir: 2 caso(s)" in asked and "Bruno Analista" in asked

    page = run_page(client, confirm(client, "assign", cases, analyst=other_analyst.pk))
    assert "2 caso(s) alterado(s), 0 recusado(s)." in page
    for case in cases:
        case.refresh_from_db()
        assert case.analyst == other_analyst
        event = case.events.get(kind=EventKind.ASSIGNED)
        assert event.user == supervisor
        assert event.changes[0]["new"] == "Bruno Analista"
    notified = Notification.objects.filter(user=other_analyst, kind=Kind.ASSIGNED)
    assert sorted(n.case_id for n in notified) == sorted(c.pk for c in cases)


def test_a_case_already_with_that_analyst_is_refused_and_says_why(
    client, make_case, supervisor, analyst
):
    case = make_case()
    client.force_login(supervisor)
    page = run_page(client, confirm(client, "assign", [case], analyst=analyst.pk))
    assert "0 caso(s) alterado(s), 1 recusado(s)." in page
    assert f"Caso {case.pk}</a> · PATRICIA SANTOS BARROS: já estava com Ana Analista." in page
    assert not case.events.filter(kind=EventKind.ASSIGNED).exists()


@pytest.mark.parametrize("role", ["analyst", "manager"])
def test_only_supervisors_reassign(client, make_case, role, request, other_analyst):
    case = make_case()
    client.force_login(request.getfixturevalue(role))
    response = confirm(client, "assign", [case], analyst=other_analyst.pk)
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.analyst.username == "analista"


def test_an_analyst_adds_a_note_to_her_cases_and_not_to_another_analysts(
    client, make_case, analyst, other_analyst
):
    mine = [make_case(), make_case()]
    theirs = make_case(user=other_analyst)
    client.force_login(analyst)
    page = run_page(client, confirm(client, "note", [*mine, theirs], text="Cobrado por e-mail."))
    assert "2 caso(s) alterado(s), 1 recusado(s)." in page
    assert f"Caso {theirs.pk}: não encontrado entre os casos que você pode ver." in page
    assert "PATRICIA" not in page.split("Não alterados")[1].split("Alterados")[0]
    for case in mine:
        assert [(c.author, c.text) for c in case.comments.all()] == [
            (analyst, "Cobrado por e-mail.")
        ]
    assert not theirs.comments.exists()


def test_a_bulk_note_is_an_internal_comment_and_leaves_obs_geral_as_it_was(
    client, make_case, supervisor, analyst
):
    case = make_case(general_notes="Prestador pediu retorno.")
    client.force_login(supervisor)
    run_page(client, confirm(client, "note", [case], text="@analista ligar segunda."))
    case.refresh_from_db()
    assert case.general_notes == "Prestador pediu retorno."
    assert case.comments.get().text == "@analista ligar segunda."
    assert analyst.notifications.filter(case=case).exists()


def test_closing_as_not_retention_closes_what_the_rules_allow_and_says_why_not_the_rest(
    client, make_case, analyst
):
    ok = make_case()
    no_start = make_case(started_on=None)
    closed = make_case()
    client.force_login(analyst)
    run_page(
        client, confirm(client, "close", [closed], justification="x", finished_on="01/03/2024")
    )

    response = confirm(
        client,
        "close",
        [ok, no_start, closed],
        justification="Prestador só mudou de endereço.",
        finished_on="20/03/2024",
    )
    page = run_page(client, response)
    assert "1 caso(s) alterado(s), 2 recusado(s)." in page
    assert f"Caso {no_start.pk}</a> · PATRICIA SANTOS BARROS: Data início: obrigatório" in page
    assert f"Caso {closed.pk}</a> · PATRICIA SANTOS BARROS: Caso encerrado: reabra-o" in page
    ok.refresh_from_db()
    assert (ok.is_open, ok.status, ok.finished_on) == (
        False,
        "nao_se_trata_de_retencao",
        datetime.date(2024, 3, 20),
    )
    assert ok.general_notes.endswith(
        "Ana Analista: Não se trata de Retenção: Prestador só mudou de endereço."
    )
    assert ok.events.filter(kind=EventKind.CLOSED).count() == 1
    no_start.refresh_from_db()
    assert no_start.is_open and no_start.general_notes == ""


def test_the_dashboard_rows_follow_a_bulk_close_and_a_refused_case_in_between_stays_open(
    client, make_case, analyst
):
    first, no_start, last = make_case(), make_case(started_on=None), make_case()
    client.force_login(analyst)
    fields = {"justification": "Só mudou de endereço.", "finished_on": "20/03/2024"}
    page = run_page(client, confirm(client, "close", [first, no_start, last], **fields))
    assert "2 caso(s) alterado(s), 1 recusado(s)." in page
    outcome = dict(CaseFact.objects.values_list("case_id", "outcome"))
    assert outcome == {
        first.pk: Outcome.NOT_RETENTION,
        no_start.pk: Outcome.OPEN,
        last.pk: Outcome.NOT_RETENTION,
    }
    assert no_start.events.filter(kind=EventKind.CLOSED).count() == 0


def test_closing_without_a_justification_asks_for_it_and_keeps_the_selection(
    client, make_case, analyst
):
    cases = [make_case(), make_case()]
    client.force_login(analyst)
    response = confirm(client, "close", cases, justification=" ", finished_on="32/01/2024")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Escreva a justificativa do encerramento." in page
    assert "data inexistente: janeiro de 2024 tem 31 dias." in page
    for case in cases:
        assert f'name="caso" value="{case.pk}"' in page
    assert not BulkRun.objects.exists() and Case.objects.open().count() == 2


def test_a_future_data_final_is_refused(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    page = confirm(client, "close", [case], justification="ok", finished_on=tomorrow)
    assert "não pode ser uma data futura." in page.content.decode()


def test_the_confirmation_proposes_today_as_data_final(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    page = client.post(BULK, {"acao": "close", "caso": [case.pk]}).content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in page


def test_all_filtered_cases_means_what_the_filters_select(
    client, make_case, supervisor, other_analyst
):
    niteroi = [make_case(city="Niterói"), make_case(city="Niterói")]
    santos = make_case(city="Santos")
    client.force_login(supervisor)
    data = {"acao": "assign", "confirmar": "1", "todos": "1", "filtros": "city=Niter%C3%B3i"}
    page = run_page(client, client.post(BULK, {**data, "analyst": other_analyst.pk}))
    assert "2 caso(s) alterado(s), 0 recusado(s)." in page
    assert {c.analyst_id for c in Case.objects.filter(pk__in=[c.pk for c in niteroi])} == {
        other_analyst.pk
    }
    santos.refresh_from_db()
    assert santos.analyst.username == "analista"


def test_nothing_selected_sends_back_to_the_queue_saying_so(client, analyst):
    client.force_login(analyst)
    response = client.post(BULK, {"acao": "note", "filtros": "city=Santos"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("cases:queue") + "?city=Santos"
    assert "Selecione ao menos um caso" in response.content.decode()


def test_exporting_the_selection_downloads_just_those_cases(client, make_case, manager):
    cases = [make_case(city="Niterói"), make_case(), make_case()]
    client.force_login(manager)  # the Gestor reads, and may export
    response = client.post(BULK, {"acao": "csv", "caso": [cases[0].pk, cases[2].pk]})
    assert response["Location"] == f"/exportar/casos.csv?ids={cases[0].pk}%2C{cases[2].pk}"
    download = client.get(response["Location"])
    rows = list(csv.DictReader(io.StringIO(body(download).decode("utf-8-sig")), delimiter=";"))
    assert [row["Caso"] for row in rows] == [str(cases[0].pk), str(cases[2].pk)]
    assert rows[0]["CPF"] == "***.094.747-**"


def test_an_analyst_exporting_another_analysts_case_gets_only_her_own(
    client, make_case, analyst, other_analyst
):
    mine, theirs = make_case(), make_case(user=other_analyst)
    client.force_login(analyst)
    location = client.post(BULK, {"acao": "csv", "caso": [mine.pk, theirs.pk]})["Location"]
    text = body(client.get(location)).decode("utf-8-sig")
    assert [row["Caso"] for row in csv.DictReader(io.StringIO(text), delimiter=";")] == [
        str(mine.pk)
    ]


def test_a_selection_that_is_not_case_numbers_is_refused_in_portuguese(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("exports:list", args=["csv"]), {"ids": "12,abc"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "Filtro inválido: Casos: use números de caso separados por vírgula (ex.: 12,15)."
    )


def test_printing_the_selection_gives_a_zip_of_their_pdf_forms(client, make_case, analyst):
    cases = [make_case(), make_case()]
    client.force_login(analyst)
    response = client.post(BULK, {"acao": "formularios", "caso": [c.pk for c in cases]})
    download = client.get(response["Location"])
    archive = zipfile.ZipFile(io.BytesIO(body(download)))
    assert archive.namelist() == [f"formulario_caso-{c.pk}.pdf" for c in cases]
    assert archive.read(archive.namelist()[0]).startswith(b"%PDF")


def test_a_big_selection_runs_in_the_background_and_its_page_shows_the_result(
    client, make_case, supervisor, other_analyst, monkeypatch
):
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 1)  # the test settings' tasks run at once
    cases = [make_case(), make_case(), make_case()]
    client.force_login(supervisor)
    page = client.post(BULK, {"acao": "assign", "caso": [c.pk for c in cases]}).content.decode()
    assert "continua em segundo plano" in page
    page = run_page(client, confirm(client, "assign", cases, analyst=other_analyst.pk))
    assert "3 caso(s) alterado(s), 0 recusado(s)." in page
    run = BulkRun.objects.get()
    assert (run.status, run.handled, run.total) == (RunStatus.DONE, 3, 3)


def test_a_run_is_seen_only_by_who_asked(client, make_case, supervisor, administrator):
    case = make_case()
    client.force_login(supervisor)
    confirm(client, "note", [case], text="ok")
    run = BulkRun.objects.get()
    client.force_login(administrator)
    assert client.get(reverse("worklist:run", args=[run.pk])).status_code == 404


def test_a_selection_of_no_real_case_numbers_is_nothing_selected(client, analyst):
    """ "²" (a digit int() refuses) and a number past any id the database holds."""
    client.force_login(analyst)
    for junk in ("²", "99999999999999999999"):
        response = client.post(BULK, {"acao": "note", "caso": [junk]}, follow=True)
        assert "Selecione ao menos um caso" in response.content.decode()
