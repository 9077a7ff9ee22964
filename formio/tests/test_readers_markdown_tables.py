"""Markdown that pandoc or markitdown writes from a Word form: grid, multiline, simple, pipe
and raw HTML tables are read as cells; their rules (`-----`, `+----+`) are never values."""

import datetime
import io
import subprocess
from functools import cache

import pytest
from markitdown import MarkItDown, StreamInfo

from cases.demo import DemoGenerator
from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.readers.values import cut_word
from formio.tests.forms import docx_form

SEEDS = seed_paths()
TARGETS = ["markdown", "gfm", "commonmark", "markdown_strict", "markdown_mmd", "markdown-raw_html"]


@cache
def forms() -> list[CaseData]:
    demo = DemoGenerator(3, today=datetime.date(2025, 6, 1)).cases(4)
    return [CaseData.from_dict(expected_seed(p)) for p in SEEDS] + [c.data for c in demo]


def pandoc(data: CaseData, to: str) -> bytes:
    word = docx_form(data, boxes="sdt")
    return subprocess.run(
        ["pandoc", "-f", "docx", "-t", to], input=word, capture_output=True, check=True
    ).stdout


def markitdown(data: CaseData, boxes: str) -> bytes:
    word = io.BytesIO(docx_form(data, boxes=boxes))
    converted = MarkItDown().convert_stream(word, stream_info=StreamInfo(extension=".docx"))
    return converted.text_content.encode()


