"""The admin speaks Portuguese: the libraries' models, its own messages, in-use options."""

import html
import re

from django.urls import reverse

from cases.admin import IN_USE
from cases.models import Operator, TerminationReason


def test_the_admin_index_names_every_app_and_model_in_portuguese(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("admin:index")).content.decode()
    for english in ("Axes", "Access attempts", "Access logs", "Task Results", "Tasks Database"):
        assert english not in page
    assert "Tentativas de entrada" in page and "Tarefas em segundo plano" in page


def test_adding_an_operator_says_so_without_a_wrong_gender(client, administrator):
    client.force_login(administrator)
    data = {"code": "sorrimais", "label": "SORRIMAIS", "order": "9", "active": "on"}
    response = client.post(reverse("admin:cases_operator_add"), data, follow=True)
    page = re.sub(r"<[^>]+>", "", html.unescape(response.content.decode()))  # the name links
    assert "Cadastro salvo: operadora “SORRIMAIS”." in page
    assert "O operadora" not in page
    assert Operator.objects.filter(code="sorrimais").exists()


def test_an_editable_list_cell_is_named_for_a_screen_reader(client, administrator):
    client.force_login(administrator)
    page = html.unescape(client.get(reverse("admin:cases_operator_changelist")).content.decode())
    assert "- Selecione uma opção -" in page and "Select an option" not in page  # the actions
    assert re.search(r'aria-label="[Aa]tivo de ODONTOLIFE"', page)


def test_a_reason_in_use_cannot_be_deleted_and_the_admin_says_to_deactivate_it(
    client, make_case, administrator
):
    make_case(status="desligamento", termination_reasons=["valores"])
    reason = TerminationReason.objects.get(code="valores")
    client.force_login(administrator)
    url = reverse("admin:cases_terminationreason_delete", args=[reason.pk])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert IN_USE in html.unescape(confirmation.content.decode())
    refused = client.post(url, {"post": "yes"})
    assert refused.status_code in (200, 403)
    assert TerminationReason.objects.filter(pk=reason.pk).exists()
