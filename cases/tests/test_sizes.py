"""Issue 17 (9): every text and list of a case has a maximum, refused in Portuguese with
the field named, on every path (API, screen, import): a case stays printable in seconds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from cases import rules, services
from cases.models import Case, Contact
from formio.casedata import CaseData, ContactData, ProviderData

pytestmark = pytest.mark.django_db


def form(**fields) -> CaseData:
    data = CaseData(provider=ProviderData(name="ANA", cro="123", cro_uf="RJ"), **fields)
    return data


def messages(data: CaseData) -> dict[str, str]:
    return {p.field: p.message for p in rules.size_problems(data)}


def test_a_case_within_every_maximum_has_no_size_problem():
    data = form(
        signatures=["x" * 200] * 20,
        contacts=[ContactData(notes="y" * 300) for _ in range(200)],
        general_notes="z" * 19_000,
    )
    assert messages(data) == {}


def test_each_maximum_is_named_with_the_field_and_the_figures():
    data = form(signatures=["Ana"] * 21, general_notes="x" * 20_001, other_plans="p" * 2_001)
    assert messages(data) == {
        "signatures": "Assinaturas: são 21; o máximo é 20.",
        "general_notes": "Obs. Geral: tem 20.001 caracteres; o máximo é 20.000.",
        "other_plans": "Quais?: tem 2.001 caracteres; o máximo é 2.000.",
    }
    long_one = form(signatures=["Ana", "b" * 201])
    assert messages(long_one) == {
        "signatures": "Assinaturas: a 2ª tem 201 caracteres; o máximo é 200 por assinatura."
    }
    notes = form(contacts=[ContactData(notes="ok"), ContactData(notes="n" * 20_001)])
    assert messages(notes) == {
        "contacts.1.notes": "2º contato - Obs.: tem 20.001 caracteres; o máximo é 20.000."
    }
    many = form(contacts=[ContactData(notes="ok")] * 201)
    assert messages(many) == {"contacts": "Contatos: são 201; o máximo é 200 contatos."}


def test_the_texts_of_a_case_together_have_a_maximum():
    data = form(contacts=[ContactData(notes="n" * 15_000) for _ in range(7)])
    assert messages(data) == {
        "__all__": "Textos do caso: somam 105.000 caracteres (observações, contatos e "
        "assinaturas); o máximo é 100.000."
    }


def test_the_api_refuses_8000_signatures_and_saves_nothing(analyst, make_case):
    case = make_case()
    client = APIClient()
    client.force_authenticate(analyst)
    body = client.get(f"/api/casos/{case.pk}/").json()
    body["form"]["signatures"] = ["Ana"] * 8000
    response = client.put(
        f"/api/casos/{case.pk}/", {"version": body["version"], "form": body["form"]}, "json"
    )
    assert response.status_code == 400
    assert response.json()["erros"]["signatures"] == ["Assinaturas: são 8.000; o máximo é 20."]
    case.refresh_from_db()
    assert (case.signatures, case.version) == ([], body["version"])


def test_the_screen_refuses_a_2_mb_contact_note(client, analyst, make_case):
    case = make_case(contacts=[])
    client.force_login(analyst)
    response = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {"date": "21/03/2024", "channel": "whatsapp", "notes": "x" * 2_000_000},
        headers={"HX-Request": "true"},
    )
    assert "1º contato - Obs.: tem 2.000.000 caracteres; o máximo é 20.000." in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_an_imported_form_with_thousands_of_signatures_is_refused(analyst):
    data = form(signatures=[f"linha {i}" for i in range(394_578)])
    with pytest.raises(ValidationError) as refused:
        services.case_import(user=analyst, data=data, warnings=[], source="velho.docx")
    assert refused.value.message_dict == {
        "signatures": ["Assinaturas: são 394.578; o máximo é 20."]
    }
    assert not Case.objects.exists()
