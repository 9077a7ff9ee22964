"""Two forms pasted one after the other in one DOCX are two cases (issue 16 §2): each form
its own row, labelled "arquivo.docx — formulário 2 de 2", on the web, the command line and
its report; the same file again changes nothing; a killed batch imports each form once."""

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.conversion import case_to_data
from cases.models import Case
from conftest import PASSWORD, expected_seed, seed_paths
from formio.casedata import CaseData
from formio.tests.forms import pasted_docx, text_form
from imports.models import BatchStatus, ImportBatch, ImportedFile, Outcome
from imports.services import batch_claim, batch_create, batch_run
from imports.sources import Source

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIRST_LABEL = "dois.docx — formulário 1 de 2"
SECOND_LABEL = "dois.docx — formulário 2 de 2"


def two_people() -> tuple[CaseData, CaseData]:
    """Seed 001 and the same form filled for another provider (another CPF, CRO, protocol)."""
    seed = next(p for p in seed_paths() if p.name.startswith("001_"))
    first, second = (CaseData.from_dict(expected_seed(seed)) for _ in range(2))
    second.provider.name, second.provider.cpf = "MARCOS OLIVEIRA LIMA", "52998224725"
    second.provider.cro, second.protocol_number = "31415", "SAD000000000077"
    return first, second


@pytest.fixture
def two():
    first, second = two_people()
    assert first.provider.name != second.provider.name
    return first, second, pasted_docx(first, second)


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, content, name="dois.docx"):
    file = SimpleUploadedFile(name, content, content_type=DOCX)
    return client.post(reverse("imports:upload"), {"files": [file]}, follow=True)


def run(*args):
    out = io.StringIO()
    call_command("import_forms", *map(str, args), stdout=out)
    return out.getvalue()


def names():
    return sorted(Case.objects.values_list("provider_name", flat=True))


# Web -------------------------------------------------------------------------------------


def test_the_preview_shows_each_form_and_confirming_makes_two_cases(client, supervisor, two):
    first, second, content = two
    page = upload(login(client, supervisor), content).content.decode()
    assert FIRST_LABEL in page and SECOND_LABEL in page
    assert first.provider.name in page and second.provider.name in page
    assert "cada um é importado como um caso próprio" in page
    batch = ImportBatch.objects.get()
    assert batch.total == 2 and Case.objects.count() == 0
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert names() == sorted([first.provider.name, second.provider.name])
    rows = {row.form_number: row for row in ImportedFile.objects.all()}
    assert rows[1].case.provider_name == first.provider.name
    assert rows[2].case.provider_name == second.provider.name
    assert rows[1].original.read() == rows[2].original.read() == content  # a copy each
    done = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert FIRST_LABEL in done and SECOND_LABEL in done
    history = rows[2].case.events.order_by("version")[0]
    assert SECOND_LABEL in history.note  # the case says which form it came from


def test_the_same_file_again_is_unchanged_for_every_form(client, supervisor, two):
    *_, content = two
    upload(login(client, supervisor), content)
    client.post(reverse("imports:confirm", args=[ImportBatch.objects.get().pk]))
    upload(client, content)
    again = ImportBatch.objects.latest("pk")
    client.post(reverse("imports:confirm", args=[again.pk]))
    assert again.counts() == {Outcome.UNCHANGED: 2}
    assert Case.objects.count() == 2
    assert not any(row.original for row in again.files.all())  # unchanged: copies deleted


def test_each_form_has_its_own_decision(client, supervisor, two):
    """Form 2's case was reworked by a person: its row is a conflict, form 1 is created."""
    first, second, content = two
    run_file = SimpleUploadedFile("so-o-segundo.txt", text_form(second).encode())
    client = login(client, supervisor)
    client.post(reverse("imports:upload"), {"files": [run_file]})
    client.post(reverse("imports:confirm", args=[ImportBatch.objects.get().pk]))
    case = case_services.case_reopen(user=supervisor, case=Case.objects.get(), reason="ligou")
    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.general_notes = "Reaberto: aceitou conversar de novo."
    case_services.case_update(user=supervisor, case=case, data=data)
    page = upload(client, content).content.decode()
    assert f"já existe: caso {case.pk}" in page
    batch = ImportBatch.objects.latest("pk")
    second_row = batch.files.get(form_number=2)
    client.post(reverse("imports:confirm", args=[batch.pk]), {f"escolha-{second_row.pk}": "new"})
    assert batch.counts() == {Outcome.CREATED: 2}
    assert names() == sorted([first.provider.name, second.provider.name, second.provider.name])


# Command line ----------------------------------------------------------------------------


