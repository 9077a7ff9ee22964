"""The printed form (PDF and DOCX) shows every value of the case, boxes ticked right."""

import dataclasses
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pdfplumber
import pytest
from docx import Document

from formio import vocabulary
from formio.casedata import ContactData
from formio.vocabulary import (
    RESPONSIBLE_SECTORS,
    RETENTION_ACTIONS,
    TERMINATION_REASONS,
    Option,
)
from formio.writers import render_docx, render_pdf

PRINTED = datetime.date(2024, 3, 21)


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = []
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:  # a spanned cell repeats in row.cells (the same object)
                if id(cell) not in seen:
                    seen.add(id(cell))
                    cells.append(cell.text)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def flat(text: str) -> str:
    """Whitespace folded: the layout wraps long notes anywhere."""
    return " ".join(text.split())


RENDERERS = {"pdf": (render_pdf, pdf_text), "docx": (render_docx, docx_text)}


@pytest.fixture(params=["pdf", "docx"])
def printed(request, seed_001):
    render, extract = RENDERERS[request.param]

    def text_of(data=seed_001, **kwargs):
        kwargs.setdefault("printed_on", PRINTED)
        return flat(extract(render(data, **kwargs)))

    return text_of


def test_the_form_has_its_title_and_every_value_written_the_brazilian_way(printed, seed_001):
    text = printed()
    assert "Formulário - Processo de Retenção" in text
    for value in (
        "ODONTOLIFE",
        "26666",
        "PATRICIA SANTOS BARROS",
        "073.094.747-59",
        "20/12/2023",
        "Operadora",
        "SAD170662950329",
        "30/01/2024",
        "PETROPOLIS",
        "352",
        "0,30",
        "sem guias",
        "R$ -",
        "20/03/2024",
        "50 dia(s)",
    ):
        assert value in text, value
    for contact in seed_001.contacts:
        assert flat(contact.notes) in text
    assert flat(seed_001.general_notes) in text


def test_every_option_of_every_list_is_printed_with_its_box(printed):
    text = printed()
    for option in (*TERMINATION_REASONS, *RETENTION_ACTIONS, *RESPONSIBLE_SECTORS):
        assert re.search(f"[☐☒] {re.escape(option.label)}", text), option.label
    assert "☒ Desligamento" in text and "☐ Retenção Efetiva" in text
    assert "☐ Não se trata de Retenção" in text
    assert "☒ Prazo Liberação de Guias" in text
    assert text.count("☒") == 3  # status, the one reason, NÃO for other plans
    assert "☐ SIM ☒ NÃO" in text  # Atende outros convênios
    assert "☐ SIM ☐ NÃO" in text  # Necessário abertura de protocolo: not answered


def test_the_labels_are_the_forms_own_in_its_order(printed):
    text = printed()
    labels = [
        "Colaborador",
        "Qtd CRO(s)",
        "Operadora",
        "CRO",
        "Nome dentista",
        "CNPJ",
        "CPF",
        "Data inclusão",
        "Tipo",
        "Demandado por?",
        "Nº do protocolo",
        "Dt. abertura protocolo",
        "Cidade",
        "nº de vidas",
        "nº CRO(S) únicos divulgados",
        "Atende outros convênios",
        "Quais?",
        "Moeda",
        "Última produç.",
        "Valor última prod.",
        "Data início",
        "Data final",
        "Tempo finalização",
        "Status retenção",
        "1º contato",
        "Ação Retenção",
        'OBRIGATÓRIO JUSTIFICATIVA CASO SELECIONE "OUTROS".',
        "Motivo desligamento",
        "Necessário abertura de protocolo",
        "Obs. Geral",
        "Setor responsável",
        "Assinaturas",
    ]
    position = 0
    for label in labels:  # each found after the one before it
        position = text.index(label, position) + len(label)


def test_the_names_signed_and_the_printing_date_are_on_the_form(printed):
    text = printed(case_ref="42")
    assert "Poliana Andrade Silva" in text and "Maykon Dal'Negro" in text
    assert "Caso 42 · Impresso em 21/03/2024" in text


def test_all_contacts_are_printed_not_only_the_five_of_the_paper(printed, seed_001):
    seed_001.contacts = [
        ContactData(datetime.date(2024, 2, day), f"Contato número {day}.") for day in range(1, 9)
    ]
    text = printed(seed_001)
    assert "8º contato Data 08/02/2024 Obs.: Contato número 8." in text
    assert "9º contato" not in text


def test_the_paper_keeps_five_contact_slots_when_there_are_fewer(printed, seed_001):
    seed_001.contacts = seed_001.contacts[:1]
    text = printed(seed_001)
    assert "5º contato" in text and "6º contato" not in text


def test_money_ticks_and_justification_are_printed_as_typed(printed, seed_001):
    seed_001.last_production_value = Decimal("1234.56")
    seed_001.lives = 12500
    seed_001.retention_actions = ["suporte", "outros"]
    seed_001.retention_actions_notes = "Ofertada isenção da taxa."
    seed_001.responsible_sectors = ["ti"]
    seed_001.protocol_required = True
    text = printed(seed_001)
    assert "R$ 1.234,56" in text and "12.500" in text
    assert "☒ Ofertado Suporte" in text and "☒ Outros" in text
    assert "☐ Ofertado Novos Valores" in text
    assert "Ofertada isenção da taxa." in text
    assert "☒ T.I." in text and "☐ Comercial" in text
    assert "☒ SIM ☐ NÃO" in text


