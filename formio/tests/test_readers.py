"""Reading text and Markdown forms: the seeds exactly, and every variation of them."""

import codecs
import datetime
import re

import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData, schema_errors
from formio.readers import ReadResult, UnreadableForm, read_form, read_form_bytes
from formio.readers.labels import fold, match_label
from formio.tests.forms import markdown_of, text_form

SEEDS = seed_paths()


def read_text(text: str, filename: str = "form.txt", encoding: str = "utf-8") -> ReadResult:
    result = read_form_bytes(text.encode(encoding), filename)
    assert schema_errors(result.data.to_dict()) == []
    return result


def as_markdown(text: str) -> str:
    """A seed as a Markdown export: bold label lines, escaped R$, hard breaks."""
    lines = []
    for line in text.split("\n"):
        match = match_label(line)
        bold = match and not match.rest and line.strip() and not line.startswith("#")
        lines.append(f"**{line.strip()}**" if bold else line)
    return markdown_of("\n".join(lines))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_each_seed_reads_exactly_as_its_expected_json(path):
    result = read_form(path)
    assert result.data.to_dict() == expected_seed(path)
    assert schema_errors(result.data.to_dict()) == []
    assert "Processo de Retenção" in result.text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_a_seed_converted_to_markdown_reads_the_same(path):
    markdown = as_markdown(path.read_text(encoding="utf-8"))
    assert "**" in markdown
    assert read_text(markdown, "form.md").data.to_dict() == expected_seed(path)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig", "utf-16"])
def test_a_seed_in_another_encoding_reads_the_same(path, encoding):
    text = path.read_text(encoding="utf-8")
    if encoding in ("cp1252", "latin-1"):
        text = text.replace("☐", "[ ]").replace("☒", "[x]")  # no box glyphs in 8-bit pages
    content = text.encode(encoding)
    if encoding == "utf-16":
        assert content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert read_form_bytes(content, "form.txt").data.to_dict() == expected_seed(path)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_a_seed_with_windows_line_ends_reads_the_same(path):
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert read_text(text).data.to_dict() == expected_seed(path)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", ["cells", "rows"])
@pytest.mark.parametrize("markdown", [False, True])
def test_a_seed_laid_out_either_way_reads_the_same(path, layout, markdown):
    data = CaseData.from_dict(expected_seed(path))
    text = text_form(data, layout=layout, markdown=markdown)
    assert read_text(text).data.to_dict() == expected_seed(path)


def test_seed_000_uses_the_rows_layout_and_001_the_cells_layout():
    first, second = (p.read_text(encoding="utf-8") for p in SEEDS)
    assert "Colaborador  Data" in first
    assert "\nColaborador\n\nQtd CRO(s)\n" in second


def test_demo_like_cases_read_back_whole_in_both_layouts(demo_cases):
    for i, data in enumerate(demo_cases):
        for layout in ("cells", "rows"):
            text = text_form(data, layout=layout, markdown=bool(i % 2))
            assert read_text(text).data.to_dict() == data.to_dict(), (i, layout)


# -- a vanished cell never shifts the rest ----------------------------------------------

SEED_001 = SEEDS[1]


def seed_001_without(*lines: str) -> str:
    text = SEED_001.read_text(encoding="utf-8")
    for line in lines:
        text = text.replace(f"\n\n{line}\n", "\n", 1)
    return text


def test_a_vanished_cro_leaves_uf_and_name_in_place():
    data = read_text(seed_001_without("26666")).data
    assert (data.provider.cro, data.provider.cro_uf) == (None, "RJ")
    assert data.provider.name == "PATRICIA SANTOS BARROS"


def test_a_vanished_entry_date_and_type_leave_the_protocol_fields_in_place():
    data = read_text(seed_001_without("20/12/2023", "F")).data
    assert data.provider.network_entry_date is None and data.provider.person_type is None
    assert data.requested_by == "Operadora"
    assert data.protocol_number == "SAD170662950329"
    assert data.protocol_opened_on == datetime.date(2024, 1, 30)


