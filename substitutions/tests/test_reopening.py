"""A reopened Desligamento: its substitution is cancelled, and comes back if closed again."""

import datetime

from django.utils import timezone

from cases import services as case_services
from substitutions import services
from substitutions.models import Stage, Substitution


def reopen(case, supervisor):
    case.refresh_from_db()
    return case_services.case_reopen(user=supervisor, case=case, reason="Prestador reconsiderou")


def test_reopening_the_case_cancels_its_substitution_with_history(terminated, supervisor):
    reopen(terminated, supervisor)
    sub = Substitution.objects.get()
    assert sub.stage == Stage.CANCELLED
    assert sub.state_label() == "Cancelada (caso reaberto)"
    last = sub.events.last()
    assert last.note.startswith("Substituição cancelada: caso reaberto")
    assert last.user == supervisor
    assert last.changes[0]["old"] == "Pendente"
    assert last.changes[0]["new"] == "Cancelada (caso reaberto)"


def test_closed_again_as_desligamento_the_same_one_comes_back_published(
    terminated, supervisor, analyst, close_case
):
    today = timezone.localdate()
    sub = Substitution.objects.get()
    services.substitution_update(
        user=analyst,
        substitution=sub,
        values={
            "last_service_on": today + datetime.timedelta(days=40),
            "exception": "no_production",
            "exception_evidence": "Sem produção desde 01/2024 (relatório anexo).",
        },
    )
    reopen(terminated, supervisor)
    close_case(terminated, analyst)
    again = Substitution.objects.get()  # one, not two
    assert again.pk == sub.pk
    assert again.stage == Stage.EXEMPT
    assert again.exception_evidence == "Sem produção desde 01/2024 (relatório anexo)."
    assert again.events.last().note == (
        "Substituição retomada: caso encerrado de novo como Desligamento"
    )


def test_closed_again_as_retained_it_stays_cancelled(terminated, supervisor, analyst, close_case):
    reopen(terminated, supervisor)
    close_case(terminated, analyst, status="retencao_efetiva")
    assert Substitution.objects.get().stage == Stage.CANCELLED


def test_a_cancelled_one_leaves_the_list_the_count_and_the_inbox(
    client, terminated, supervisor, analyst
):
    sub = Substitution.objects.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.substitution_update(
        user=analyst,
        substitution=sub,
        values={"last_service_on": tomorrow + datetime.timedelta(days=30)},
    )
    client.force_login(analyst)
    panel_url = f"/casos/{terminated.pk}/substituicao/"
    assert panel_url in client.get("/substituicoes/").text
    assert panel_url in client.get("/hoje/").text
    reopen(terminated, supervisor)
    assert panel_url not in client.get("/substituicoes/").text
    assert panel_url not in client.get("/hoje/").text
    assert client.get("/substituicoes/?situacao=cancelled").status_code == 302  # not a filter
    page = client.get(panel_url)
    assert "Substituição cancelada: o caso foi reaberto" in page.text
    assert "Salvar substituição" not in page.text


def test_a_published_notice_leaves_the_public_page_when_the_case_is_reopened(
    client, terminated, supervisor, analyst
):
    today = timezone.localdate()
    services.substitution_update(
        user=analyst,
        substitution=Substitution.objects.get(),
        values={
            "last_service_on": today + datetime.timedelta(days=40),
            "substitute_name": "CLINICA SORRISO LTDA",
            "substitute_starts_on": today + datetime.timedelta(days=41),
            "equivalence": "same_municipality",
            "published_on": today,
            "publish_until": today + datetime.timedelta(days=180),
        },
    )
    assert "CLINICA SORRISO LTDA" in client.get("/rede/substituicoes/").text
    reopen(terminated, supervisor)
    from django.core.cache import cache

    cache.clear()  # the page is cached 5 minutes; a new visitor after that sees:
    assert "CLINICA SORRISO LTDA" not in client.get("/rede/substituicoes/").text
