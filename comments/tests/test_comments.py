"""Internal comments on a case: who may write and read them, @mentions that notify, masking
for the Gestor, the history tab, and that the paper form never carries them."""

import pytest
from django.urls import reverse

from cases.conversion import case_to_data
from comments.models import Comment
from comments.services import comment_add, mentions_in
from notifications.models import Kind, Notification

TEXT = "Prestador ligou do 21 98765-4321, CPF 529.982.247-25; @supervisor pode ver?"


def _post(client, user, case, text=TEXT, htmx=False):
    client.force_login(user)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("comments:add", args=[case.pk]), {"text": text}, headers=headers)


def test_mentions_are_usernames_after_an_at_sign_not_e_mail_addresses():
    text = "@analista2, veja; cópia para ana@exemplo.com.br e @supervisor. @analista2 de novo"
    assert mentions_in(text) == ["analista2", "supervisor"]


def test_the_analyst_comments_on_their_case_and_sees_it_on_the_case_screen(
    client, analyst, supervisor, case
):
    response = _post(client, analyst, case)
    assert response.status_code == 302 and response.url.endswith(f"/casos/{case.pk}/#comentarios")
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Comentário registrado; avisado(s): supervisor." in html
    assert "21 98765-4321" in html  # whole for the analyst
    assert "Comentário interno" in html  # and in the history tab


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("analyst", 302),
        ("other_analyst", 404),
        ("supervisor", 302),
        ("manager", 403),
        ("administrator", 302),
    ],
)
def test_each_role_may_comment_as_the_matrix_says(client, case, request, who, expected):
    user = request.getfixturevalue(who)
    assert _post(client, user, case, "Tudo certo.").status_code == expected
    assert Comment.objects.count() == (1 if expected == 302 else 0)


def test_a_mention_notifies_the_user_and_a_comment_notifies_the_cases_analyst(
    client, analyst, supervisor, case
):
    _post(client, supervisor, case, "@analista pode ligar amanhã?")
    texts = list(Notification.objects.filter(user=analyst).values_list("kind", "text"))
    assert texts == [
        (Kind.MENTIONED, f"supervisor mencionou você no caso {case.pk} (PATRICIA SANTOS BARROS).")
    ]
    _post(client, supervisor, case, "Sem menção desta vez.")
    assert Notification.objects.filter(user=analyst, kind=Kind.COMMENTED).count() == 1
    assert not Notification.objects.filter(user=supervisor).exists()  # never the author


def test_a_mention_of_someone_who_cannot_see_the_case_tells_nobody_and_says_so(
    client, analyst, other_analyst, case
):
    _post(client, analyst, case, "@analista2 e @ninguem, olhem isto")
    assert not Notification.objects.filter(user=other_analyst).exists()
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Não avisado(s): @analista2, @ninguem" in html


def test_the_gestor_reads_comments_masked_in_the_panel_and_the_history(
    client, analyst, manager, case
):
    comment_add(user=analyst, case=case, text=TEXT)
    client.force_login(manager)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "98765-4321" not in html and "529.982.247-25" not in html
    assert "***.982.247-**" in html
    assert html.count("Comentário interno") >= 1
    assert f'action="/casos/{case.pk}/comentarios/"' not in html  # no form to write


def test_the_other_analyst_gets_404_for_the_comments_of_a_case_not_theirs(
    client, other_analyst, case
):
    assert _post(client, other_analyst, case).status_code == 404


def test_an_empty_or_too_long_comment_is_refused_with_the_text_kept(client, analyst, case):
    response = _post(client, analyst, case, "   ")
    assert "Escreva o comentário." in response.content.decode()
    long = "x" * 5001
    response = _post(client, analyst, case, long)
    html = response.content.decode()
    assert "Use no máximo 5000 caracteres." in html and long in html
    assert not Comment.objects.exists()


def test_htmx_answers_the_panel_with_the_new_comment(client, analyst, case):
    response = _post(client, analyst, case, "Pelo htmx.", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="comentarios"' in html
    assert "Pelo htmx." in html and "<html" not in html


def test_comments_are_not_part_of_the_form_its_print_or_its_export(client, analyst, case):
    comment_add(user=analyst, case=case, text="SEGREDO INTERNO")
    assert "SEGREDO INTERNO" not in str(case_to_data(case))
    client.force_login(analyst)
    pdf = client.get(reverse("exports:case_document", args=[case.pk, "docx"]))
    assert pdf.status_code == 200 and b"SEGREDO" not in pdf.content
    api = client.get(reverse("api:case", args=[case.pk])).content.decode()
    assert "SEGREDO" not in api


def test_a_comment_does_not_change_the_cases_version(analyst, case):
    version = case.version
    comment_add(user=analyst, case=case, text="Sem conflito com quem edita.")
    case.refresh_from_db()
    assert case.version == version
