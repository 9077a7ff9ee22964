"""The substitutions' dashboard: figures worked out by hand from three terminations."""

import datetime

import pytest

from substitutions import services

D = datetime.date


def substitute(equivalence, published_on, publish_until):
    return {
        "substitute_name": "MARIA SOUZA",
        "substitute_starts_on": D(2024, 4, 1),
        "equivalence": equivalence,
        "published_on": published_on,
        "publish_until": publish_until,
    }


@pytest.fixture
def three(make_case, close_case, analyst):
    on_time, late, exempt = (close_case(make_case(lives=352), analyst) for _ in range(3))
    services.substitution_update(  # due 31/01/2024, published 20/01: on time
        user=analyst,
        substitution=on_time.substitution,
        values={"last_service_on": D(2024, 3, 1)}
        | substitute("same_municipality", D(2024, 1, 20), D(2024, 7, 18)),
    )
    services.substitution_update(  # due 14/02/2024, published 20/02: late
        user=analyst,
        substitution=late.substitution,
        values={"last_service_on": D(2024, 3, 15)}
        | substitute("neighbouring", D(2024, 2, 20), D(2024, 8, 18)),
    )
    services.substitution_update(
        user=analyst,
        substitution=exempt.substitution,
        values={
            "last_service_on": D(2024, 4, 10),
            "exception": "no_production",
            "exception_evidence": "Sem guias desde abril de 2023.",
        },
    )


def test_the_manager_sees_the_figures(client, manager, three):
    client.force_login(manager)
    page = client.get("/substituicoes/painel/")
    context = page.context
    months = [(m.month.strftime("%m/%Y"), m.total, m.on_time) for m in context["months"]]
    assert months == [("03/2024", 2, 1), ("04/2024", 1, 0)]
    assert "50,0%" in page.text
    equivalences = {t.label: t.count for t in context["equivalences"]}
    assert equivalences["Mesmo município"] == 1 and equivalences["Município limítrofe"] == 1
    exceptions = {t.label: t.count for t in context["exceptions"]}
    assert exceptions["Sem produção por 12 meses consecutivos"] == 1
    cities = [(c.uf, c.city, c.providers, c.lives) for c in context["cities"]]
    assert cities == [("RJ", "Petrópolis", 1, 352)]


def test_an_analyst_does_not_see_the_dashboard(client, analyst):
    client.force_login(analyst)
    assert client.get("/substituicoes/painel/").status_code == 403
