"""PDF forms whose tables have no borders (a Word form printed with its grid hidden): a
value the layout wrapped inside its column is read whole, as in a ruled cell."""

from html import escape

import pypdfium2 as pdfium
import pytest
from weasyprint import HTML

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.readers.pdf import pdf_blocks
from formio.tests.forms import pdf_form

SEEDS = seed_paths()
# Columns of equal width with Word's cell margins (0.19 cm each side), rows touching.
CSS = """
@page { size: A4; margin: 2cm; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin-bottom: 10pt; }
td { padding: 0 5.4pt; vertical-align: top; }
"""
RULED = "td { border: 0.6pt solid #000; }"
PROVIDER = [["Operadora", "CRO", "UF", "Nome dentista"], ["ODONTOLIFE", "1086", "PI", "Ana"]]
FOOTER = '@page { @bottom-right { content: "Página " counter(page) " de " counter(pages); } }'


def tables_pdf(*tables: list[list[str]], css: str = "") -> bytes:
    """The form's title and `tables` (rows of cell texts) as a PDF."""
    body = "".join(
        "<table>"
        + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in t)
        + "</table>"
        for t in tables
    )
    return HTML(
        string=f"<html><head><meta charset='utf-8'><style>{CSS}{css}</style></head>"
        f"<body><p>Formulário - Processo de Retenção</p>{body}</body></html>"
    ).write_pdf()


def test_values_and_labels_wrapped_in_columns_without_borders_are_read_whole():
    content = tables_pdf(
        [
            ["Operadora", "CRO", "UF", "Nome dentista"],
            ["ODONTOLIFE PME", "1086", "PI", "CLÍNICA ODONTOLÓGICA SANTOS E BARROS LTDA"],
        ],
        [
            [
                "Data inclusão",
                "Tipo",
                "Demandado por?",
                "Nº do protocolo",
                "Dt. abertura protocolo",
            ],
            ["30/03/2016", "F", "Operadora", "SAD170662950", "10/04/2025"],
        ],
    )
    # the name, "Demandado por?" and "Dt. abertura protocolo" take several lines each
    assert pdf_blocks(content)[1:] == [
        ["Operadora  CRO  UF  Nome dentista"],
        ["ODONTOLIFE PME  1086  PI  CLÍNICA ODONTOLÓGICA SANTOS E BARROS LTDA"],
        ["Data inclusão  Tipo  Demandado por?  Nº do protocolo  Dt. abertura protocolo"],
        ["30/03/2016  F  Operadora  SAD170662950  10/04/2025"],
    ]
    read = read_form_bytes(content, "f.pdf")
    assert read.data.provider.name == "CLÍNICA ODONTOLÓGICA SANTOS E BARROS LTDA"
    assert read.data.provider.person_type == "F" and read.data.requested_by == "Operadora"
    assert read.data.protocol_number == "SAD170662950"
    assert read.warnings == []


@pytest.mark.parametrize("css", ["", RULED], ids=["without borders", "ruled"])
def test_a_word_broken_at_its_hyphen_by_the_layout_is_joined_again(css):
    note = "Foi enviado e-mail com a tabela."  # the column ends after "Foi enviado e-"
    contact = [["1º contato", "Data", "13/04/2025", "Obs.:", note]]
    content = tables_pdf(PROVIDER, contact, css=css)
    read = read_form_bytes(content, "f.pdf")
    assert [c.notes for c in read.data.contacts] == [note]


def test_a_long_note_without_borders_cut_by_page_breaks_is_one_paragraph():
    typed = " ".join(f"Retorno {i}: prestador ligou e pediu nova proposta." for i in range(60))
    data = CaseData.from_dict({**expected_seed(SEEDS[1]), "general_notes": typed})
    content = pdf_form(data, extra_css="td { border: none; }" + FOOTER)
    read = read_form_bytes(content, "f.pdf")
    assert read.data.general_notes == typed  # cut by a page break, no "Página 2 de 3" in it
    assert read.data.to_dict() == data.to_dict() and read.warnings == []


