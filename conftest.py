"""The fixed cast of users and small factories shared by every app's tests."""

import datetime
import json
from pathlib import Path

import pytest

from accounts import roles
from accounts.services import user_create

SHARED = Path(__file__).resolve().parent.parent / "shared"
SEEDS = SHARED / "seeds"
PASSWORD = "senha-de-teste-123"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def expected_seed(path: Path) -> dict:
    return json.loads((SEEDS / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded and imported files of a test never land in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """A transactional test empties every table when it ends, the form's options and the roles
    too, and serialized_rollback does not bring them back after the browser tests: `pytest
    tests cases api` failed later transactional tests with "opção desconhecida". Seed them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("cases.migrations.0002_reference_data").seed(apps, None)
    importlib.import_module("accounts.migrations.0001_roles").create_roles(apps, None)


@pytest.fixture
def analyst(db):
    return user_create(
        username="analista",
        role=roles.ANALYST,
        password=PASSWORD,
        first_name="Ana",
        last_name="Analista",
    )


@pytest.fixture
def other_analyst(db):
    return user_create(
        username="analista2",
        role=roles.ANALYST,
        password=PASSWORD,
        first_name="Bruno",
        last_name="Analista",
    )


@pytest.fixture
def supervisor(db):
    return user_create(username="supervisor", role=roles.SUPERVISOR, password=PASSWORD)


@pytest.fixture
def manager(db):
    return user_create(username="gestor", role=roles.MANAGER, password=PASSWORD)


@pytest.fixture
def administrator(db):
    return user_create(username="admin", role=roles.ADMINISTRATOR, password=PASSWORD)


@pytest.fixture
def seed_001():
    from formio.casedata import CaseData

    return CaseData.from_dict(expected_seed(SEEDS / "001_2ef8644a227c06e3.txt"))


@pytest.fixture
def make_case(db, analyst):
    """An open case through the services; keyword arguments override the form's fields."""
    from cases import services
    from formio.casedata import CaseData, ContactData, ProviderData

    def make(user=None, contacts=None, **fields):
        data = CaseData(
            operator="ODONTOLIFE",
            provider=ProviderData(
                name="PATRICIA SANTOS BARROS",
                cro="26666",
                cro_uf="RJ",
                cpf="07309474759",
                person_type="F",
            ),
            service_uf="RJ",
            city="Petrópolis",
            started_on=datetime.date(2024, 1, 30),
            contacts=contacts
            if contacts is not None
            else [ContactData(date=datetime.date(2024, 2, 9), notes="Enviado whatsapp.")],
        )
        for key, value in fields.items():
            setattr(data, key, value)
        return services.case_open(user=user or analyst, data=data, analyst=user or analyst)

    return make
