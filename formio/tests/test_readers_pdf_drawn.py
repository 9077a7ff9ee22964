"""PDF forms drawn by other programs: checkboxes as vector squares, signatures side by
side, a cell cut by a page break (issue 16)."""

import io
from functools import cache

import pdfplumber
import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.readers.pdf import pdf_blocks
from formio.tests.forms import pdf_form

SEEDS = seed_paths()
ROLES = ("Analista", "Supervisor")


@cache
def seed(index: int) -> CaseData:
    return CaseData.from_dict(expected_seed(SEEDS[index]))


@pytest.mark.parametrize("tick", ["x", "check", "filled"])
def test_boxes_drawn_as_squares_are_read_ticked_by_what_is_drawn_inside(tick):
    content = pdf_form(seed(1), drawn=tick)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[1]  # "Status retenção" onwards: boxes, no box characters
        assert not any(c["text"] in "☐☒" for p in pdf.pages for c in p.chars)
        squares = [r for r in page.rects if 6 <= r["width"] <= 8 and 6 <= r["height"] <= 8]
        assert len(squares) > 20
    read = read_form_bytes(content, "f.pdf")
    # seed 001, by hand: Desligamento, Prazo Liberação de Guias, NÃO for other plans
    assert read.data.status == "desligamento"
    assert read.data.termination_reasons == ["prazo_liberacao_de_guias"]
    assert read.data.retention_actions == [] and read.data.responsible_sectors == []
    assert read.data.serves_other_plans is False and read.data.protocol_required is None
    assert read.data.contacts[0].notes.startswith("Encaminhado whatsapp (24) 22425015 09/02")
    assert read.data.signatures == ["Poliana Andrade Silva", "Maykon Dal'Negro"]
    assert read.data.to_dict() == seed(1).to_dict() and read.warnings == []


def test_drawn_boxes_ticked_in_every_list_are_read_as_ticked():
    data = CaseData.from_dict(
        {
            **expected_seed(SEEDS[1]),
            "status": "retencao_efetiva",
            "termination_reasons": [],
            "serves_other_plans": True,
            "other_plans": "Amil",
            "retention_actions": ["suporte", "outros"],
            "retention_actions_notes": "Visita agendada.",
            "protocol_required": False,
            "responsible_sectors": ["ti", "comercial"],
        }
    )
    read = read_form_bytes(pdf_form(data, drawn="x"), "f.pdf")
    assert read.data.status == "retencao_efetiva"
    assert read.data.serves_other_plans is True and read.data.other_plans == "Amil"
    assert read.data.retention_actions == ["suporte", "outros"]
    assert read.data.protocol_required is False
    assert read.data.responsible_sectors == ["ti", "comercial"]
    assert read.data.to_dict() == data.to_dict()


def test_two_names_signed_side_by_side_are_two_signatures_without_their_roles():
    content = pdf_form(seed(1), side_by_side=ROLES)
    lines = [line for block in pdf_blocks(content) for line in block]
    assert "Poliana Andrade Silva  Maykon Dal'Negro" in lines  # one line of the page
    read = read_form_bytes(content, "f.pdf")
    assert read.data.signatures == ["Poliana Andrade Silva", "Maykon Dal'Negro"]
    assert read.data.analyst is None and read.warnings == []


def test_drawn_boxes_and_signatures_side_by_side_together():
    read = read_form_bytes(pdf_form(seed(0), drawn="check", side_by_side=ROLES), "f.pdf")
    assert read.data.to_dict() == seed(0).to_dict()
