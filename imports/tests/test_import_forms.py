"""Importing old forms from the command line: whole, idempotent, never half-done."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command

from cases.models import Case, EventKind
from conftest import SEEDS, seed_paths
from imports.models import ImportedFile

SEED_001 = SEEDS / "001_2ef8644a227c06e3.txt"


def run(*args):
    out = io.StringIO()
    call_command("import_forms", *map(str, args), stdout=out)
    return out.getvalue()


def report_rows(path):
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "Excel in Brazil needs the BOM"
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_it_imports_a_folder_of_forms_and_reports_each_file(db, tmp_path, analyst):
    report = tmp_path / "r.csv"
    out = run(SEEDS, "--analyst", "analista", "--report", report)
    assert "lidos: 2; criado: 2; atualizado: 0; sem alteração: 0; conflito: 0; falhou: 0" in out
    assert Case.objects.count() == 2
    rows = report_rows(report)
    assert [r["resultado"] for r in rows] == ["Criado", "Criado"]
    patricia = Case.objects.get(cro="26666")
    assert patricia.analyst == analyst and patricia.days_to_finish == 50
    assert not patricia.is_open


def test_the_same_files_again_change_nothing(db, tmp_path):
    run(SEEDS, "--report", tmp_path / "1.csv")
    versions = list(Case.objects.order_by("pk").values_list("version", flat=True))
    out = run(SEEDS, "--report", tmp_path / "2.csv")
    assert "criado: 0; atualizado: 0; sem alteração: 2" in out
    assert list(Case.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_a_changed_form_with_the_same_protocol_and_cro_updates_its_case(db, tmp_path):
    run(SEED_001, "--report", tmp_path / "1.csv")
    changed = tmp_path / "001-corrigido.txt"
    changed.write_text(SEED_001.read_text(encoding="utf-8").replace("352", "400"), "utf-8")
    out = run(changed, "--report", tmp_path / "2.csv")
    assert "atualizado: 1" in out
    case = Case.objects.get()
    assert case.lives == 400
    event = case.events.last()
    assert event.kind == EventKind.IMPORTED and event.note.endswith("001-corrigido.txt")
    assert {"field": "lives", "label": "nº de vidas", "old": 352, "new": 400} in event.changes


def test_a_form_without_dates_is_kept_whole_with_its_problems_as_warnings(db, tmp_path):
    run(SEEDS / "000_d7ce46256d69053b.txt", "--report", tmp_path / "r.csv")
    case = Case.objects.get()
    assert case.status == "desligamento" and case.contacts.count() == 3
    assert "Data início: obrigatório para encerrar o caso." in case.import_warnings


def test_a_zip_with_bad_members_imports_the_rest_and_names_each_failure(db, tmp_path):
    archive = tmp_path / "lote.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(SEED_001, "formularios/001.txt")
        z.writestr("formularios/quebrado.docx", b"isto nao e um docx")
        z.writestr("formularios/planilha.xls", b"x")
    out = run(archive, "--report", tmp_path / "r.csv")
    assert "criado: 1" in out and "falhou: 2" in out
    assert "planilha.xls: tipo de arquivo não suportado (.xls)" in out
    assert "quebrado.docx" in out
    assert Case.objects.count() == 1


def test_a_zip_bomb_is_refused_without_being_unpacked(db, tmp_path):
    archive = tmp_path / "bomba.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("grande.txt", b"0" * (60 * 1024 * 1024))
    out = run(archive, "--report", tmp_path / "r.csv")
    assert "zip bomb" in out
    assert Case.objects.count() == 0


def test_dry_run_reads_everything_and_stores_nothing(db, tmp_path):
    out = run(SEEDS, "--dry-run", "--report", tmp_path / "r.csv")
    assert out.startswith("simulação — lidos: 2; criado: 2")
    assert Case.objects.count() == 0 and ImportedFile.objects.count() == 0


def test_the_original_file_is_kept_with_its_case(db, tmp_path):
    run(SEED_001, "--report", tmp_path / "r.csv")
    source = Case.objects.get().source_files.get()
    with source.original.open("rb") as handle:
        assert handle.read() == SEED_001.read_bytes()


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem)
def test_each_seed_imports_as_its_expected_reading(db, tmp_path, path):
    from cases.conversion import case_to_data
    from conftest import expected_seed

    run(path, "--report", tmp_path / "r.csv")
    assert case_to_data(Case.objects.with_form().get()).to_dict() == expected_seed(path)
