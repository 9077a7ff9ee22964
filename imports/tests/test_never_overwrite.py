"""An import never overwrites what a person did (issue 16, part 1), on the web and the
command line (there is no import API: the API creates and edits cases, it imports nothing).
A batch whose worker died is taken up again, each file imported once (issue 17, item 13)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.conversion import case_to_data
from cases.models import Case, EventKind
from conftest import PASSWORD, SEEDS
from imports.models import BatchStatus, ImportBatch, ImportedFile, Outcome
from imports.services import batch_claim, batch_create
from imports.sources import Source
from imports.tasks import import_batch

SEED_001 = SEEDS / "001_2ef8644a227c06e3.txt"
SEED_TEXT = SEED_001.read_text(encoding="utf-8")
OLD_NOTE = "so quer o desligamento mesmo."
SUPERVISOR_NOTE = "Reaberto: a Drª aceitou conversar de novo em março."


def run(*args):
    out = io.StringIO()
    call_command("import_forms", *map(str, args), stdout=out)
    return out.getvalue()


def copy_of_seed(tmp_path, name="001-copia.txt", note="pediu um prazo para pensar."):
    path = tmp_path / name
    path.write_text(SEED_TEXT.replace(OLD_NOTE, note), encoding="utf-8")
    return path


@pytest.fixture
def reworked(db, tmp_path, supervisor):
    """Seed 001 imported (closed), then reopened by a supervisor who rewrote its Obs. Geral."""
    run(SEED_001, "--report", tmp_path / "0.csv")
    case = Case.objects.get()
    case = case_services.case_reopen(user=supervisor, case=case, reason="a Drª ligou")
    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.general_notes = SUPERVISOR_NOTE
    return case_services.case_update(user=supervisor, case=case, data=data)


def state(case):
    case = Case.objects.get(pk=case.pk)
    return case.version, case.general_notes, case.is_open, case.events.count()


# Command line ---------------------------------------------------------------------------


def test_the_same_file_again_changes_nothing_even_after_a_person_reworked_the_case(
    reworked, tmp_path
):
    before = state(reworked)
    out = run(SEED_001, "--report", tmp_path / "1.csv")
    assert "sem alteração: 1" in out
    assert state(reworked) == before == (reworked.version, SUPERVISOR_NOTE, True, 3)


def test_a_copy_with_another_note_is_a_conflict_reported_and_not_applied(reworked, tmp_path):
    report = tmp_path / "r.csv"
    out = run(copy_of_seed(tmp_path), "--report", report)
    assert "conflito: 1" in out
    assert f"já existe: caso {reworked.pk}" in out and "alterado por supervisor" in out
    assert f"Obs. Geral: {SUPERVISOR_NOTE} → " in out
    assert "--update" in out
    text = report.read_bytes().decode("utf-8")
    assert ";Conflito;" in text and "pediu um prazo para pensar" in text
    assert state(reworked) == (reworked.version, SUPERVISOR_NOTE, True, 3)
    assert ImportedFile.objects.get(filename__endswith="001-copia.txt").outcome == "conflict"


def test_update_applies_a_conflict_through_the_edit_service_and_says_what_changed(
    reworked, tmp_path
):
    out = run(copy_of_seed(tmp_path), "--update", "--report", tmp_path / "r.csv")
    assert f"alterado: caso {reworked.pk}" in out and "Obs. Geral: " in out
    case = Case.objects.get()
    assert case.general_notes.endswith("pediu um prazo para pensar.")
    assert not case.is_open and case.status == "desligamento"  # the form's status: closed
    last = case.events.order_by("-version").first()
    assert last.kind == EventKind.CLOSED and last.version == reworked.version + 1
    assert [c["label"] for c in last.changes] == ["Obs. Geral"]
    assert last.changes[0]["old"] == SUPERVISOR_NOTE


def test_an_open_case_nobody_touched_since_its_import_is_not_changed_silently(db, tmp_path):
    open_form = tmp_path / "aberto.txt"  # without a status: imported as an open case
    open_form.write_text(SEED_TEXT.replace("☒ Desligamento", "☐ Desligamento"), "utf-8")
    run(open_form, "--report", tmp_path / "0.csv")
    case = Case.objects.get()
    assert case.is_open and not case.status
    changed = tmp_path / "aberto-2.txt"
    changed.write_text(open_form.read_text("utf-8").replace(OLD_NOTE, "outra."), "utf-8")
    out = run(changed, "--report", tmp_path / "1.csv")
    assert "conflito: 1" in out and "o caso está aberto" in out
    assert Case.objects.get().general_notes == case.general_notes


def test_the_same_form_in_other_bytes_changes_nothing_no_event_no_version(db, tmp_path):
    run(SEED_001, "--report", tmp_path / "0.csv")
    case = Case.objects.get()
    again = tmp_path / "001-crlf.txt"
    again.write_bytes(SEED_TEXT.replace("\n", "\r\n").encode("utf-8") + b"\r\n\r\n")
    out = run(again, "--report", tmp_path / "1.csv")
    assert "sem alteração: 1" in out
    assert state(case) == (case.version, case.general_notes, False, 1)


def test_a_new_form_of_a_provider_with_cases_is_imported_with_a_warning(db, tmp_path):
    run(SEED_001, "--report", tmp_path / "0.csv")
    first = Case.objects.get()
    other = tmp_path / "001-outro-protocolo.txt"
    other.write_text(SEED_TEXT.replace("SAD170662950329", "SAD999999999999"), "utf-8")
    report = tmp_path / "1.csv"
    out = run(other, "--report", report)
    assert "criado: 1" in out
    new = Case.objects.exclude(pk=first.pk).get()
    assert new.provider_id == first.provider_id
    row = ImportedFile.objects.get(case=new)
    assert any(f"já tem caso(s) no sistema: caso {first.pk}" in w for w in row.warnings)
    assert f"caso {first.pk}" in report.read_bytes().decode("utf-8")


def test_a_file_of_an_anonymised_case_is_refused(db, tmp_path, administrator):
    run(SEED_001, "--report", tmp_path / "0.csv")
    case = Case.objects.get()
    case_services.provider_anonymise(user=administrator, provider=case.provider)
    out = run(SEED_001, "--report", tmp_path / "1.csv")
    assert "falhou: 1" in out and "caso anonimizado" in out
    copy = run(copy_of_seed(tmp_path), "--report", tmp_path / "2.csv")  # same protocol
    assert "falhou: 1" in copy and "caso anonimizado" in copy
    assert Case.objects.count() == 1
    assert Case.objects.get().provider_name == "(anonimizado)"


# Web preview ----------------------------------------------------------------------------


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, path):
    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    return client.post(reverse("imports:upload"), {"files": [file]}, follow=True)


def test_the_preview_shows_the_case_and_each_difference_and_skipping_is_the_default(
    client, reworked, supervisor, tmp_path
):
    response = upload(login(client, supervisor), copy_of_seed(tmp_path))
    page = response.content.decode()
    assert f'já existe: <a href="/casos/{reworked.pk}/">caso {reworked.pk}</a>' in page
    assert "Obs. Geral" in page and SUPERVISOR_NOTE in page and "pediu um prazo" in page
    assert 'value="skip" checked' in page
    batch = ImportBatch.objects.get(source="web")
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert state(reworked) == (reworked.version, SUPERVISOR_NOTE, True, 3)
    assert batch.files.get().outcome == Outcome.CONFLICT


def test_the_preview_formats_the_differences_the_brazilian_way(
    client, reworked, supervisor, tmp_path
):
    path = tmp_path / "001-valor.txt"
    path.write_text(SEED_TEXT.replace("30/01/2024", "02/02/2024"), encoding="utf-8")
    page = upload(login(client, supervisor), path).content.decode()
    assert "Data início" in page and "30/01/2024" in page and "02/02/2024" in page
    assert "2024-01-30" not in page


def test_applying_from_the_preview_records_every_changed_field_as_an_edit(
    client, reworked, supervisor, tmp_path
):
    upload(login(client, supervisor), copy_of_seed(tmp_path))
    row = ImportedFile.objects.get(batch__source="web")
    client.post(
        reverse("imports:confirm", args=[row.batch_id]),
        {f"escolha-{row.pk}": "apply", f"versao-{row.pk}": str(reworked.version)},
    )
    case = Case.objects.get()
    assert case.general_notes.endswith("pediu um prazo para pensar.") and not case.is_open
    last = case.events.order_by("-version").first()
    assert last.kind == EventKind.CLOSED and last.user == supervisor
    assert last.changes[0]["label"] == "Obs. Geral"


def test_applying_is_refused_when_the_case_changed_after_the_choice(
    client, reworked, supervisor, tmp_path
):
    upload(login(client, supervisor), copy_of_seed(tmp_path))
    row = ImportedFile.objects.get(batch__source="web")
    client.post(
        reverse("imports:choose", args=[row.batch_id]),
        {f"escolha-{row.pk}": "apply", f"versao-{row.pk}": str(reworked.version - 1)},
    )
    client.post(reverse("imports:confirm", args=[row.batch_id]))
    row.refresh_from_db()
    assert row.outcome == Outcome.CONFLICT and "mudou depois da sua escolha" in row.message
    assert Case.objects.get().general_notes == SUPERVISOR_NOTE


def test_a_choice_posted_with_a_version_that_is_no_number_is_kept_not_a_crash(
    client, reworked, supervisor, tmp_path
):
    upload(login(client, supervisor), copy_of_seed(tmp_path))
    row = ImportedFile.objects.get(batch__source="web")
    # "²": a digit to str.isdigit(), not to int(); 20 digits: past any version's column
    for junk in ("²", "99999999999999999999"):
        choice = {f"escolha-{row.pk}": "apply", f"versao-{row.pk}": junk}
        response = client.post(reverse("imports:choose", args=[row.batch_id]), choice)
        assert response.status_code == 302
        row.refresh_from_db()
        assert row.decision == "apply" and row.decided_version is None


def test_importing_as_a_new_case_leaves_the_worked_case_alone(
    client, reworked, supervisor, tmp_path
):
    upload(login(client, supervisor), copy_of_seed(tmp_path))
    row = ImportedFile.objects.get(batch__source="web")
    client.post(reverse("imports:confirm", args=[row.batch_id]), {f"escolha-{row.pk}": "new"})
    assert Case.objects.count() == 2
    assert state(reworked) == (reworked.version, SUPERVISOR_NOTE, True, 3)
    row.refresh_from_db()
    assert row.outcome == Outcome.CREATED and row.case_id != reworked.pk


# A killed worker ------------------------------------------------------------------------


def stalled_batch(user, minutes_ago=30):
    sources = [Source("a.txt", SEED_TEXT.encode()), Source("b.txt", copy_of_text("b"))]
    batch = batch_create(user=user, sources=sources)
    since = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, heartbeat_at=since)
    return ImportBatch.objects.get(pk=batch.pk)


def copy_of_text(tag):
    return SEED_TEXT.replace("SAD170662950329", f"SAD00000000000{ord(tag)}").encode()


def test_a_batch_whose_worker_died_is_resumed_by_the_user(client, supervisor):
    batch = stalled_batch(supervisor)
    page = login(client, supervisor).get(reverse("imports:batch", args=[batch.pk]))
    assert "Retomar importação" in page.content.decode()
    client.post(reverse("imports:resume", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.counts() == {Outcome.CREATED: 2}
    assert Case.objects.count() == 2


def test_the_next_worker_takes_up_a_dead_batch_and_a_live_one_is_left_alone(db, supervisor):
    dead = stalled_batch(supervisor)
    live = stalled_batch(supervisor, minutes_ago=0)
    assert not batch_claim(live)  # its worker is alive: nobody else runs it
    other = batch_create(user=supervisor, sources=[Source("c.txt", copy_of_text("c"))])
    import_batch.enqueue(other.pk)  # the next task the (restarted) worker runs
    dead.refresh_from_db()
    assert dead.status == BatchStatus.DONE and dead.counts() == {Outcome.CREATED: 2}
    assert ImportBatch.objects.get(pk=live.pk).status == BatchStatus.RUNNING
    # each file once: a.txt's and b.txt's forms, c.txt's; the live batch still pending
    assert Case.objects.count() == 3


def test_a_form_of_the_same_cpf_under_another_cro_says_it_is_not_linked(db, tmp_path):
    run(SEED_001, "--report", tmp_path / "0.csv")
    first = Case.objects.get()
    other = tmp_path / "001-outro-cro.txt"
    text = SEED_TEXT.replace("SAD170662950329", "SAD888888888888").replace("26666", "27777")
    other.write_text(text, "utf-8")
    run(other, "--report", tmp_path / "1.csv")
    new = Case.objects.exclude(pk=first.pk).get()
    assert new.provider_id != first.provider_id
    warning = next(w for w in ImportedFile.objects.get(case=new).warnings if "CPF/CNPJ" in w)
    assert f"caso {first.pk}" in warning and "confira se é a mesma pessoa" in warning
