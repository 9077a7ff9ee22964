import datetime

import pytest
from django.core.cache import cache

from cases import services as case_services
from cases.conversion import case_to_data


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """The public page is cached (in the database cache): each test starts from what the
    database says."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def close_case():
    """Close a case through the case services, as a user would (Desligamento by default)."""

    def close(case, user, status="desligamento"):
        data = case_to_data(case)
        data.status = status
        data.finished_on = datetime.date(2024, 3, 20)
        data.termination_reasons = ["valores"] if status == "desligamento" else []
        return case_services.case_close(user=user, case=case, data=data)

    return close


@pytest.fixture
def terminated(make_case, close_case, analyst):
    """A case of the analyst's closed as Desligamento: its substitution opened."""
    return close_case(make_case(), analyst)
