"""Every new queue view for every role (docs/permissions.md, "Ações em lote e visões")."""

import pytest
from django.urls import reverse

from worklist.models import BulkRun, SavedView

ROLES = ["analista", "analista2", "supervisor", "gestor"]


@pytest.fixture
def cast(analyst, other_analyst, supervisor, manager):
    return dict(zip(ROLES, [analyst, other_analyst, supervisor, manager], strict=True))


def _bulk(client, user, case, action, **fields):
    client.force_login(user)
    data = {"acao": action, "confirmar": "1", "caso": [case.pk], **fields}
    return client.post(reverse("worklist:bulk"), data)


#          analista  analista2  supervisor  gestor   (the case is analista's)
ACTIONS = [
    ("assign", [403, 403, 302, 403]),
    ("note", [302, 302, 302, 403]),
    ("close", [302, 302, 302, 403]),
    ("excel", [302, 302, 302, 302]),
    ("csv", [302, 302, 302, 302]),
    ("formularios", [302, 302, 302, 302]),
]
# whether the case was changed: the other analyst's run refuses it (she does not see it)
CHANGED = {"note": [True, False, True, False], "close": [True, False, True, False]}


@pytest.mark.parametrize(("action", "expected"), ACTIONS, ids=[a for a, _ in ACTIONS])
def test_each_role_acts_in_bulk_as_the_matrix_says(client, cast, make_case, action, expected):
    fields = {
        "analyst": cast["analista2"].pk,
        "text": "ok",
        "justification": "ok",
        "finished_on": "20/03/2024",
    }
    for role, code in zip(ROLES, expected, strict=True):
        case = make_case()
        response = _bulk(client, cast[role], case, action, **fields)
        assert response.status_code == code, (role, response.status_code)
        if action in CHANGED:
            changed = case.events.count() > 1 or case.comments.exists()
            assert changed == CHANGED[action][ROLES.index(role)], role


def test_a_run_page_is_only_for_who_asked(client, cast, make_case):
    case = make_case()
    _bulk(client, cast["supervisor"], case, "note", text="ok")
    url = reverse("worklist:run", args=[BulkRun.objects.get().pk])
    for role in ROLES:
        client.force_login(cast[role])
        assert client.get(url).status_code == (200 if role == "supervisor" else 404), role


def test_every_role_saves_views_and_deletes_only_its_own(client, cast):
    for role in ROLES:
        client.force_login(cast[role])
        response = client.post(reverse("worklist:view_save"), {"name": role, "query": "uf=RJ"})
        assert response.status_code == 302, role
    view = SavedView.objects.get(name="analista")
    url = reverse("worklist:view_delete", args=[view.pk])
    for role in ["analista2", "supervisor", "gestor"]:
        client.force_login(cast[role])
        assert client.post(url).status_code == 404, role
    client.force_login(cast["analista"])
    assert client.post(url).status_code == 302
    assert sorted(SavedView.objects.values_list("name", flat=True)) == sorted(ROLES[1:])


def test_the_gestor_sees_only_the_export_buttons(client, cast, make_case):
    make_case()
    expected = {
        "analista": {"note", "close"},
        "supervisor": {"assign", "note", "close"},
        "gestor": set(),
    }
    for role, actions in expected.items():
        client.force_login(cast[role])
        html = client.get(reverse("cases:queue")).content.decode()
        shown = {a for a in ("assign", "note", "close") if f'name="acao" value="{a}"' in html}
        assert shown == actions, role
        assert 'name="acao" value="excel"' in html, role


def test_a_user_without_a_role_may_do_nothing_here(client, django_user_model):
    nobody = django_user_model.objects.create_user("semperfil", password="x-123456789")
    client.force_login(nobody)
    assert client.post(reverse("worklist:bulk"), {"acao": "csv", "caso": ["1"]}).status_code == 403
    response = client.post(reverse("worklist:view_save"), {"name": "x"})
    assert response.status_code == 403


def test_only_posts_act(client, cast):
    client.force_login(cast["supervisor"])
    assert client.get(reverse("worklist:bulk")).status_code == 405
