"""Every screen for every role, and what the queue and the case screen show around a case."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from formio.casedata import ContactData

from .test_views import NEW_CASE, _post_form


def _urls(case) -> dict[str, tuple[str, str]]:
    return {
        "queue": ("get", reverse("cases:queue")),
        "new": ("get", reverse("cases:new")),
        "detail": ("get", reverse("cases:detail", args=[case.pk])),
        "contact": ("post", reverse("cases:contact_add", args=[case.pk])),
        "reopen": ("post", reverse("cases:reopen", args=[case.pk])),
        "assign": ("post", reverse("cases:assign", args=[case.pk])),
    }


@pytest.mark.parametrize("name", ["queue", "new", "detail", "contact", "reopen", "assign"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, make_case, name):
    method, url = _urls(make_case())[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["detail", "contact", "reopen", "assign"])
def test_another_analyst_gets_not_found_on_every_screen_of_the_case(
    client, make_case, other_analyst, name
):
    method, url = _urls(make_case())[name]
    client.force_login(other_analyst)
    assert getattr(client, method)(url, {"reason": "x", "notes": "x"}).status_code == 404


@pytest.mark.parametrize("name", ["new", "contact", "reopen", "assign"])
def test_a_manager_is_refused_every_change(client, make_case, manager, name):
    case = make_case()
    method, url = _urls(case)[name]
    client.force_login(manager)
    response = getattr(client, method)(url, {"reason": "x", "notes": "Ligação", "analyst": 1})
    assert response.status_code == 403
    assert case.contacts.count() == 1


def test_a_manager_sees_the_case_read_only_and_no_new_case_button(client, make_case, manager):
    case = make_case()
    client.force_login(manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert re.search(r'<input[^>]*name="provider__cro" value="26666"[^>]* disabled[ >]', page)
    assert "Registrar contato" not in page and "Encerrar caso" not in page
    assert "Novo caso" not in client.get(reverse("cases:queue")).content.decode()


def test_a_supervisor_works_any_analysts_case_and_reassigns_it(
    client, make_case, supervisor, other_analyst
):
    case = make_case()
    client.force_login(supervisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Atribuir a outro analista" in page and "Encerrar caso" in page
    client.post(
        reverse("cases:assign", args=[case.pk]),
        {"analyst": other_analyst.pk, "version": case.version},
    )
    case.refresh_from_db()
    assert case.analyst == other_analyst
    client.force_login(other_analyst)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_an_analyst_cannot_reassign(client, make_case, analyst, other_analyst):
    case = make_case()
    client.force_login(analyst)
    response = client.post(reverse("cases:assign", args=[case.pk]), {"analyst": other_analyst.pk})
    assert response.status_code == 403


def test_the_queue_puts_the_users_open_cases_first_and_flags_late_ones(client, make_case, analyst):
    make_case()  # started 30/01/2024: its first contact was due long ago
    make_case(provider__name="EM DIA", started_on=timezone.localdate(), contacts=[])
    client.force_login(analyst)
    page = client.get(reverse("cases:queue")).content.decode()
    assert "Meus casos em aberto (2)" in page
    assert page.count('class="table-danger late"') == 2  # once in "mine", once in the list
    assert "atrasado" in page


def test_the_late_filter_and_the_deadline_sort_live_in_the_url(client, make_case, analyst):
    late = make_case()
    on_time = make_case(started_on=timezone.localdate(), contacts=[])
    client.force_login(analyst)
    only_late = client.get(reverse("cases:queue"), {"late": "true"}).content.decode()
    assert "1 caso(s)" in only_late and f'href="/casos/{late.pk}/"' in only_late
    by_due = client.get(reverse("cases:queue"), {"ordem": "prazo"})
    assert [c.pk for c in by_due.context["page"].object_list] == [late.pk, on_time.pk]
    header = '<th scope="col" aria-sort="ascending"><a class="link-dark text-decoration-none"'
    assert f'{header} href="?ordem=-prazo">Próximo prazo' in by_due.content.decode()


def test_the_queue_shows_the_next_deadline_with_its_kind(client, make_case, analyst):
    case = make_case(started_on=timezone.localdate(), contacts=[])
    client.force_login(analyst)
    page = client.get(reverse("cases:queue")).content.decode()
    due = f"{case.next_due_on:%d/%m/%Y}"
    assert f'{due}</span> <span class="small">(primeiro contato)</span>' in page


def test_the_period_filter_takes_brazilian_dates(client, make_case, analyst):
    make_case()  # Data início 30/01/2024
    client.force_login(analyst)
    after = client.get(reverse("cases:queue"), {"opened_after": "01/02/2024"}).content.decode()
    assert "Nenhum caso encontrado" in after
    before = client.get(reverse("cases:queue"), {"opened_before": "01/02/2024"}).content.decode()
    assert "1 caso(s)" in before


def test_the_queue_export_links_carry_the_current_filters(client, make_case, supervisor):
    make_case()
    client.force_login(supervisor)
    page = client.get(reverse("cases:queue"), {"q": "petropolis", "uf": "RJ"}).content.decode()
    assert f"{reverse('exports:list', args=['xlsx'])}?q=petropolis&amp;uf=RJ" in page
    assert f"{reverse('exports:forms_zip')}?q=petropolis&amp;uf=RJ" in page


def test_the_queue_pages_through_many_cases(client, make_case, analyst):
    cases = [make_case() for _ in range(26)]
    client.force_login(analyst)
    response = client.get(reverse("cases:queue"))
    first = response.content.decode()
    assert "26 caso(s)" in first and "Página 1 de 2" in first
    assert list(response.context["page"].object_list) == cases[:0:-1]  # newest first
    response = client.get(reverse("cases:queue"), {"pagina": "2"})
    page = response.content.decode()
    assert "26 caso(s)" in page and "Página 2 de 2" in page
    assert list(response.context["page"].object_list) == [cases[0]]
    filtered = client.get(reverse("cases:queue"), {"uf": "RJ", "pagina": "1"}).content.decode()
    assert 'href="?uf=RJ&amp;pagina=2">Próxima' in filtered  # the next page, same filter


def test_several_reasons_are_ticked_as_checkboxes_and_kept(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    url = reverse("cases:detail", args=[case.pk])
    reasons = ["glosas", "prazo_liberacao_de_guias"]
    assert _post_form(client, url, case, termination_reasons=reasons).status_code == 302
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="termination_reasons"') == 29
    for code in reasons:
        assert f'name="termination_reasons" value="{code}" id' in page
    assert sorted(case.termination_reasons.values_list("code", flat=True)) == reasons


def test_a_closed_case_asks_a_supervisor_why_it_is_reopened(client, make_case, supervisor):
    case = _closed(make_case(), supervisor)
    client.force_login(supervisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Motivo da reabertura" in page and "somente leitura" in page


def test_the_history_tab_shows_who_changed_which_field_from_what_to_what(
    client, make_case, analyst
):
    case = make_case()
    client.force_login(analyst)
    url = reverse("cases:detail", args=[case.pk])
    _post_form(client, url, case, city="Niterói")
    page = client.get(url).content.decode()
    history = page[page.index('id="aba-historico"') :]
    assert "Ana" in history or "analista" in history
    assert "<td>Cidade</td>" in history and "Petrópolis" in history and "Niterói" in history


def test_the_provider_panel_lists_the_providers_other_cases(client, make_case, analyst):
    first = make_case()
    second = make_case()
    client.force_login(analyst)
    page = client.get(reverse("cases:detail", args=[second.pk])).content.decode()
    panel = page[page.index("Outros casos do prestador") :]
    assert f"Caso {first.pk}</a>" in panel
    assert f"?prestador={second.provider_id}" in panel


def test_a_new_case_opens_from_an_existing_provider(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    page = client.get(reverse("cases:new"), {"prestador": case.provider_id}).content.decode()
    assert 'value="PATRICIA SANTOS BARROS"' in page and 'value="073.094.747-59"' in page


def test_a_new_case_shows_the_providers_earlier_cases(client, make_case, analyst):
    earlier = _closed(make_case(), analyst)
    client.force_login(analyst)
    page = client.post(reverse("cases:new"), {**NEW_CASE, "provider__cpf": "1"}).content.decode()
    assert "Casos anteriores deste prestador" in page and f"Caso {earlier.pk}" in page


def test_a_contact_refreshes_the_deadlines_panel_too(client, make_case, analyst):
    case = make_case(contacts=[])
    client.force_login(analyst)
    response = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {"date": "09/02/2024", "channel": "telefone", "notes": "Ligação"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert 'id="prazos-painel"' in page and "feito em 09/02/2024" in page


def test_a_contact_in_the_future_is_refused_with_a_message(client, make_case, analyst):
    case = make_case(contacts=[ContactData(date=datetime.date(2024, 2, 9), notes="x")])
    client.force_login(analyst)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {"date": f"{tomorrow:%d/%m/%Y}", "notes": "Ligação"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'class="alert alert-danger' in page and case.contacts.count() == 1


def test_typing_a_known_cro_warns_of_the_open_case_before_saving(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    typed = {"provider__cro": "26666", "provider__cro_uf": "RJ", "provider__cpf": ""}
    page = client.get(reverse("cases:provider_lookup"), typed).content.decode()
    assert "Já existe caso aberto para este prestador" in page and f"Caso {case.pk}" in page
    by_cpf = client.get(reverse("cases:provider_lookup"), {"provider__cpf": "073.094.747-59"})
    assert f"Caso {case.pk}" in by_cpf.content.decode()
    unknown = client.get(reverse("cases:provider_lookup"), {"provider__cro": "1"})
    assert "Caso" not in unknown.content.decode()


def test_a_manager_cannot_use_the_provider_lookup(client, manager):
    client.force_login(manager)
    assert client.get(reverse("cases:provider_lookup")).status_code == 403


def _closed(case, user):
    """The case closed as "Não se trata de Retenção" (the status that asks for nothing else)."""
    from cases import services
    from cases.conversion import case_to_data

    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.status, data.finished_on = "nao_se_trata_de_retencao", datetime.date(2024, 3, 20)
    return services.case_close(user=user, case=case, data=data)


def test_numbers_past_a_thousand_are_ids_not_quantities(client, make_case, supervisor):
    """Case 1234 is "Caso 1234", and the reassign list and version keep working past 999."""
    from django.contrib.auth import get_user_model

    from accounts import roles
    from accounts.services import user_create

    case = make_case()
    Case.objects.filter(pk=case.pk).update(version=1234)
    get_user_model().objects.create(pk=4321, username="ana4321")
    analyst = user_create(username="ana4321", role=roles.ANALYST, password="x-senha-forte-9")
    client.force_login(supervisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert re.search(r'name="version"[^>]*value="1234"', page)
    assert f'<option value="{analyst.pk}">' in page and analyst.pk == 4321
    response = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {"date": "21/03/2024", "channel": "whatsapp", "notes": "Ligação"},
        headers={"HX-Request": "true"},
    )
    assert re.search(r'name="version"[^>]*value="1235"', response.content.decode())
