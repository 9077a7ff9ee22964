"""Issue 17 (5): one masking rule (formio.privacy) on every channel a case leaves by.

The Gestor (no personal data, docs/permissions.md) gets CPFs as ***.094.747-** (or none,
in the interchange format) and notes with CPFs, phones and e-mails masked: lists, the
forms zip, the case PDF/DOCX, the API's case and history; no original file. Analysts and
supervisors get the forms, the API and the originals whole."""

import datetime
import io
import zipfile

import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from cases import services
from cases.conversion import case_to_data
from formio.casedata import ContactData
from imports.models import ImportBatch, ImportedFile, Outcome

pytestmark = pytest.mark.django_db

NOTE = "Falar com fulana.silva@clinica.com.br, CPF 529.982.247-25, tel. (21) 99876-5432."
MASKED_NOTE = "Falar com f***@***.com.br, CPF ***.982.247-**, tel. (**) ****-**32."
WHOLE_CPF = ("07309474759", "073.094.747-59")


@pytest.fixture
def case(make_case):
    return make_case(
        general_notes=NOTE,
        protocol_number="SAD1",
        contacts=[ContactData(datetime.date(2024, 2, 9), "Mandou e-mail a ana@x.com.br")],
    )


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as document:
        return document.read("word/document.xml").decode()


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as document:
        return "\n".join(page.extract_text() for page in document.pages)


def test_the_case_pdf_of_a_gestor_hides_the_cpf_and_the_notes(client, manager, case):
    client.force_login(manager)
    text = pdf_text(client.get(reverse("exports:case_document", args=[case.pk, "pdf"])).content)
    assert "***.094.747-**" in text
    assert not any(cpf in text for cpf in WHOLE_CPF)
    assert "529.982.247-25" not in text and "fulana.silva" not in text
    assert "f***@***.com.br" in text


def test_the_case_docx_of_an_analyst_is_whole(client, analyst, case):
    client.force_login(analyst)
    text = docx_text(client.get(reverse("exports:case_document", args=[case.pk, "docx"])).content)
    assert "073.094.747-59" in text and "fulana.silva@clinica.com.br" in text


@pytest.mark.parametrize(("role", "whole"), [("manager", False), ("supervisor", True)])
def test_the_forms_zip_follows_the_role(client, request, case, role, whole):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("exports:forms_zip"), {"formato": "docx"})
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        (name,) = archive.namelist()
        text = docx_text(archive.read(name))
    assert ("073.094.747-59" in text) is whole
    assert ("fulana.silva@clinica.com.br" in text) is whole
    assert ("***.094.747-**" in text) is not whole


def test_the_api_case_of_a_gestor_has_no_cpf_and_masked_notes(manager, analyst, case):
    client = APIClient()
    client.force_authenticate(manager)
    form = client.get(f"/api/casos/{case.pk}/").json()["form"]
    assert form["provider"]["cpf"] is None
    assert form["general_notes"] == MASKED_NOTE
    assert form["contacts"][0]["notes"] == "Mandou e-mail a a***@***.com.br"
    client.force_authenticate(analyst)
    form = client.get(f"/api/casos/{case.pk}/").json()["form"]
    assert (form["provider"]["cpf"], form["general_notes"]) == ("07309474759", NOTE)


def test_the_api_history_of_a_gestor_is_masked(manager, supervisor, analyst, case):
    data = case_to_data(case)
    data.provider.cpf = "52998224725"
    services.case_update(user=analyst, case=case, data=data)
    case.refresh_from_db()
    data = case_to_data(case)
    data.status, data.finished_on = "retencao_efetiva", datetime.date(2024, 3, 1)
    services.case_close(user=analyst, case=case, data=data)
    services.case_reopen(user=supervisor, case=case, reason="Ela pediu: ana@x.com.br")
    client = APIClient()
    client.force_authenticate(manager)
    history = client.get(f"/api/casos/{case.pk}/historico/").json()
    changed = {c["field"]: c for e in history for c in e["changes"]}
    assert (changed["provider.cpf"]["old"], changed["provider.cpf"]["new"]) == (
        "***.094.747-**",
        "***.982.247-**",
    )
    assert changed["general_notes"]["new"] == MASKED_NOTE
    assert history[-1]["note"] == "Ela pediu: a***@***.com.br"
    client.force_authenticate(supervisor)
    history = client.get(f"/api/casos/{case.pk}/historico/").json()
    changed = {c["field"]: c for e in history for c in e["changes"]}
    assert changed["provider.cpf"]["new"] == "52998224725"
    assert history[-1]["note"] == "Ela pediu: ana@x.com.br"


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("supervisor", 200)])
def test_a_gestor_gets_no_original_file(client, request, case, settings, tmp_path, role, status):
    settings.MEDIA_ROOT = tmp_path
    batch = ImportBatch.objects.create()
    row = ImportedFile.objects.create(
        batch=batch,
        filename="ana 07309474759.txt",
        sha256="0" * 64,
        size=5,
        case=case,
        outcome=Outcome.CREATED,
    )
    row.original.save("ana.txt", ContentFile(b"CPF 07309474759"))
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("imports:original", args=[row.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"CPF 07309474759"


@pytest.mark.parametrize(
    ("role", "whole"),
    [("manager", False), ("supervisor", True), ("analyst", True), ("administrator", True)],
)
def test_the_case_screen_and_its_history_tab_follow_the_role(
    client, request, analyst, supervisor, case, role, whole
):
    """The "Histórico" tab: the CPF change, the notes' change and a reopen reason masked for
    the Gestor exactly as the API's history is; the form and its contacts likewise."""
    data = case_to_data(case)
    data.provider.cpf = "52998224725"
    services.case_update(user=analyst, case=case, data=data)
    case.refresh_from_db()
    data = case_to_data(case)
    data.status, data.finished_on = "retencao_efetiva", datetime.date(2024, 3, 1)
    services.case_close(user=analyst, case=case, data=data)
    services.case_reopen(user=supervisor, case=case, reason="Ela pediu: ana@x.com.br")
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    history = page.split('id="aba-historico"')[1]
    form = page.split('id="aba-historico"')[0]
    secrets = ["073.094.747-59", "529.982.247-25", "fulana.silva@", "ana@x.com.br", "99876-5432"]
    if whole:
        assert all(secret in page for secret in secrets), role
        assert "(Ela pediu: ana@x.com.br)" in history
    else:
        assert not [secret for secret in secrets if secret in page]
        assert "***.094.747-**" in history and "***.982.247-**" in history
        assert "(Ela pediu: a***@***.com.br)" in history
        assert "CPF ***.982.247-**, tel. (**) ****-**32." in history
        assert "Mandou e-mail a a***@***.com.br" in form
        assert 'value="***.982.247-**"' in form
