"""Two forms pasted one after the other in one file are two forms, never one merged case."""

import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.tests.forms import pasted_docx, text_form

SEEDS = seed_paths()


def both() -> tuple[CaseData, CaseData]:
    return tuple(CaseData.from_dict(expected_seed(p)) for p in SEEDS[::-1][:2])


@pytest.mark.parametrize("container", ["docx", "text-cells", "text-rows"])
def test_two_forms_in_one_file_are_read_apart_with_a_warning(container):
    first, second = both()
    if container == "docx":
        content, name = pasted_docx(first, second), "dois.docx"
    else:
        layout = container.split("-")[1]
        text = text_form(first, layout=layout) + "\n\n" + text_form(second, layout=layout)
        content, name = text.encode(), "dois.txt"
    result = read_form_bytes(content, name)
    assert result.data.to_dict() == first.to_dict()
    assert [other.data.to_dict() for other in result.others] == [second.to_dict()]
    several = (
        "O arquivo tem 2 formulários, um depois do outro; cada um é importado como um caso próprio."
    )
    assert several in result.warnings
    assert several in result.others[0].warnings  # said of the file: of each of its forms


def test_a_second_form_pasted_without_its_title_is_still_a_second_form():
    first, second = both()
    rest = text_form(second).split("\n", 1)[1]  # the title line left out
    result = read_form_bytes((text_form(first) + "\n\n" + rest).encode(), "f.txt")
    assert result.data.to_dict() == first.to_dict()
    assert result.others[0].data.to_dict() == second.to_dict()


def test_a_note_that_starts_with_colaborador_does_not_cut_the_form():
    first = both()[1]
    text = text_form(first).replace(
        "Obs. Geral", "Obs. Geral\nColaborador informou o prestador.", 1
    )
    result = read_form_bytes(text.encode(), "f.txt")
    assert result.others == []
    assert result.data.general_notes.startswith("Colaborador informou o prestador.")
