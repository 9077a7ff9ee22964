"""A PDF form of several pages: its page headers and footers are never inside a value."""

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.readers.pdf import pdf_blocks
from formio.tests.forms import pdf_form

SEEDS = seed_paths()
RUNNING = """
@page {
  @top-center { content: "ODONTO SAÚDE - Credenciamento"; font-size: 8pt; }
  @bottom-right { content: "Página " counter(page) " de " counter(pages); font-size: 8pt; }
}
"""


def long_form() -> CaseData:
    data = expected_seed(SEEDS[1])
    note = " ".join(f"Retorno {i}: prestador ligou e pediu nova proposta." for i in range(60))
    return CaseData.from_dict({**data, "general_notes": note})


def test_page_headers_and_footers_are_not_values_of_a_form_of_several_pages():
    data = long_form()
    content = pdf_form(data, extra_css=RUNNING)
    lines = [line for block in pdf_blocks(content) for line in block]
    assert not any("ODONTO SAÚDE" in line or "Página" in line for line in lines)
    read = read_form_bytes(content, "f.pdf")
    notes = read.data.general_notes
    assert "ODONTO" not in notes and "Página" not in notes
    # the cell cut by two page breaks (pages 2 and 3) is one paragraph again, as typed
    assert notes == data.general_notes
    assert read.data.to_dict() == data.to_dict() and read.warnings == []


def test_a_note_with_line_breaks_cut_by_a_page_break_keeps_them_and_nothing_more():
    data = expected_seed(SEEDS[1])
    lines = [f"Retorno {i}: prestador ligou." for i in range(70)]
    note = "\n".join(lines[:35]) + "\n" + " ".join(f"Parte {i} da proposta." for i in range(40))
    data = CaseData.from_dict({**data, "general_notes": note + "\nFim."})
    read = read_form_bytes(pdf_form(data, extra_css=RUNNING), "f.pdf")
    assert read.data.general_notes == data.general_notes


def test_a_page_number_alone_on_a_one_page_form_is_not_a_value():
    data = CaseData.from_dict(expected_seed(SEEDS[1]))
    css = '@page { @bottom-center { content: "Página " counter(page) " de " counter(pages); } }'
    read = read_form_bytes(pdf_form(data, extra_css=css), "f.pdf")
    assert read.data.to_dict() == data.to_dict() and read.warnings == []


def test_a_label_whose_cell_rules_are_broken_is_read_in_its_row_left_to_right():
    # a scan's broken rule leaves a label's cell open: its words are loose and start at
    # their text, a little below the tops of the cells beside them
    from formio.readers.geometry import Cell, Word
    from formio.readers.layout import layout_blocks

    def word(text, x0, top):
        return Word(text, x0, x0 + 6 * len(text), top, top + 9, 9)

    cells = [
        Cell(34, 128.9, 122, 143.3),
        Cell(122, 128.9, 298, 143.3),
        Cell(430, 128.9, 561, 143.3),
    ]
    words = [
        word("Nº do protocolo", 36, 132.5),
        word("SAD170662950329", 124, 132.5),
        word("Dt. abertura protocolo", 302, 132.5),  # no cell holds it
        word("10/04/2025", 432, 132.5),
        word("Cidade", 36, 146.9),  # the next row: a line lower
    ]
    blocks = [b.lines for b in layout_blocks(words, [], cells)]
    assert blocks == [
        ["Nº do protocolo"],
        ["SAD170662950329"],
        ["Dt. abertura protocolo"],
        ["10/04/2025"],
        ["Cidade"],
    ]


def ocr_word(text: str, x0: float, top: float, size: float):
    """A word as OCR places it: as high as its line's box, 5.5 pt a letter."""
    from formio.readers.geometry import Word

    return Word(text, x0, x0 + 5.5 * len(text), top, top + size, size)


def test_a_scanned_value_wrapped_in_its_column_without_borders_is_one_value():
    # OCR gives a line the height of its box: the row "ODONTOLIFE 1032 PI Ana Mendes"
    # is 14 pt high, its wrapped "Oliveira" (no descender) 8.6 pt, 15.9 pt lower
    from formio.readers.layout import layout_blocks

    words = [
        *(ocr_word(t, x, 198.0, 10.8) for t, x in [("Operadora", 88), ("CRO", 200), ("UF", 300)]),
        ocr_word("Nome", 403.2, 198.0, 10.8),
        ocr_word("dentista", 438.8, 198.0, 10.8),
        *(ocr_word(t, x, 220.3, 14.0) for t, x in [("ODONTOLIFE", 88), ("1032", 200), ("PI", 300)]),
        ocr_word("Ana", 402.8, 220.3, 14.0),
        ocr_word("Mendes", 427.3, 220.3, 14.0),
        ocr_word("Oliveira", 403.2, 236.2, 8.6),
        ocr_word("CNPJ", 88, 262.0, 10.8),  # the next row: further down
    ]
    blocks = [b.lines for b in layout_blocks(words, [])]
    assert ["ODONTOLIFE  1032  PI  Ana Mendes Oliveira"] in blocks
    assert ["CNPJ"] in blocks


