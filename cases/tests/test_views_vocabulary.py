"""The case screen's option lists are the reference tables an administrator edits."""

from django.urls import reverse

from cases.models import Operator, TerminationReason

from .test_views import _post_form

NEW_REASON = {
    "code": "mudanca_de_cidade",
    "label": "Mudança de Cidade",
    "order": "50",
    "active": "on",
    "usual_sector": "",
}


def _add_reason_in_the_admin(client, administrator) -> None:
    client.force_login(administrator)
    response = client.post(reverse("admin:cases_terminationreason_add"), NEW_REASON)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_reason_added_in_the_admin_can_be_ticked_and_saved_on_the_case_screen(
    client, make_case, administrator, analyst
):
    case = make_case()
    _add_reason_in_the_admin(client, administrator)
    client.force_login(analyst)
    url = reverse("cases:detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'value="mudanca_de_cidade"' in page and "Mudança de Cidade" in page
    response = _post_form(client, url, case, termination_reasons=["mudanca_de_cidade", "glosas"])
    assert response.status_code == 302
    assert sorted(case.termination_reasons.values_list("code", flat=True)) == [
        "glosas",
        "mudanca_de_cidade",
    ]
    page = client.get(url).content.decode()
    assert 'value="mudanca_de_cidade" id="id_termination_reasons_' in page
    ticked = [line for line in page.split("<label") if "checked" in line]
    assert any("Mudança de Cidade" in line for line in ticked)


def test_a_reason_added_in_the_admin_appears_on_a_new_case(client, administrator, analyst):
    _add_reason_in_the_admin(client, administrator)
    client.force_login(analyst)
    page = client.get(reverse("cases:new")).content.decode()
    assert "Mudança de Cidade" in page


def test_a_deactivated_reason_leaves_new_cases_and_stays_on_the_case_that_has_it(
    client, make_case, analyst
):
    with_it = make_case(termination_reasons=["glosas"])
    without_it = make_case(termination_reasons=[])
    TerminationReason.objects.filter(code="glosas").update(active=False)
    client.force_login(analyst)
    assert 'value="glosas"' not in client.get(reverse("cases:new")).content.decode()
    other = client.get(reverse("cases:detail", args=[without_it.pk])).content.decode()
    assert 'value="glosas"' not in other
    url = reverse("cases:detail", args=[with_it.pk])
    page = client.get(url).content.decode()
    assert 'value="glosas" id="id_termination_reasons_' in page
    ticked = [line for line in page.split("<label") if "checked" in line]
    assert any("Glosas" in line for line in ticked)
    # Saving the case keeps it.
    assert _post_form(client, url, with_it, general_notes="revisto").status_code == 302
    assert list(with_it.termination_reasons.values_list("code", flat=True)) == ["glosas"]


def test_a_deactivated_operator_stays_on_its_case_and_leaves_new_ones(client, make_case, analyst):
    case = make_case(operator="ODONTOLIFE")
    Operator.objects.filter(label="ODONTOLIFE").update(active=False)
    client.force_login(analyst)
    new = client.get(reverse("cases:new")).content.decode()
    assert '<option value="ODONTOLIFE"' not in new
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert '<option value="ODONTOLIFE" selected>ODONTOLIFE</option>' in page
