"""Quick typing: contact templates kept by supervisors, the new case's contacts in the same
post, "Data final" on closing, previous/next case in the queue's order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from quick.models import ContactTemplate


@pytest.mark.parametrize(
    ("who", "expected"),
    [("analyst", 403), ("supervisor", 200), ("manager", 403), ("administrator", 200)],
)
def test_only_supervisors_and_administrators_keep_the_templates(client, request, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("quick:templates")).status_code == expected
    menu = client.get(reverse("cases:queue")).content.decode()
    assert ("Modelos de contato" in menu) == (expected == 200)
    response = client.post(
        reverse("quick:template_new"),
        {"name": "Sem resposta", "text": "Não respondeu.", "position": 9},
    )
    assert response.status_code == (302 if expected == 200 else 403)
    assert ContactTemplate.objects.filter(name="Sem resposta").exists() == (expected == 200)


def test_a_supervisor_adds_edits_and_deactivates_a_template(client, supervisor, analyst, make_case):
    client.force_login(supervisor)
    client.post(
        reverse("quick:template_new"),
        {"name": "Visita", "text": "Visita agendada.", "position": 0, "active": "on"},
    )
    template = ContactTemplate.objects.get(name="Visita")
    case = make_case()
    client.force_login(analyst)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-text="Visita agendada."' in html and 'data-fills="id_notes"' in html

    client.force_login(supervisor)
    url = reverse("quick:template_edit", args=[template.pk])
    client.post(url, {"name": "Visita", "text": "Visita marcada.", "position": 0})  # not active
    client.force_login(analyst)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Visita marcada." not in html and "Visita agendada." not in html


def test_a_template_needs_a_name_and_a_text_and_names_are_unique(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("quick:template_new"), {"name": "", "text": "", "position": 0})
    html = response.content.decode()
    assert "Informe o nome do modelo." in html and "Escreva o texto da observação." in html
    client.post(reverse("quick:template_new"), {"name": "A", "text": "a", "position": 0})
    response = client.post(reverse("quick:template_new"), {"name": "A", "text": "b", "position": 0})
    assert "Já existe um modelo com este nome." in response.content.decode()


def test_the_starter_templates_are_seeded(db):
    assert ContactTemplate.objects.filter(
        name="WhatsApp enviado, sem resposta", active=True
    ).exists()


NEW_CASE = {
    "form_date": "20/03/2024",
    "provider__name": "PATRICIA SANTOS BARROS",
    "provider__cro": "26666",
    "provider__cro_uf": "RJ",
    "provider__person_type": "F",
    "service_uf": "RJ",
    "city": "Petrópolis",
    "started_on": "30/01/2024",
    "contatos-TOTAL_FORMS": "5",
    "contatos-INITIAL_FORMS": "0",
}


def test_a_new_case_takes_its_first_contacts_in_the_same_post(client, analyst):
    client.force_login(analyst)
    data = NEW_CASE | {
        "contatos-0-date": "09/02/2024",
        "contatos-0-notes": "Enviado whatsapp.",
        "contatos-1-notes": "Ligou, sem resposta.",
        "contatos-3-date": "16/02/2024",
        "contatos-3-notes": "Respondeu.",
    }
    response = client.post(reverse("cases:new"), data)
    case = Case.objects.get()
    assert response.status_code == 302
    contacts = list(case.contacts.values_list("position", "date", "notes", "recorded_by"))
    assert contacts == [
        (1, datetime.date(2024, 2, 9), "Enviado whatsapp.", analyst.pk),
        (2, None, "Ligou, sem resposta.", analyst.pk),
        (3, datetime.date(2024, 2, 16), "Respondeu.", analyst.pk),
    ]
    assert case.events.get().kind == "opened"  # one service, one history entry


def test_a_bad_contact_date_is_shown_on_its_row_and_nothing_is_opened(client, analyst):
    client.force_login(analyst)
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    data = NEW_CASE | {
        "contatos-0-date": "31/02/2024",
        "contatos-0-notes": "Data errada",
        "contatos-1-date": future,
        "contatos-1-notes": "No futuro",
    }
    html = client.post(reverse("cases:new"), data).content.decode()
    assert not Case.objects.exists()
    assert "data inexistente: fevereiro de 2024 tem 29 dias." in html
    assert 'value="Data errada"' in html or ">\nData errada</textarea>" in html  # kept


def test_a_contact_in_the_future_is_refused_next_to_its_row(client, analyst):
    client.force_login(analyst)
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    data = NEW_CASE | {"contatos-0-notes": "ok", "contatos-2-date": future, "contatos-2-notes": "x"}
    html = client.post(reverse("cases:new"), data).content.decode()
    assert not Case.objects.exists()
    row = html[html.index('for="id_contatos-2-date"') : html.index('id="id_contatos-2-notes"')]
    assert "futur" in row  # the service's rule, on the third row


def test_the_new_case_screen_offers_the_templates_for_each_contact(client, analyst):
    client.force_login(analyst)
    html = client.get(reverse("cases:new")).content.decode()
    assert 'data-fills="id_contatos-0-notes"' in html and "Modelo (5º contato)" in html


def test_closing_without_data_final_closes_today(client, analyst, make_case):
    from cases.conversion import case_to_data
    from cases.forms import initial_from

    case = make_case(status="retencao_efetiva")
    fields = {
        k: v
        for k, v in initial_from(case_to_data(case), case.version).items()
        if v not in (None, "")
    }
    client.force_login(analyst)
    response = client.post(reverse("cases:detail", args=[case.pk]), fields | {"action": "close"})
    case.refresh_from_db()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not case.is_open and case.finished_on == timezone.localdate()