def test_a_vanished_requester_does_not_pull_the_protocol_into_it():
    text = SEED_001.read_text(encoding="utf-8").replace("\nF\n\nOperadora\n", "\nF\n")
    data = read_text(text).data
    assert data.requested_by is None and data.operator == "ODONTOLIFE"
    assert data.protocol_number == "SAD170662950329"


def test_a_vanished_cpf_dash_keeps_the_cpf_as_cpf():
    data = read_text(seed_001_without("-")).data
    assert data.provider.cpf == "07309474759" and data.provider.cnpj is None


def test_a_vanished_unit_value_leaves_last_production_in_place():
    data = read_text(seed_001_without("0,30")).data
    assert data.unit_value is None and data.last_production == "sem guias"


def test_a_vanished_final_date_keeps_the_start_and_the_days_written_on_the_form():
    text = SEED_001.read_text(encoding="utf-8").replace("\n\n20/03/2024\n\n50 dia", "\n\n50 dia")
    data = read_text(text).data
    assert data.started_on == datetime.date(2024, 1, 30)
    assert data.finished_on is None
    assert data.days_to_finish == 50


# -- conventions of FORM.md ---------------------------------------------------------------


def test_days_are_computed_from_the_dates_with_a_warning_when_the_form_disagrees():
    text = SEED_001.read_text(encoding="utf-8").replace("50 dia(s)", "45 dia(s)")
    result = read_text(text)
    assert result.data.days_to_finish == 50
    assert any("Tempo finalização" in w and "45" in w for w in result.warnings)


def test_dash_and_empty_money_are_null_and_words_are_kept():
    data = read_text(SEED_001.read_text(encoding="utf-8")).data
    assert data.provider.cnpj is None and data.last_production_value is None
    assert data.last_production == "sem guias"


def test_money_and_thousands_are_read_the_brazilian_way():
    text = (
        SEED_001.read_text(encoding="utf-8")
        .replace("R\\$ -", "R\\$ 1.234,56")
        .replace("\n352\n", "\n1.250\n")
    )
    data = read_text(text).data
    assert str(data.last_production_value) == "1234.56"
    assert data.lives == 1250


def test_the_printed_instruction_is_not_a_justification_but_what_follows_it_is():
    text = SEED_001.read_text(encoding="utf-8").replace(
        '"OUTROS".', '"OUTROS". Ofertada isenção de taxa.\nPrestador aceitou.'
    )
    text = text.replace("☐ Outros", "☒ Outros")
    data = read_text(text).data
    assert data.retention_actions == ["outros"]
    assert data.retention_actions_notes == "Ofertada isenção de taxa.\nPrestador aceitou."


def test_free_text_keeps_its_line_breaks():
    data = read_text(SEEDS[0].read_text(encoding="utf-8")).data
    assert data.contacts[1].notes.count("\n") == 1


def test_typed_x_boxes_and_t_i_without_the_last_dot_count_as_ticks():
    text = SEED_001.read_text(encoding="utf-8")
    text = text.replace("☐ T.I", "[x] T.I").replace("☐ SIM\n\n☐ NÃO", "[ ] SIM\n\n[X] NÃO")
    data = read_text(text).data
    assert data.responsible_sectors == ["ti"]
    assert data.protocol_required is False


def test_the_forms_typos_and_their_corrections_tick_the_same_reasons():
    for spelling in ("Beneficiário Grossoeiro", "Beneficiário Grosseiro", "BENEFICIARIO GROSSEIRO"):
        text = SEED_001.read_text(encoding="utf-8").replace(
            "☐ Beneficiário Grossoeiro", f"☒ {spelling}"
        )
        assert "beneficiario_grosseiro" in read_text(text).data.termination_reasons
    text = SEED_001.read_text(encoding="utf-8").replace("☐ Régras Técnicas", "☒ Regras tecnicas")
    assert "regras_tecnicas" in read_text(text).data.termination_reasons


@pytest.mark.parametrize(
    "spelling", ["NOME DENTISTA:", "nome  dentista", "Nome dentista.", "Nóme dentista"]
)
def test_labels_are_matched_whatever_the_case_accents_spacing_or_punctuation(spelling):
    text = SEED_001.read_text(encoding="utf-8").replace("Nome dentista", spelling)
    assert read_text(text).data.provider.name == "PATRICIA SANTOS BARROS"


