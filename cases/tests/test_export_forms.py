"""manage.py export_forms: one file per case, named with its protocol and id."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from audit.models import ExportLog


def test_it_writes_one_pdf_per_case_named_with_the_protocol(make_case, tmp_path):
    first = make_case(protocol_number="SAD170662950329")
    second = make_case()
    out = io.StringIO()
    call_command("export_forms", "--format", "pdf", "--out", str(tmp_path / "pdfs"), stdout=out)
    files = sorted(p.name for p in (tmp_path / "pdfs").iterdir())
    assert files == sorted(
        [f"formulario_SAD170662950329_caso-{first.pk}.pdf", f"formulario_caso-{second.pk}.pdf"]
    )
    assert all(p.read_bytes().startswith(b"%PDF") for p in (tmp_path / "pdfs").iterdir())
    assert "2 formulário(s) PDF" in out.getvalue()
    assert ExportLog.objects.get().case_count == 2


def test_it_takes_the_lists_filters(make_case, tmp_path):
    make_case(city="Niterói")
    kept = make_case(city="Petrópolis")
    call_command("export_forms", "--format", "docx", "--out", str(tmp_path), "--city", "petropolis")
    [written] = list(tmp_path.iterdir())
    assert written.name == f"formulario_caso-{kept.pk}.docx"
    text = "\n".join(c.text for row in Document(written).tables[0].rows for c in row.cells)
    assert "Petrópolis" in text


def test_a_bad_filter_stops_it_with_a_message_naming_the_filter(db, tmp_path):
    with pytest.raises(CommandError, match="UF"):
        call_command("export_forms", "--out", str(tmp_path), "--uf", "XX")
