"""Issue 20's rough edges on the case screens, through the test client."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.conversion import case_to_data
from cases.models import Case
from cases.tests.test_views import NEW_CASE, _post_form
from formio.formats import date_br
from imports.models import ImportBatch


def _new(client, **changes):
    return client.post(reverse("cases:new"), {**NEW_CASE, **changes})


def test_a_completely_empty_new_case_is_not_opened(client, analyst):
    client.force_login(analyst)
    page = client.post(reverse("cases:new"), {"form_date": "", "started_on": ""})
    assert page.status_code == 200
    assert "informe ao menos o nome, o CRO com a UF, o CPF ou o CNPJ" in page.content.decode()
    assert not Case.objects.exists()


def test_a_case_named_only_by_its_cro_and_uf_is_opened(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("cases:new"), {"provider__cro": "26666", "provider__cro_uf": "RJ"}
    )
    assert response.status_code == 302
    assert Case.objects.get().cro == "26666"


def test_every_error_shows_at_once_with_its_field_marked(client, analyst):
    client.force_login(analyst)
    page = _new(client, started_on="31/02/2024", provider__cpf="073.094.747-50").content.decode()
    # the date that does not exist and the bad CPF in the same round
    assert "data inexistente: fevereiro de 2024 tem 29 dias." in page
    assert "use dd/mm/aaaa" not in page
    assert "CPF: dígitos verificadores inválidos." in page
    for name in ("started_on", "provider__cpf"):  # the red border and the screen reader's state
        assert re.search(rf'<input[^>]*name="{name}"[^>]*is-invalid[^>]*aria-invalid="true"', page)
    assert page.count("is-invalid") == 2
    assert not Case.objects.exists()


def test_a_month_that_does_not_exist_is_named(client, analyst):
    client.force_login(analyst)
    page = _new(client, protocol_opened_on="10/13/2024").content.decode()
    assert "data inexistente: não há mês 13." in page


def test_dates_after_today_are_refused_with_the_fields_name(client, analyst):
    tomorrow = date_br(timezone.localdate() + datetime.timedelta(days=1))
    client.force_login(analyst)
    page = _new(
        client, started_on=tomorrow, form_date=tomorrow, protocol_opened_on=tomorrow
    ).content.decode()
    assert "Data início: não pode estar no futuro." in page
    assert "Data: não pode estar no futuro." in page
    assert "Dt. abertura protocolo: não pode estar no futuro." in page
    assert not Case.objects.exists()


def test_a_future_contact_date_is_refused(client, make_case, analyst):
    case = make_case()
    tomorrow = date_br(timezone.localdate() + datetime.timedelta(days=1))
    client.force_login(analyst)
    client.post(reverse("cases:contact_add", args=[case.pk]), {"date": tomorrow, "notes": "x"})
    assert case.contacts.count() == 1  # only the one make_case wrote


def test_an_imported_form_with_a_future_date_keeps_it_as_a_warning(analyst, seed_001):
    seed_001.started_on = timezone.localdate() + datetime.timedelta(days=3)
    seed_001.finished_on = None
    seed_001.status = None
    case, outcome = services.case_import(user=analyst, data=seed_001, warnings=[], source="x.txt")
    assert outcome == "created"
    assert "Data início: não pode estar no futuro." in case.import_warnings


def test_money_typed_with_thousands_dots_is_reais(client, analyst):
    client.force_login(analyst)
    _new(client, unit_value="R$ 1.500", last_production_value="R$ 1.234,5")
    case = Case.objects.get()
    assert (case.unit_value, case.last_production_value) == (Decimal("1500"), Decimal("1234.5"))


def test_a_reopened_case_counts_its_days_open_to_today(client, make_case, analyst, supervisor):
    start = timezone.localdate() - datetime.timedelta(days=30)
    case = make_case(started_on=start, contacts=[])
    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.status, data.finished_on = "nao_se_trata_de_retencao", start + datetime.timedelta(days=5)
    services.case_close(user=analyst, case=case, data=data)
    services.case_reopen(user=supervisor, case=case, reason="voltou")
    client.force_login(analyst)
    page = client.get(reverse("cases:queue")).content.decode()
    assert "<td>30</td>" in page and "<td>5</td>" not in page


def test_the_coverage_warning_writes_thousands_the_brazilian_way(client, make_case, analyst):
    case = make_case(lives=1250, unique_cros_listed=1, cro_count=1)
    client.force_login(analyst)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "1.250 vida(s)" in page


def test_a_search_shows_its_results_before_my_cases_and_the_filters(client, make_case, analyst):
    make_case()
    client.force_login(analyst)
    plain = client.get(reverse("cases:queue")).content.decode()
    assert plain.index('id="meus"') < plain.index('id="filtros"') < plain.index('id="todos"')
    found = client.get(reverse("cases:queue"), {"q": "petropolis"}).content.decode()
    assert found.index('id="todos"') < found.index('id="filtros"') < found.index('id="meus"')


def test_a_case_number_finds_that_case_first(client, make_case, analyst):
    wanted = make_case(city="Niterói")
    # newer cases whose protocol contains the number come before it in the default order
    others = [make_case(protocol_number=f"SAD{wanted.pk}0{i}") for i in range(2)]
    client.force_login(analyst)
    page = client.get(reverse("cases:queue"), {"q": str(wanted.pk)}).content.decode()
    assert "3 caso(s)" in page
    results = page[page.index('id="todos"') :]
    first_link = results.index(f'href="/casos/{wanted.pk}/"')
    assert all(first_link < results.index(f'href="/casos/{o.pk}/"') for o in others)


def test_the_history_reads_like_a_person_wrote_it(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    _post_form(
        client,
        reverse("cases:detail", args=[case.pk]),
        case,
        finished_on="20/03/2024",
        status="desligamento",
        termination_reasons=["mudou_de_area", "obito"],
        unit_value="R$ 0,30",
        serves_other_plans="sim",
        other_plans="Amil",
    )
    history = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    history = history[history.index('id="aba-historico"') :]
    assert "<td>Data final</td>" in history and "20/03/2024" in history
    assert "2024-03-20" not in history
    assert "Desligamento" in history and ">desligamento<" not in history
    assert "Mudou de Área, Óbito" in history and "[" not in history
    assert "R$ 0,30" in history and "SIM" in history


def test_the_queue_lists_only_people_who_work_cases_by_full_name(
    client, analyst, other_analyst, manager, supervisor, administrator
):
    client.force_login(manager)
    page = client.get(reverse("cases:queue")).content.decode()
    select = page[
        page.index('name="analyst"') : page.index("</select>", page.index('name="analyst"'))
    ]
    assert "Ana Analista" in select and "Bruno Analista" in select and "supervisor" in select
    assert "gestor" not in select and "admin" not in select
    assert ">analista<" not in select  # the full name, not the user name


def test_another_analysts_case_is_the_portuguese_404_also_under_debug(
    client, settings, make_case, other_analyst
):
    settings.DEBUG = True
    case = make_case()
    client.force_login(other_analyst)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert "Página não encontrada" in response.content.decode()


def test_every_page_has_a_favicon_and_htmx_without_inline_styles(client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("cases:queue")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in page


def test_recent_batches_show_the_time_in_sao_paulo(client, administrator):
    at = datetime.datetime(2026, 11, 30, 20, 51, tzinfo=datetime.UTC)
    ImportBatch.objects.create(created_by=administrator, created_at=at)
    client.force_login(administrator)
    page = client.get(reverse("imports:upload")).content.decode()
    assert "30/11/2026 17:51" in page and "20:51" not in page


def test_a_search_too_long_for_the_database_is_refused_naming_the_filter(client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("cases:queue"), {"q": "z" * 100_000, "city": "c" * 500})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Filtro inválido" in text
    assert "Buscar: use no máximo 200 caracteres (foram 100000)." in text
    assert "Cidade: use no máximo 120 caracteres (foram 500)." in text


def test_a_list_export_with_a_search_too_long_answers_400(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("exports:list", args=["csv"]), {"q": "z" * 100_000})
    assert response.status_code == 400
    assert "Buscar: use no máximo 200 caracteres" in response.content.decode()


def test_a_new_case_from_a_provider_id_too_big_for_the_database_is_empty(client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("cases:new") + "?prestador=99999999999999999999")
    assert page.status_code == 200
    assert "PATRICIA" not in page.content.decode()


def test_a_superscript_digit_is_no_case_number_anywhere(client, make_case, analyst):
    """A superscript two passes str.isdigit() but int() refuses it: a word, not a crash."""
    make_case()
    client.force_login(analyst)
    assert client.get(reverse("cases:queue"), {"q": "²"}).status_code == 200
    assert client.get(reverse("exports:list", args=["csv"]), {"q": "²"}).status_code == 200
    queue = client.get(reverse("cases:queue"), {"ids": "²"}).content.decode()
    assert "Casos: use números de caso separados por vírgula" in queue
    assert client.get(reverse("cases:new") + "?prestador=²").status_code == 200
    assert client.get("/api/casos/?q=%C2%B2").status_code == 200


def test_assigning_with_a_superscript_or_huge_number_saves_nothing_and_says_why(
    client, make_case, supervisor, other_analyst
):
    case = make_case()
    client.force_login(supervisor)
    url = reverse("cases:assign", args=[case.pk])
    answer = client.post(url, {"analyst": str(other_analyst.pk), "version": "²"}, follow=True)
    assert "a página não informou a versão do caso" in answer.content.decode()
    answer = client.post(url, {"analyst": "²", "version": str(case.version)}, follow=True)
    assert "não é um Analista ou Supervisor ativo" in answer.content.decode()
    huge = "99999999999999999999"  # past any key the database holds
    answer = client.post(url, {"analyst": huge, "version": str(case.version)}, follow=True)
    assert "não é um Analista ou Supervisor ativo" in answer.content.decode()
    answer = client.post(url, {"analyst": str(other_analyst.pk), "version": huge}, follow=True)
    assert "Nada foi salvo" in answer.content.decode()  # another version than the case's
    case.refresh_from_db()
    assert case.analyst.username == "analista"
