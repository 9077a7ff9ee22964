"""List exports: XLSX with real types, CSV for Excel in Brazil, JSON in the interchange format."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cases import exports, services
from cases.conversion import case_to_data
from cases.demo import DemoGenerator, demo_options_ensure
from cases.models import Case
from formio.casedata import CaseData, ContactData, schema_errors


@pytest.fixture
def case(make_case):
    return make_case(
        form_date=datetime.date(2024, 3, 20),
        lives=1250,
        unit_value=Decimal("0.30"),
        last_production_value=Decimal("1234.56"),
        finished_on=datetime.date(2024, 3, 20),
        status="desligamento",
        termination_reasons=["glosas", "prazo_liberacao_de_guias"],
        retention_actions=["suporte"],
        general_notes="Ligar no (21) 99876-5432, CPF 073.094.747-59.",
        contacts=[ContactData(datetime.date(2024, 2, 9), "Whatsapp (24) 2242-5015.")],
    )


def xlsx_rows(queryset, personal=True):
    out = io.BytesIO()
    exports.write_xlsx(queryset, out, personal=personal)
    out.seek(0)
    sheet = load_workbook(out).active
    return sheet, [[cell for cell in row] for row in sheet.iter_rows()]


def test_the_xlsx_has_one_column_per_field_labelled_as_on_the_form(case):
    sheet, rows = xlsx_rows(Case.objects.all())
    headers = [cell.value for cell in rows[0]]
    for label in ("Colaborador", "CPF", "Nº do protocolo", "Motivo desligamento", "Obs. Geral"):
        assert label in headers
    assert len(rows) == 2
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{rows[0][-1].column_letter}2"


def test_the_xlsx_holds_real_dates_and_numbers_in_brazilian_formats(case):
    _, rows = xlsx_rows(Case.objects.all())
    cell = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
    assert cell["Data início"].value.date() == datetime.date(2024, 1, 30)  # a real date
    assert cell["Data início"].number_format == "dd/mm/yyyy"
    assert cell["nº de vidas"].value == 1250
    assert cell["Valor última prod."].value == pytest.approx(1234.56)
    assert cell["Valor última prod."].number_format == '"R$" #,##0.00'
    assert cell["Moeda"].value == pytest.approx(0.30)
    assert cell["Tempo finalização"].value == 50
    assert cell["Motivo desligamento"].value == "Glosas; Prazo Liberação de Guias"
    assert cell["Ação Retenção"].value == "Ofertado Suporte"
    assert cell["Status retenção"].value == "Desligamento"


def test_lists_mask_personal_data_typed_in_notes_for_everyone(case):
    _, rows = xlsx_rows(Case.objects.all(), personal=True)
    cell = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
    assert "99876-5432" not in cell["Obs. Geral"].value
    assert "073.094.747-59" not in cell["Obs. Geral"].value
    assert "2242-5015" not in cell["Contatos"].value
    assert cell["CPF"].value == "073.094.747-59"  # the provider's own, for who may see it


def test_the_cpf_is_masked_for_who_may_not_see_personal_data(case):
    _, rows = xlsx_rows(Case.objects.all(), personal=False)
    cell = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
    assert cell["CPF"].value == "***.094.747-**"


def test_lists_show_each_case_as_its_form_reads(db, analyst, seed_001):
    services.case_open(user=analyst, data=seed_001)  # several reasons, five contacts
    services.case_open(user=analyst, data=CaseData(analyst="Fulano que saiu", days_to_finish=12))
    demo_options_ensure()
    for demo in DemoGenerator(5).cases(12):
        services.case_open(user=analyst, data=demo.data, analyst=analyst)
    listed = dict(exports.case_rows(Case.objects.all()))
    assert listed == {case.pk: case_to_data(case) for case in Case.objects.with_form()}


def test_the_xlsx_drops_control_characters_pasted_from_word(make_case):
    make_case(general_notes="Ligou\x0b e desligou\x07.")
    _, rows = xlsx_rows(Case.objects.all())
    cell = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
    assert cell["Obs. Geral"].value == "Ligou e desligou."


def test_a_note_that_starts_with_an_equals_sign_stays_text_in_the_xlsx(make_case):
    make_case(general_notes="=> ligar de novo em março")
    _, rows = xlsx_rows(Case.objects.all())
    cell = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
    assert (cell["Obs. Geral"].value, cell["Obs. Geral"].data_type) == (
        "'=> ligar de novo em março",
        "s",
    )


def test_the_csv_opens_in_excel_with_semicolons_and_a_bom(case):
    text = "".join(exports.csv_chunks(Case.objects.all(), personal=False))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["Data início"] == "30/01/2024"
    assert row["Valor última prod."] == "1234,56"
    assert row["Moeda"] == "0,30"
    assert row["CPF"] == "***.094.747-**"
    assert "99876-5432" not in row["Obs. Geral"]


def test_the_json_is_the_interchange_format_and_valid(case, make_case):
    make_case()
    cases = json.loads("".join(exports.json_chunks(Case.objects.all(), personal=True)))
    assert len(cases) == 2
    assert all(schema_errors(item) == [] for item in cases)
    assert cases[0]["provider"]["cpf"] == "07309474759"
    assert "99876-5432" not in cases[0]["general_notes"]


def test_the_json_leaves_the_cpf_out_for_who_may_not_see_it(case):
    cases = json.loads("".join(exports.json_chunks(Case.objects.all(), personal=False)))
    assert cases[0]["provider"]["cpf"] is None
    assert schema_errors(cases[0]) == []


def test_the_forms_zip_holds_one_named_document_per_case(make_case):
    first = make_case(protocol_number="SAD170662950329")
    second = make_case()
    content = b"".join(
        exports.forms_zip_chunks(exports.form_cases(Case.objects.all()), "docx", personal=True)
    )
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.namelist() == [
        f"formulario_SAD170662950329_caso-{first.pk}.docx",
        f"formulario_caso-{second.pk}.docx",
    ]
    assert archive.testzip() is None
    assert archive.read(archive.namelist()[0]).startswith(b"PK")


def test_lists_name_options_as_the_administrators_keep_them(case):
    from cases.models import TerminationReason

    glosas = TerminationReason.objects.get(code="glosas")
    glosas.label, glosas.active = "Glosas indevidas", False
    glosas.save()
    text = "".join(exports.csv_chunks(Case.objects.all(), personal=True))
    row = next(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert row["Motivo desligamento"] == "Glosas indevidas; Prazo Liberação de Guias"
