"""The httpx example of docs/api.md runs as written against a live server."""

import re
from pathlib import Path

import pytest

from api.models import ApiToken
from cases.models import Case

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _example() -> str:
    section = DOC.read_text(encoding="utf-8").split("## Exemplo (Python, httpx)")[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_documented_example_opens_a_case_adds_a_contact_and_closes_it(
    live_server, analyst, seed_001
):
    key = ApiToken.issue(user=analyst, name="exemplo")[1]
    form = seed_001.to_dict()
    form.update(status=None, finished_on=None, termination_reasons=[], analyst=None)
    form.update(responsible_sectors=[], retention_actions=[])
    code = (
        _example()
        .replace("https://retencao.exemplo.com.br", live_server.url)
        .replace("SUA-CHAVE", key)
        .replace("form = {...}", "form = FORM")
    )
    exec(compile(code, str(DOC), "exec"), {"FORM": form, "print": lambda *a: None})  # noqa: S102
    case = Case.objects.get()
    assert (case.status, case.is_open, case.contacts.count()) == (
        "retencao_efetiva",
        False,
        5,
    )  # the seed's 4 and one