def test_the_pdf_is_a4_with_page_numbers():
    from conftest import SEEDS, expected_seed
    from formio.casedata import CaseData

    data = CaseData.from_dict(expected_seed(SEEDS / "001_2ef8644a227c06e3.txt"))
    with pdfplumber.open(io.BytesIO(render_pdf(data, printed_on=PRINTED))) as pdf:
        pages = pdf.pages
        assert [round(pages[0].width), round(pages[0].height)] == [595, 842]
        total = len(pages)
        for number, page in enumerate(pages, 1):
            assert f"Página {number} de {total}" in page.extract_text()


def test_the_docx_is_made_of_real_tables_word_can_edit(seed_001):
    content = render_docx(seed_001, printed_on=PRINTED)
    document = Document(io.BytesIO(content))
    assert len(document.tables) == 2  # the form, the signatures
    first_row = [cell.text for cell in document.tables[0].rows[0].cells]
    assert first_row[0] == "Colaborador"
    assert document.sections[0].footer.paragraphs[0].text == "Página 1 de 1"
    footer = zipfile.ZipFile(io.BytesIO(content)).read("word/footer1.xml").decode()
    assert "> PAGE <" in footer and "> NUMPAGES <" in footer  # fields Word recomputes
    assert round(document.sections[0].page_width.mm) == 210


def test_the_docx_shades_labels_and_headings_and_spreads_the_signatures(seed_001):
    document = Document(io.BytesIO(render_docx(seed_001, printed_on=PRINTED)))
    body = document.element.xml
    label, heading = 'w:fill="EEEEEE"', 'w:fill="D9D9D9"'
    assert body.count(heading) == 5  # the four option lists (status, actions, reasons,
    # sectors) and "Assinaturas"
    assert body.count(label) > 30
    form, signatures = document.tables
    assert [round(column.width.mm) for column in signatures.columns] == [92, 92]
    assert sum(column.width.mm for column in form.columns) == pytest.approx(184, abs=1)
    names = signatures.rows[1].cells
    assert [cell.text for cell in names] == ["Poliana Andrade Silva", "Maykon Dal'Negro"]
    assert round(signatures.rows[1].height.mm) == 19  # room to sign
    assert [cell.paragraphs[0].style.name for cell in names] == ["Assinatura"] * 2
    assert form.rows[0].cells[0].paragraphs[0].runs[0].style.name == "Rótulo"


def test_an_empty_form_prints_blank_cells_and_unticked_boxes(printed):
    from formio.casedata import CaseData

    text = printed(CaseData())
    assert "☒" not in text
    assert "R$ -" in text  # the paper's way of saying no value
    assert "dia(s)" not in text


def test_a_reason_an_administrator_added_is_printed_with_its_tick(printed, seed_001):
    kept = dataclasses.replace(
        vocabulary.PRINTED,
        termination_reasons=(
            *vocabulary.PRINTED.termination_reasons,
            Option("reajuste_negado", "Reajuste Negado"),
        ),
        responsible_sectors=(
            *vocabulary.PRINTED.responsible_sectors,
            Option("juridico", "Jurídico"),
        ),
    )
    seed_001.termination_reasons = ["glosas", "reajuste_negado"]
    text = printed(seed_001, vocabulary=kept)
    assert "☒ Reajuste Negado" in text and "☒ Glosas" in text
    assert "☐ Jurídico" in text
    assert "☐ Prazo Liberação de Guias" in text
    assert "Reajuste Negado" not in printed(seed_001)  # the paper's lists: only its code
    assert "☒ reajuste_negado" in printed(seed_001)


def test_an_option_the_list_no_longer_has_still_prints_ticked_on_the_case(printed, seed_001):
    without = dataclasses.replace(
        vocabulary.PRINTED,
        termination_reasons=tuple(
            o
            for o in vocabulary.PRINTED.termination_reasons
            if o.code != "prazo_liberacao_de_guias"
        ),
    )
    text = printed(seed_001, vocabulary=without)
    assert "☒ prazo_liberacao_de_guias" in text
    assert text.count("☒") == 3
    assert "Glosas" in text


def test_an_emoji_in_a_note_prints_as_its_coloured_glyph_not_a_blank_box(seed_001):
    import pypdfium2

    seed_001.contacts = [ContactData(datetime.date(2024, 2, 9), "Respondeu feliz 😀")]
    content = render_pdf(seed_001, printed_on=PRINTED)
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        (emoji,) = [c for c in page.chars if c["text"] == "😀"]
    assert "Emoji" in emoji["fontname"]  # the emoji font after DejaVu Sans, which has none
    scale = 4
    bitmap = pypdfium2.PdfDocument(content)[0].render(scale=scale).to_pil().convert("RGB")
    box = [round(v * scale) for v in (emoji["x0"], emoji["top"], emoji["x1"], emoji["bottom"])]
    crop = bitmap.crop(box)
    pixels = [crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height)]
    yellow = [p for p in pixels if p[0] > 180 and p[1] > 130 and p[2] < 90]
    assert len(yellow) > len(pixels) / 10  # a yellow face, not an empty outline


def test_a_control_character_pasted_in_a_note_is_dropped_and_the_docx_still_opens(seed_001):
    seed_001.general_notes = 'Ligar\x0b de novo <amanhã> & "cedo"\ndepois do almoço'
    document = Document(io.BytesIO(render_docx(seed_001, printed_on=PRINTED)))
    text = docx_text(render_docx(seed_001, printed_on=PRINTED))
    assert 'Ligar de novo <amanhã> & "cedo"\ndepois do almoço' in text
    assert len(document.tables) == 2
