"""The paper form goes into the database and comes back the same."""

import json

import pytest
from django.core.management import call_command

from cases import services
from cases.conversion import case_to_data
from cases.demo import DemoGenerator, demo_options_ensure
from cases.models import Case
from conftest import expected_seed, seed_paths
from formio.casedata import CaseData, schema_errors


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_each_seed_goes_into_the_database_and_comes_back_identical(db, analyst, path):
    expected = expected_seed(path)
    case = services.case_open(user=analyst, data=CaseData.from_dict(expected))
    stored = Case.objects.with_form().get(pk=case.pk)
    assert case_to_data(stored).to_dict() == expected


def test_a_seed_keeps_its_computed_days_to_finish(db, analyst, seed_001):
    case = services.case_open(user=analyst, data=seed_001)
    case.refresh_from_db()
    assert case.days_to_finish == 50


def test_a_form_without_dates_keeps_the_number_written_on_it(db, analyst):
    data = CaseData(days_to_finish=12)
    case = services.case_open(user=analyst, data=data)
    assert case_to_data(Case.objects.get(pk=case.pk)).days_to_finish == 12


def test_demo_cases_come_back_from_the_database_as_generated(db, analyst):
    demo_options_ensure()
    for demo in DemoGenerator(7).cases(15):
        case = services.case_open(user=analyst, data=demo.data)
        assert case_to_data(Case.objects.with_form().get(pk=case.pk)) == demo.data


def test_every_exported_case_validates_against_the_schema(db, analyst, capsys):
    demo_options_ensure()
    for demo in DemoGenerator(3).cases(20):
        services.case_open(user=analyst, data=demo.data)
    call_command("export_cases", "--format", "json")
    exported = json.loads(capsys.readouterr().out)
    assert len(exported) == 20
    assert [schema_errors(case) for case in exported] == [[]] * 20


def test_export_applies_the_filters(db, make_case, capsys):
    make_case(city="Petrópolis")
    make_case(city="Niterói")
    call_command("export_cases", "--city", "petropolis")
    exported = json.loads(capsys.readouterr().out)
    assert [case["city"] for case in exported] == ["Petrópolis"]


def test_export_names_a_bad_filter_in_portuguese(db):
    with pytest.raises(Exception, match="Aberto entre: Informe uma data válida"):
        call_command("export_cases", "--opened-after", "2025-99-01")