def _on_one_line(value):
    """`value` (a CaseData dict) with every line break of its texts a space."""
    if isinstance(value, dict):
        return {k: _on_one_line(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_on_one_line(v) for v in value]
    return value.replace("\n", " ") if isinstance(value, str) else value


@pytest.mark.parametrize("boxes", ["sdt", "glyph"])
def test_every_markdown_markitdown_writes_from_a_word_form_reads_whole(boxes):
    # markitdown writes pipe tables, one line a row: a line break in a cell becomes a space
    for i, data in enumerate(forms()):
        markdown = markitdown(data, boxes)
        assert markdown.startswith(b"| ") or b"\n| " in markdown, i  # pipe tables
        result = read_form_bytes(markdown, "formulario.md")
        assert result.data.to_dict() == _on_one_line(data.to_dict()), (boxes, i)
        assert result.warnings == [], (boxes, i)


@pytest.mark.parametrize("to", TARGETS)
def test_every_markdown_pandoc_writes_from_a_word_form_reads_whole(to):
    for i, data in enumerate(forms()):
        result = read_form_bytes(pandoc(data, to), "formulario.md")
        assert result.data.to_dict() == data.to_dict(), (to, i)
        assert result.warnings == [], (to, i)


def test_pandoc_markdown_really_holds_the_table_shapes_and_no_dash_is_a_value():
    markdown = pandoc(forms()[1], "markdown").decode()
    assert "+-----" in markdown and "\n  -----" in markdown  # grid and multiline tables
    data = read_form_bytes(markdown.encode(), "f.md").data
    assert (data.operator, data.city, data.requested_by) == (
        "ODONTOLIFE",
        "PETROPOLIS",
        "Operadora",
    )
    assert "---" not in data.general_notes + "".join(c.notes for c in data.contacts)


def test_a_simple_table_with_an_empty_cell_keeps_each_value_in_its_column():
    text = (
        "Formulário - Processo de Retenção\n\n"
        "  Colaborador   Qtd CRO(s)   Data\n"
        "  ------------- ------------ ------------\n"
        "                1            20/03/2024\n\n"
        "  Operadora     CRO          UF      Nome dentista\n"
        "  ------------- ------------ ------- ---------------\n"
        "  ODONTOLIFE    26666        RJ      ANA LIMA\n\n"
        "Status retenção\n\n☒ Desligamento\n"
    )
    data = read_form_bytes(text.encode(), "f.md").data
    assert data.analyst is None and data.cro_count == 1
    assert data.form_date == datetime.date(2024, 3, 20)
    assert (data.operator, data.provider.cro, data.provider.name) == (
        "ODONTOLIFE",
        "26666",
        "ANA LIMA",
    )


def test_a_horizontal_rule_in_plain_markdown_is_not_taken_for_a_table():
    text = SEEDS[1].read_text(encoding="utf-8").replace("Obs. Geral", "-----\n\nObs. Geral", 1)
    result = read_form_bytes(text.encode(), "f.md")
    assert result.data.to_dict() == expected_seed(SEEDS[1])


def test_pipe_rows_typed_without_a_rule_keep_a_blank_cell_in_its_column():
    text = (
        "Formulário - Processo de Retenção\n\n"
        "| Colaborador | Qtd CRO(s) | Data |\n"
        "| MARIA SOUZA |  | 20/03/2024 |\n\n"
        "| Operadora | CRO | UF | Nome dentista |\n"
        "|  | 26666 | RJ | ANA LIMA |\n\n"
        "| Data início | Data final | Última produç. |\n"
        "|  | 10/04/2024 | 03/2024 |\n\n"
        "Status retenção\n\n☒ Desligamento\n"
    )
    data = read_form_bytes(text.encode(), "f.md").data
    assert (data.analyst, data.cro_count, data.form_date) == (
        "MARIA SOUZA",
        None,
        datetime.date(2024, 3, 20),
    )
    assert (data.operator, data.provider.cro, data.provider.cro_uf) == (None, "26666", "RJ")
    assert (data.started_on, data.finished_on) == (None, datetime.date(2024, 4, 10))
    assert data.last_production == "03/2024"


def test_a_protocol_number_pandoc_cut_to_a_grid_column_reads_whole():
    # only grid tables: pandoc cuts a word longer than its column ("SAD3" / "64145479126")
    grid = "markdown-simple_tables-multiline_tables-pipe_tables"
    for data in forms()[2:]:
        markdown = pandoc(data, grid).decode()
        head = data.protocol_number[:4]
        assert f"| {head} " in markdown and data.protocol_number not in markdown  # it was cut
        result = read_form_bytes(markdown.encode(), "formulario.md")
        assert result.data.protocol_number == data.protocol_number
        assert not [w for w in result.warnings if head in w]


def test_a_value_cut_across_lines_of_a_grid_cell_joins_only_as_a_value():
    text = (
        "Formulário - Processo de Retenção\n\n"
        "+-------------+-------------+-------------+\n"
        "| Nº do       | CPF         | Cidade      |\n"
        "| protocolo   |             |             |\n"
        "+=============+=============+=============+\n"
        "| SAD3        | 073.094.747 | SÃO         |\n"
        "| 64145479126 | -59         | GONÇALO     |\n"
        "+-------------+-------------+-------------+\n\n"
        "Status retenção\n\n☒ Desligamento\n"
    )
    data = read_form_bytes(text.encode(), "f.md").data
    assert data.protocol_number == "SAD364145479126"
    assert data.provider.cpf == "07309474759"
    assert data.city == "SÃO GONÇALO"  # two words stay two words


def test_every_form_pandoc_writes_as_grid_tables_reads_whole():
    # grid tables only: pandoc cuts any word longer than its column, notes' words too
    grid = "markdown-simple_tables-multiline_tables-pipe_tables"
    for i, data in enumerate(forms()):
        result = read_form_bytes(pandoc(data, grid), "formulario.md")
        assert result.data.to_dict() == data.to_dict(), i
        assert result.warnings == [], i


def test_a_word_cut_across_lines_of_a_grid_cell_is_one_word_and_names_stay_apart():
    text = (
        "Formulário - Processo de Retenção\n\n"
        "+-------------+-------------+-------------+-------------+-------------+\n"
        "| 1º contato  | Data        | 13/04/2025  | Obs.:       | Pedido de   |\n"
        "|             |             |             |             | de          |\n"
        "|             |             |             |             | sligamento. |\n"
        "|             |             |             |             | Falei com a |\n"
        "|             |             |             |             | Dra. Ana de |\n"
        "|             |             |             |             | Souza       |\n"
        "+-------------+-------------+-------------+-------------+-------------+\n\n"
        "Status retenção\n\n☒ Desligamento\n"
    )
    data = read_form_bytes(text.encode(), "f.md").data
    assert [c.notes for c in data.contacts] == [
        "Pedido de desligamento. Falei com a Dra. Ana de Souza"
    ]


@pytest.mark.parametrize(
    ("line", "next_line", "one_word"),
    [
        ("de", "sligamento.", True),  # pandoc's cut: "sligamento" is no word
        ("ODONTOLÓGIC", "A ALVES LTDA", True),  # LibreOffice's cut, upper case
        ("cre", "denciamento", True),  # the operator's own words are in the list
        ("SAD170", "111831950.", True),  # a protocol number cut inside a note
        ("motivo do pedido de desligamento", ".", True),  # no line starts with a stop
        ("de", "liberações.", False),  # "deliberações" is a word, but so is each piece
        ("SÃO", "JOÃO DE MERITI", False),
        ("de", "Souza", False),
        ("pedido de", "sligamento", False),  # a cut word starts a line of its own
        ("Dra", "12", False),
        ("a", "", False),
    ],
)
def test_a_word_cut_in_two_is_told_from_two_words(line, next_line, one_word):
    assert cut_word(line, next_line) is one_word
