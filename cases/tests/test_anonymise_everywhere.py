"""Issue 17 (6): after "anonimizar", the person is nowhere: not in any text column of any
table (read through the ORM, every model), not in a file name on disk, and a pending batch
of her file cannot bring her back."""

import json
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from audit.models import ExportLog
from cases import services
from cases.conversion import case_to_data
from cases.models import Case
from comments.services import attachment_add, comment_add
from conftest import SEEDS
from formio.casedata import CaseData
from imports import services as import_services
from imports.models import BatchStatus, ImportedFile, Outcome
from imports.sources import Source
from notifications.models import Notification

# the smallest PNG: the signature and an IHDR chunk (an attachment is checked by its bytes)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
NAME, CPF, EMAIL = "FULANA DE TAL SILVA", "52998224725", "fulana.silva@clinica.com.br"
# What must be gone: her CPF however written, her name's words, her e-mail
SECRETS = re.compile(r"52998224725|529\.982\.247-25|fulana|tal silva|clinica\.com", re.I)


def her_form(note: str) -> bytes:
    text = (SEEDS / "001_2ef8644a227c06e3.txt").read_text(encoding="utf-8")
    text = text.replace("PATRICIA SANTOS BARROS", NAME).replace("07309474759", CPF)
    return text.replace("pediu um prazo", note).encode()


def every_text(*, skip=()) -> list[str]:
    """Every row's every text/JSON column of every table, as `model.field: value`."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and f.name not in ("password", "session_data")
        ]
        if model._meta.label in skip or not fields:
            continue
        for row in model._default_manager.values(*fields):
            for name, value in row.items():
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if SECRETS.search(text or ""):
                    found.append(f"{model._meta.label}.{name}: {text[:200]}")
    return found


def _imported(user, filename: str, content: bytes, analyst=None) -> ImportedFile:
    """The file imported as the command line and the web upload do it: its row."""
    source = Source(filename, content)
    batch = import_services.batch_create(user=user, sources=[source], analyst=analyst)
    import_services.batch_run(batch)
    return batch.files.get()


@pytest.fixture
def her_case(db, client, analyst, supervisor, administrator):
    """Her case, imported from a file named after her, then worked on every way."""
    filename = f"FULANA_SILVA_{CPF}.txt"
    result = _imported(supervisor, filename, her_form("pediu um prazo"), analyst=analyst)
    assert result.outcome == Outcome.CREATED
    case = Case.objects.get(pk=result.case_id)  # stored closed: the form has a status
    services.case_reopen(user=supervisor, case=case, reason=f"Ela ligou, CPF {CPF}.")
    services.case_assign(user=supervisor, case=case, analyst=analyst)  # a notification
    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.general_notes = f"Falei com a Dra. Fulana Silva ({EMAIL}), CPF 529.982.247-25."
    services.case_update(user=analyst, case=case, data=data)
    services.contact_add(
        user=analyst, case=case, date=None, notes=f"Fulana pediu retorno por {EMAIL}."
    )
    comment_add(user=analyst, case=case, text=f"Fulana mandou o comprovante de {EMAIL}.")
    png = SimpleUploadedFile("fulana_silva.png", PNG, content_type="image/png")
    attachment_add(user=analyst, case=case, upload=png, description="print da Fulana")
    client.force_login(supervisor)
    export = client.get(reverse("exports:list", args=["csv"]), {"q": CPF})
    b"".join(export.streaming_content if export.streaming else [export.content])
    client.get(reverse("exports:list", args=["csv"]), {"q": "fulana silva"}).getvalue()
    # A batch of a newer copy of her file, previewed and never confirmed
    batch = import_services.batch_create(
        user=supervisor,
        sources=[Source(f"{NAME} {CPF} (2).txt", her_form("quer pensar melhor"))],
    )
    return Case.objects.get(pk=case.pk), batch


def test_the_person_is_in_no_table_and_no_file_after_anonymising(
    her_case, administrator, settings, make_case, analyst
):
    case, batch = her_case
    comment_add(user=analyst, case=make_case(), text=f"Igual ao caso da {NAME}.")
    before = every_text()
    assert len(before) > 10 and any("ExportLog" in hit for hit in before)  # seeded everywhere
    pending = ImportedFile.objects.get(batch=batch)
    on_disk = pending.original.path
    statistics = (case.city, case.lives, case.started_on)
    services.provider_anonymise(user=administrator, provider=case.provider)
    assert every_text() == []
    files = [p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert not [name for name in files if SECRETS.search(name)], files
    assert not (settings.MEDIA_ROOT / on_disk).exists()
    assert ExportLog.objects.filter(filters={"q": "(anonimizado)"}).count() == 2
    case.refresh_from_db()
    assert (case.city, case.lives, case.started_on) == statistics  # the statistics stay
    assert Notification.objects.filter(case=case).exists()


def test_confirming_a_pending_batch_of_her_file_does_not_bring_her_back(
    her_case, administrator, supervisor
):
    case, batch = her_case
    services.provider_anonymise(user=administrator, provider=case.provider)
    batch.status = BatchStatus.QUEUED
    batch.save()
    import_services.batch_run(batch)
    row = ImportedFile.objects.get(batch=batch)
    assert row.outcome == Outcome.FAILED and "anonimizado" in row.message
    assert Case.objects.count() == 1 and every_text() == []


def test_a_later_import_of_her_file_is_refused_with_a_message(her_case, administrator, supervisor):
    case, _ = her_case
    services.provider_anonymise(user=administrator, provider=case.provider)
    again = _imported(supervisor, "de novo.txt", her_form("pediu um prazo"))
    assert again.outcome == Outcome.FAILED
    assert "caso anonimizado" in again.message and "não são importados de novo" in again.message
    assert Case.objects.count() == 1 and every_text() == []


def test_the_name_words_go_from_texts_however_written(db):
    from cases.anonymisation import Person
    from cases.models import Provider

    provider = Provider(pk=7, name="JOSÉ DA CONCEIÇÃO", cpf=CPF, cro="12345", uf="RJ")
    person = Person.of(provider, [])
    text = "Jose Conceicao (josé_da_conceição.pdf) CRO 12.345, CPF 529.982.247-25; Rua da Paz"
    assert person.scrub(text) == (
        "(anonimizado) (anonimizado) ((anonimizado).pdf) CRO (anonimizado), "
        "CPF (anonimizado); Rua da Paz"
    )
    assert person.mentions("jose conceicao") and not person.mentions("jose maria")
    assert not CaseData().provider.name  # nothing of the form itself was touched
