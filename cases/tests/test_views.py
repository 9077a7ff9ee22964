"""The team's screens through the test client, for every role."""

from decimal import Decimal

from django.urls import reverse

from cases.models import Case, CaseEvent

NEW_CASE = {
    "form_date": "20/03/2024",
    "cro_count": "1",
    "operator": "ODONTOLIFE",
    "provider__name": "PATRICIA SANTOS BARROS",
    "provider__cro": "26666",
    "provider__cro_uf": "RJ",
    "provider__cpf": "073.094.747-59",
    "provider__person_type": "F",
    "requested_by": "",
    "protocol_number": "SAD2024000123",
    "protocol_opened_on": "18/03/2024",
    "service_uf": "RJ",
    "city": "Petrópolis",
    "lives": "1.200",
    "unique_cros_listed": "3",
    "started_on": "20/03/2024",
    "unit_value": "R$ 0,30",
}


def _post_form(client, url, case, **changes):
    from cases.conversion import case_to_data
    from cases.forms import initial_from

    data = {k: v for k, v in initial_from(case_to_data(case), case.version).items()}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, list)}
    lists = {k: v for k, v in initial_from(case_to_data(case)).items() if isinstance(v, list)}
    return client.post(url, {**data, **lists, **changes})


def test_the_queue_lists_the_analysts_cases_with_masked_cpf_for_the_manager(
    client, make_case, manager
):
    make_case(city="Petrópolis")
    client.force_login(manager)
    page = client.get(reverse("cases:queue")).content.decode()
    assert "PATRICIA SANTOS BARROS" in page
    assert "***.094.747-**" in page and "073.094.747-59" not in page


def test_the_queue_search_ignores_accents_and_punctuation(client, make_case, analyst):
    make_case(city="Petrópolis")
    client.force_login(analyst)
    found = client.get(reverse("cases:queue"), {"q": "petropolis"}).content.decode()
    assert "1 caso(s)" in found
    by_cpf = client.get(reverse("cases:queue"), {"q": "073094"}).content.decode()
    assert "1 caso(s)" in by_cpf


def test_the_city_filter_takes_the_whole_city_name_not_any_word_of_the_case(
    client, make_case, analyst
):
    sao_joao = make_case(city="São João")
    make_case(city="São João de Meriti")
    make_case(city="Petrópolis")  # the dentist is PATRICIA SANTOS BARROS
    client.force_login(analyst)
    found = client.get(reverse("cases:queue"), {"city": "sao joao"}).content.decode()
    assert "1 caso(s)" in found and f"/casos/{sao_joao.pk}/" in found
    santos = client.get(reverse("cases:queue"), {"city": "Santos"}).content.decode()
    assert "Nenhum caso encontrado." in santos
    assert (
        "Nenhum caso encontrado"
        in client.get(reverse("cases:queue"), {"q": "curitiba"}).content.decode()
    )


def test_an_analyst_sees_only_their_cases(client, make_case, other_analyst):
    make_case()
    client.force_login(other_analyst)
    assert "PATRICIA" not in client.get(reverse("cases:queue")).content.decode()


def test_a_bad_filter_value_is_reported_not_crashed(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("cases:queue"), {"uf": "XX", "opened_after": "ontem"})
    assert response.status_code == 200
    assert "Filtro inválido" in response.content.decode()


def test_an_analyst_opens_a_case_from_the_paper_form(client, analyst, db):
    client.force_login(analyst)
    response = client.post(reverse("cases:new"), NEW_CASE)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.pk])
    saved = (case.cpf, case.city, case.lives, case.unit_value)
    assert saved == ("07309474759", "Petrópolis", 1200, Decimal("0.30"))


