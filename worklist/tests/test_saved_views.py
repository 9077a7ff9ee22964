"""Saved views, sorting by a column header and choosing the columns of the queue."""

from django.urls import reverse

from worklist.models import SavedView

QUEUE = reverse("cases:queue")
SAVE = reverse("worklist:view_save")


def test_a_view_keeps_the_filters_sort_and_columns_but_not_the_page(client, analyst):
    client.force_login(analyst)
    query = "city=Niter%C3%B3i&ordem=prazo&colunas=caso&colunas=prestador&pagina=3"
    response = client.post(SAVE, {"name": "Niterói por prazo", "query": query})
    kept = "city=Niter%C3%B3i&ordem=prazo&colunas=caso&colunas=prestador"
    assert response["Location"] == f"{QUEUE}?{kept}"
    view = SavedView.objects.get()
    assert (view.owner, view.name, view.shared, view.query) == (
        analyst,
        "Niterói por prazo",
        False,
        kept,
    )
    page = client.get(QUEUE).content.decode()
    assert f'<a href="{QUEUE}?{kept.replace("&", "&amp;")}">Niterói por prazo</a>' in page


def test_a_private_view_is_only_its_owners_and_a_shared_one_is_the_teams(
    client, analyst, other_analyst
):
    SavedView.objects.create(owner=analyst, name="Só minha", query="late=true")
    SavedView.objects.create(owner=analyst, name="Da equipe", query="uf=RJ", shared=True)
    client.force_login(other_analyst)
    page = client.get(QUEUE).content.decode()
    assert "Só minha" not in page
    assert "Da equipe</a> <span" in page and "equipe · Ana Analista" in page
    assert "Excluir a visão Da equipe" not in page


def test_the_same_name_again_replaces_the_view(client, supervisor):
    client.force_login(supervisor)
    client.post(SAVE, {"name": "Atrasados", "query": "late=true"})
    client.post(SAVE, {"name": "Atrasados", "query": "late=true&uf=SP", "shared": "on"})
    assert list(SavedView.objects.values_list("name", "query", "shared")) == [
        ("Atrasados", "late=true&uf=SP", True)
    ]


def test_a_view_without_a_name_is_not_saved_and_the_queue_keeps_its_filters(client, analyst):
    client.force_login(analyst)
    response = client.post(SAVE, {"name": "  ", "query": "uf=RJ"}, follow=True)
    assert response.redirect_chain[0][0] == f"{QUEUE}?uf=RJ"
    assert "Visão não salva. Nome da visão: Dê um nome à visão." in response.content.decode()
    assert not SavedView.objects.exists()


def test_the_owner_deletes_her_view_nobody_else_does(client, analyst, other_analyst, supervisor):
    shared = SavedView.objects.create(owner=analyst, name="Da equipe", shared=True)
    private = SavedView.objects.create(owner=analyst, name="Minha")
    client.force_login(other_analyst)
    assert client.post(reverse("worklist:view_delete", args=[shared.pk])).status_code == 403
    assert client.post(reverse("worklist:view_delete", args=[private.pk])).status_code == 404
    client.force_login(analyst)
    response = client.post(reverse("worklist:view_delete", args=[shared.pk]), follow=True)
    assert "Visão “Da equipe” excluída." in response.content.decode()
    assert list(SavedView.objects.values_list("name", flat=True)) == ["Minha"]


def test_clicking_a_header_sorts_by_it_and_clicking_again_reverses(client, make_case, analyst):
    from formio.casedata import ProviderData

    bia = make_case(provider=ProviderData(name="BIA", cro="1", cro_uf="RJ"))
    ana = make_case(provider=ProviderData(name="ANA", cro="2", cro_uf="RJ"))
    client.force_login(analyst)
    page = client.get(QUEUE, {"uf": "RJ", "ordem": "prestador"})
    assert [c.pk for c in page.context["page"].object_list] == [ana.pk, bia.pk]
    html = page.content.decode()
    link = '<a class="link-dark text-decoration-none" href="?uf=RJ&amp;ordem=-prestador">'
    assert f'aria-sort="ascending">{link}Prestador' in html
    reverse_ = client.get(QUEUE, {"uf": "RJ", "ordem": "-prestador"})
    assert [c.pk for c in reverse_.context["page"].object_list] == [bia.pk, ana.pk]


def test_chosen_columns_are_the_ones_shown(client, make_case, analyst):
    make_case(protocol_number="SAD123")
    client.force_login(analyst)
    html = client.get(QUEUE, {"colunas": ["caso", "protocolo"]}).content.decode()
    table = html.split('id="fila-tabela"')[1]
    assert ">Nº do protocolo<" in table and "<td>SAD123</td>" in table
    assert ">Cidade<" not in table and "Petrópolis" not in table
    plain = client.get(QUEUE).content.decode().split('id="fila-tabela"')[1]
    assert ">Cidade<" in plain and "Nº do protocolo" not in plain


def test_filtering_keeps_the_sort_and_the_columns(client, make_case, analyst):
    make_case()
    client.force_login(analyst)
    html = client.get(QUEUE, {"ordem": "cidade", "colunas": ["caso", "cidade"]}).content.decode()
    search = html.split('role="search"')[1].split("</form>")[0]
    assert '<input type="hidden" name="ordem" value="cidade">' in search
    assert '<input type="hidden" name="colunas" value="cidade">' in search