@pytest.mark.parametrize("css", ["", RULED], ids=["sem bordas", "com bordas"])
@pytest.mark.parametrize("opened", ["10/04/2025", ""], ids=["com data", "data em branco"])
def test_a_protocol_number_cut_where_its_narrow_column_ends_is_read_whole(css, opened):
    # LibreOffice and browsers cut a word wider than its column ("SAD3641454" / "79126");
    # without borders, beside a blank last cell, its column still ends where the next
    # label starts (the end of its second part was lost)
    labels = [
        "Data inclusão",
        "Tipo",
        "Demandado por?",
        "Nº do protocolo",
        "Dt. abertura protocolo",
    ]
    values = ["30/03/2016", "F", "Operadora", "SAD364145479126", opened]
    content = tables_pdf(PROVIDER, [labels, values], css=css + "td { overflow-wrap: anywhere; }")
    page = pdfium.PdfDocument(content)[0].get_textpage().get_text_range()
    assert "SAD364145479126" not in page  # the layout did cut it
    result = read_form_bytes(content, "f.pdf")
    assert result.data.protocol_number == "SAD364145479126"
    assert str(result.data.protocol_opened_on) == ("2025-04-10" if opened else "None")
    assert not [w for w in result.warnings if "fora de qualquer campo" in w]


@pytest.mark.parametrize("css", ["", RULED], ids=["sem bordas", "com bordas"])
@pytest.mark.parametrize("city", ["RONDONÓPOLIS", "VOLTA REDONDA", "SÃO JOÃO DE MERITI"])
def test_a_word_cut_where_its_column_ends_is_one_word_and_wrapped_words_stay_apart(css, city):
    narrow = "td { overflow-wrap: anywhere; } td:nth-child(2) { width: 15%; }"
    place = [
        ["UF", "Cidade", "nº de vidas", "nº CRO(S) únicos divulgados"],
        ["MT", city, "12", "3"],
    ]
    content = tables_pdf(PROVIDER, place, css=css + narrow)
    page = pdfium.PdfDocument(content)[0].get_textpage().get_text_range()
    assert city not in page  # cut or wrapped in its narrow column
    assert read_form_bytes(content, "f.pdf").data.city == city


def test_words_cut_in_a_narrow_last_column_without_borders_are_whole_words():
    # where a last column without borders ends is not drawn: the word list tells a word
    # cut in two ("ODONTOLÓGIC" / "A") from two words ("SÃO" / "JOÃO")
    narrow = "td { overflow-wrap: anywhere; } td:last-child { width: 14%; }"
    name = "CLÍNICA ODONTOLÓGICA SÃO JOÃO LTDA"
    note = "Encaminhado whatsapp sobre o pedido de desligamento."
    provider = [["Operadora", "CRO", "UF", "Nome dentista"], ["ODONTOLIFE", "1086", "PI", name]]
    contact = [["1º contato", "Data", "13/04/2025", "Obs.:", note]]
    content = tables_pdf(provider, contact, css=narrow)
    page = pdfium.PdfDocument(content)[0].get_textpage().get_text_range()
    assert "ODONTOLÓGICA" not in page and "Encaminhado" not in page  # the layout cut them
    read = read_form_bytes(content, "f.pdf")
    assert read.data.provider.name == name
    assert [c.notes for c in read.data.contacts] == [note]


@pytest.mark.parametrize(
    ("values", "started", "finished"),
    [
        (["", "31/07/2024", "68 dia(s)"], None, "2024-07-31"),
        (["31/07/2024", "", "68 dia(s)"], "2024-07-31", None),
    ],
)
def test_a_blank_cell_under_a_label_keeps_the_next_values_under_their_labels(
    values, started, finished
):
    # with "Data início" blank, its neighbour's date moved into it: both are dates
    labels = ["Data início", "Data final", "Tempo finalização"]
    read = read_form_bytes(tables_pdf(PROVIDER, [labels, values]), "f.pdf").data
    dates = read.to_dict()
    assert (dates["started_on"], dates["finished_on"]) == (started, finished)
    assert read.days_to_finish == 68
    assert read.operator == "ODONTOLIFE" and read.provider.name == "Ana"