def test_an_invalid_cpf_is_shown_next_to_its_field_and_nothing_is_saved(client, analyst, db):
    client.force_login(analyst)
    response = client.post(reverse("cases:new"), {**NEW_CASE, "provider__cpf": "073.094.747-50"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "O caso não foi aberto" in page and "CPF" in page
    assert not Case.objects.exists()


def test_a_duplicate_open_case_is_announced_before_saving(client, make_case, analyst):
    make_case()
    client.force_login(analyst)
    page = client.post(reverse("cases:new"), NEW_CASE).content.decode()
    assert "Já existe caso aberto para este prestador" in page
    assert Case.objects.count() == 1
    client.post(reverse("cases:new"), {**NEW_CASE, "confirm_duplicate": "1"})
    assert Case.objects.count() == 2


def test_the_case_screen_reads_like_the_paper_form(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    labels = [
        "Nome dentista",
        "Nº do protocolo",
        "Dt. abertura protocolo",
        "nº de vidas",
        "Tempo finalização",
        "Motivo desligamento",
        "Glosas",
        "Setor responsável",
    ]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    assert 'for="id_provider__cpf"' in page


def test_saving_records_who_changed_what(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    response = _post_form(client, reverse("cases:detail", args=[case.pk]), case, city="Niterói")
    assert response.status_code == 302
    event = CaseEvent.objects.filter(case=case).latest("pk")
    assert event.user == analyst
    assert {"label": "Cidade", "new": "Niterói"}.items() <= event.changes[0].items()


def test_a_stale_save_is_refused_and_shows_what_changed(client, make_case, analyst, supervisor):
    case = make_case()
    url = reverse("cases:detail", args=[case.pk])
    client.force_login(supervisor)
    _post_form(client, url, case, city="Niterói")
    client.force_login(analyst)
    page = _post_form(client, url, case, city="Maricá").content.decode()
    assert "alterado por outra pessoa" in page and "Niterói" in page
    case.refresh_from_db()
    assert case.city == "Niterói"


def test_contacts_are_added_without_reloading(client, make_case, analyst):
    case = make_case(contacts=[])
    client.force_login(analyst)
    response = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {"date": "21/03/2024", "channel": "whatsapp", "notes": "Enviou proposta"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "Contatos (1)" in page and "Enviou proposta" in page and 'hx-swap-oob="true"' in page


def test_a_contact_added_in_place_refreshes_the_history_and_the_warnings(
    client, make_case, analyst
):
    case = make_case(contacts=[], status="retencao_efetiva")
    client.force_login(analyst)
    before = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "nenhum contato registrado" in before and "Histórico (1)" in before
    response = client.post(
        reverse("cases:contact_add", args=[case.pk]),
        {"date": "21/03/2024", "channel": "whatsapp", "notes": "Enviou proposta"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert 'id="avisos-painel" class="d-contents" hx-swap-oob="true"' in page
    assert "nenhum contato registrado" not in page  # the warning went with the first contact
    assert 'id="aba-historico-botao"' in page and "Histórico (2)" in page
    assert 'id="historico-tabela" hx-swap-oob="true"' in page and "Contato registrado" in page


def test_closing_as_desligamento_requires_reasons(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    url = reverse("cases:detail", args=[case.pk])
    closing = {"action": "close", "status": "desligamento", "finished_on": "10/05/2024"}
    page = _post_form(client, url, case, **closing, termination_reasons=[]).content.decode()
    assert "Motivo desligamento" in page and "Nada foi salvo" in page
    case.refresh_from_db()
    assert case.is_open


def test_a_manager_reads_the_case_but_cannot_save(client, make_case, manager):
    case = make_case()
    client.force_login(manager)
    url = reverse("cases:detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert "não alterá-lo" in page and 'name="action" value="save"' not in page
    assert _post_form(client, url, case, city="X").status_code == 403


def test_another_analysts_case_answers_404(client, make_case, other_analyst):
    case = make_case()
    client.force_login(other_analyst)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_only_a_supervisor_reopens_and_must_say_why(client, make_case, analyst, supervisor):
    from cases import services
    from cases.conversion import case_to_data

    case = make_case()
    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.status, data.finished_on = "nao_se_trata_de_retencao", data.contacts[-1].date
    services.case_close(user=analyst, case=case, data=data)
    case.refresh_from_db()
    client.force_login(analyst)
    assert client.post(reverse("cases:reopen", args=[case.pk]), {"reason": "x"}).status_code == 403
    client.force_login(supervisor)
    client.post(reverse("cases:reopen", args=[case.pk]), {"reason": "", "version": case.version})
    case.refresh_from_db()
    assert not case.is_open
    client.post(
        reverse("cases:reopen", args=[case.pk]),
        {"reason": "Prestador voltou atrás", "version": case.version},
    )
    case.refresh_from_db()
    assert case.is_open
    assert case.events.latest("pk").note == "Prestador voltou atrás"


def test_html_typed_into_a_field_shows_as_text(client, make_case, analyst):
    case = make_case(general_notes='<script>alert("x")</script>')
    client.force_login(analyst)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