def contact_row(top: float, size: float, *texts: str) -> list:
    """A contact's row of LibreOffice's borderless form as OCR reads it: number, "Data",
    the date, "Obs.:" and the note's first line, each at its column's start."""
    starts = (88.2, 172.1, 256.3, 340.2, 424.1)
    return [ocr_word(t, x, top, size) for t, x in zip(texts, starts, strict=False)]


def test_a_scanned_note_wrapped_over_lines_of_every_height_is_one_note():
    # each OCR line is as high as its ink: "treinamento" 8.3 pt, then "do sistema" 14 pt
    # lower; the cell's em is its tallest line, the row's (13.7 pt)
    from formio.readers.layout import layout_blocks

    words = [
        *contact_row(189.4, 13.7, "3º", "Data", "05/07/2024", "Obs.:", "Ofertado"),
        ocr_word("treinamento", 424.1, 205.6, 8.3),
        ocr_word("do", 424.1, 219.6, 8.6),
        ocr_word("sistema", 437.7, 219.6, 8.6),
        ocr_word("de", 424.1, 234.0, 8.6),
        ocr_word("autorização.", 424.1, 248.4, 10.4),
        *contact_row(270.7, 13.7, "4º", "Data", "09/07/2024", "Obs.:", "Prestador"),
    ]
    blocks = [b.lines for b in layout_blocks(words, [])]
    assert blocks == [
        ["3º  Data  05/07/2024  Obs.:  Ofertado treinamento do sistema de autorização."],
        ["4º  Data  09/07/2024  Obs.:  Prestador"],
    ]


def test_a_row_below_a_note_continued_from_the_page_above_keeps_its_first_word():
    # the head of page 2: the note of the contact of page 1 goes on, then the next contact
    # starts 10 pt lower (its boxes make OCR's line 14 pt high). Its note's first word
    # sits under the note above, but a row of a table starts below every cell of the row
    # above: a line where a row starts holds no wrapped line of that row
    from formio.readers.layout import layout_blocks

    words = [
        ocr_word("aceitou", 424.4, 72.0, 10.8),
        ocr_word("permanecer", 424.1, 86.4, 10.8),
        ocr_word("na rede após", 424.1, 100.1, 10.8),
        ocr_word("proposta.", 424.1, 115.6, 10.8),
        *contact_row(136.4, 14.0, "2º contato", "Data", "30/05/2024", "Obs.:", "Sem"),
        ocr_word("resposta ao", 424.1, 153.7, 10.8),
        ocr_word("contato.", 424.1, 168.1, 10.8),
    ]
    blocks = [b.lines for b in layout_blocks(words, [])]
    assert blocks == [
        ["aceitou permanecer na rede após proposta."],
        ["2º contato  Data  30/05/2024  Obs.:  Sem resposta ao contato."],
    ]


def test_a_box_under_the_box_above_does_not_stop_the_next_column_wrapping():
    # LibreOffice's PDF of "Atende outros convênios": "☐ NÃO" is the next paragraph of
    # the cell of "☒ SIM", and the plans' cell wraps twice beside it
    from formio.readers.geometry import Word
    from formio.readers.layout import layout_blocks

    def word(text, x0, top):
        return Word(text, x0, x0 + 5.6 * len(text), top, top + 11, 11)

    words = [
        *(word(t, x, 473.6) for t, x in [("Atende outros", 90), ("☒ SIM", 198.1)]),
        *(word(t, x, 473.6) for t, x in [("Quais?", 306.1), ("Amil Dental,", 414)]),
        word("convênios", 90.1, 488.3),
        word("SulAmérica", 414.1, 488.3),
        word("☐ NÃO", 198.1, 498.3),
        word("Odonto", 414.1, 498.3),
    ]
    lines = [line for block in layout_blocks(words, []) for line in block.lines]
    assert "Amil Dental, SulAmérica Odonto" in lines[0]
    assert lines[-1] == "☐ NÃO"
