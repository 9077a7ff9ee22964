"""A case printed by the writers (PDF, DOCX) reads back as the same case."""

import datetime

import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes

writers = pytest.importorskip("formio.writers")
SEEDS = seed_paths()
PRINTED_ON = datetime.date(2025, 6, 2)


def printed(data: CaseData, extension: str) -> bytes:
    render = writers.render_pdf if extension == ".pdf" else writers.render_docx
    return render(data, printed_on=PRINTED_ON, case_ref="123")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("extension", [".pdf", ".docx"])
def test_a_seed_printed_by_the_writers_reads_back_the_same(path, extension):
    data = CaseData.from_dict(expected_seed(path))
    result = read_form_bytes(printed(data, extension), f"impresso{extension}")
    assert result.data.to_dict() == expected_seed(path), result.warnings
    assert result.warnings == []  # the printed header and page numbers are not leftovers


@pytest.mark.parametrize("extension", [".pdf", ".docx"])
def test_demo_like_cases_printed_by_the_writers_read_back_the_same(demo_cases, extension):
    for i, data in enumerate(demo_cases[:6]):
        result = read_form_bytes(printed(data, extension), f"impresso{extension}")
        assert result.data.to_dict() == data.to_dict(), (i, result.warnings)


@pytest.mark.parametrize("extension", [".pdf", ".docx"])
@pytest.mark.parametrize("blank", ["started_on", "protocol_opened_on"])
def test_a_form_printed_with_a_date_left_blank_keeps_the_other_dates_in_place(
    demo_cases, extension, blank
):
    # "Data início" blank: the Data final's date, of the same look, went into it (PDF)
    case = CaseData.from_dict({**demo_cases[0].to_dict(), blank: None})
    assert case.finished_on and case.protocol_number
    result = read_form_bytes(printed(case, extension), f"impresso{extension}")
    assert result.data.to_dict() == case.to_dict(), result.warnings
