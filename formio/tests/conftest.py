import datetime

import pytest


@pytest.fixture(scope="session")
def demo_cases():
    """Realistic cases (the demo generator, fixed date): a few of every status."""
    from cases.demo import DemoGenerator

    generator = DemoGenerator(11, today=datetime.date(2025, 6, 1))
    return [case.data for case in generator.cases(40)]