def test_the_command_line_dry_run_import_and_report_name_each_form(db, tmp_path, two):
    first, second, content = two
    path = tmp_path / "dois.docx"
    path.write_bytes(content)
    dry = run(path, "--dry-run", "--report", tmp_path / "dry.csv")
    assert "simulação — lidos: 2; criado: 2;" in dry
    assert Case.objects.count() == 0
    report = (tmp_path / "dry.csv").read_bytes().decode("utf-8-sig").splitlines()
    rows = [line.split(";")[:2] for line in report[1:]]
    assert [(name.endswith(FIRST_LABEL), outcome) for name, outcome in rows[:1]] == [
        (True, "Criado")
    ]
    assert rows[1][0].endswith(SECOND_LABEL) and rows[1][1] == "Criado" and len(rows) == 2
    out = run(path, "--report", tmp_path / "real.csv")
    assert "lidos: 2; criado: 2;" in out
    report = (tmp_path / "real.csv").read_bytes().decode("utf-8-sig")
    assert FIRST_LABEL in report and SECOND_LABEL in report
    assert names() == sorted([first.provider.name, second.provider.name])
    again = run(path, "--dry-run", "--report", tmp_path / "again.csv")
    assert "lidos: 2; criado: 0; atualizado: 0; sem alteração: 2;" in again
    assert "lidos: 2; criado: 0; atualizado: 0; sem alteração: 2;" in run(
        path, "--report", tmp_path / "again-real.csv"
    )
    assert Case.objects.count() == 2


def test_form_1_keeps_the_files_sha256_so_files_imported_before_still_match(db, two):
    *_, content = two
    batch = batch_create(user=None, sources=[Source("dois.docx", content)])
    batch_run(batch)
    rows = {row.form_number: row.sha256 for row in batch.files.all()}
    assert rows == {
        1: hashlib.sha256(content).hexdigest(),
        2: hashlib.sha256(content + b":2").hexdigest(),
    }


# A killed worker -------------------------------------------------------------------------


def test_a_batch_killed_after_reading_the_file_imports_each_form_once(db, supervisor, two):
    *_, content = two
    batch = batch_create(user=supervisor, sources=[Source("dois.docx", content)])
    batch_run(batch)  # a run that gets through, then one killed midway, rebuilt by hand:
    Case.objects.filter(source_files__form_number=2).delete()
    ImportedFile.objects.filter(form_number=2).update(outcome=Outcome.PENDING)
    since = timezone.now() - datetime.timedelta(minutes=30)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, heartbeat_at=since)
    assert batch_claim(batch)
    batch_run(batch)
    assert ImportedFile.objects.count() == 2  # form 2's row was not added twice
    assert batch.counts() == {Outcome.CREATED: 2}
    assert Case.objects.count() == 2
    assert ImportBatch.objects.get(pk=batch.pk).total == 2


def test_a_batch_whose_worker_died_after_the_preview_is_resumed_each_form_once(
    client, supervisor, two
):
    *_, content = two
    upload(login(client, supervisor), content)  # the preview added form 2's row
    batch = ImportBatch.objects.get()
    since = timezone.now() - datetime.timedelta(minutes=30)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, heartbeat_at=since)
    client.post(reverse("imports:resume", args=[batch.pk]))
    assert batch.counts() == {Outcome.CREATED: 2}
    assert ImportedFile.objects.count() == 2 and Case.objects.count() == 2


# Anonymisation ---------------------------------------------------------------------------


def second_imported_alone(second, tmp_path) -> None:
    """Form 2's person has a case of her own (so she can be anonymised)."""
    path = tmp_path / "segundo.txt"
    path.write_text(text_form(second), encoding="utf-8")
    run(path, "--report", tmp_path / "0.csv")


def test_anonymising_the_person_of_form_2_deletes_the_file_for_every_waiting_form(
    client, supervisor, administrator, two, tmp_path
):
    first, second, content = two
    second_imported_alone(second, tmp_path)
    upload(login(client, supervisor), content)  # previewed: both forms' rows wait
    batch = ImportBatch.objects.latest("pk")
    assert batch.files.count() == 2
    case_services.provider_anonymise(user=administrator, provider=Case.objects.get().provider)
    rows = list(batch.files.all())
    assert [row.outcome for row in rows] == [Outcome.FAILED, Outcome.FAILED]
    assert not any(row.original for row in rows)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert Case.objects.count() == 1  # neither form came back
    assert first.provider.name not in names()


def test_anonymised_before_the_file_was_read_none_of_its_forms_is_imported(
    db, supervisor, administrator, two, tmp_path
):
    _, second, content = two
    second_imported_alone(second, tmp_path)
    batch = batch_create(user=supervisor, sources=[Source("dois.docx", content)])
    case_services.provider_anonymise(user=administrator, provider=Case.objects.get().provider)
    batch_run(batch)
    assert batch.counts() == {Outcome.FAILED: 1}  # form 2's row was never added
    assert Case.objects.count() == 1