def test_a_wrong_check_digit_is_kept_with_a_warning():
    result = read_text(SEED_001.read_text(encoding="utf-8").replace("07309474759", "07309474750"))
    assert result.data.provider.cpf == "07309474750"
    assert any(w.startswith("CPF: dígitos verificadores") for w in result.warnings)


def test_an_impossible_date_is_left_blank_with_a_warning_naming_the_field():
    result = read_text(SEED_001.read_text(encoding="utf-8").replace("20/12/2023", "31/02/2023"))
    assert result.data.provider.network_entry_date is None
    assert any(w.startswith("Data inclusão: data inválida") for w in result.warnings)


def test_text_outside_any_field_is_reported_not_silently_dropped():
    text = SEED_001.read_text(encoding="utf-8").replace(
        "Obs.: Encaminhado whatsapp (24) 22425015 09/02",
        "Nota solta no meio\n\nObs.: Encaminhado whatsapp (24) 22425015 09/02",
    )
    result = read_text(text)
    assert any("Nota solta no meio" in w for w in result.warnings)


def test_signatures_at_the_foot_are_not_taken_as_the_analyst():
    data = read_text(SEED_001.read_text(encoding="utf-8")).data
    assert data.analyst is None
    assert data.signatures == ["Poliana Andrade Silva", "Maykon Dal'Negro"]


def test_a_markdown_table_export_is_read_cell_by_cell():
    rows = (
        "| Operadora | CRO | UF | Nome dentista |\n|---|---|---|---|\n"
        "| ODONTOLIFE | 26666 | RJ | ANA |"
    )
    text = (
        f"# Formulário - Processo de Retenção\n\n{rows}\n\nStatus retenção\n\n- [x] Desligamento\n"
    )
    data = read_text(text, "form.md").data
    assert (data.operator, data.provider.cro, data.provider.name) == ("ODONTOLIFE", "26666", "ANA")
    assert data.status == "desligamento"


# -- what is not a form ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "vazio"),
        (b"Lista de compras\n\narroz\nfeijao\n", "não parece um Formulário"),
        (bytes(range(256)) * 40, "não é um arquivo de texto"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "formato antigo"),
    ],
)
def test_what_is_not_a_form_gives_a_one_line_portuguese_reason(content, reason):
    with pytest.raises(UnreadableForm) as error:
        read_form_bytes(content, "arquivo.txt")
    assert reason in str(error.value)
    assert "\n" not in str(error.value)


def test_a_missing_file_gives_a_reason_not_a_traceback(tmp_path):
    with pytest.raises(UnreadableForm, match="não foi possível abrir"):
        read_form(tmp_path / "nao-existe.txt")


def test_folding_ignores_accents_case_and_punctuation():
    assert fold("Nº CRO(S) Únicos divulgados") == fold("no cros unicos DIVULGADOS")
    assert re.fullmatch(r"[a-z0-9 ]+", fold("Dt. abertura protocolo:"))


def test_the_boxes_are_read_with_the_option_lists_handed_to_the_reader():
    from formio import vocabulary as v

    text = SEEDS[1].read_text(encoding="utf-8").replace("☐ Glosas", "☒ Reajuste Negado")
    paper = read_text(text)
    assert paper.data.termination_reasons == ["prazo_liberacao_de_guias"]
    assert any("'Reajuste Negado'" in warning for warning in paper.warnings)
    reasons = (*v.PRINTED.termination_reasons, v.Option("reajuste_negado", "Reajuste Negado"))
    kept = v.Vocabulary(
        statuses=v.STATUSES,
        retention_actions=v.RETENTION_ACTIONS,
        termination_reasons=reasons,
        responsible_sectors=v.RESPONSIBLE_SECTORS,
    )
    result = read_form_bytes(text.encode(), "form.txt", vocabulary=kept)
    assert result.data.termination_reasons == ["prazo_liberacao_de_guias", "reajuste_negado"]
    assert not any("Reajuste" in warning for warning in result.warnings)
