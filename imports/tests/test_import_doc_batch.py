"""Word 97 files imported many at a time: one LibreOffice run converts a chunk's .doc, RTF
and .odt files (starting LibreOffice is most of a conversion), and a file that run cannot
give is converted alone, so that it fails alone with its own message."""

import datetime
import io

import pytest
from django.core.management import call_command

from cases.demo import DemoGenerator
from cases.models import Case
from formio.readers import converted_ahead, read_form_bytes
from formio.tests.forms import docx_form
from formio.tests.forms.office import libreoffice

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def word97_forms():
    """Four demo cases as Word 97 .doc files (by way of .odt, see forms.office.word97)."""
    cases = [c.data for c in DemoGenerator(11, today=datetime.date(2025, 6, 1)).cases(4)]
    docx = {f"{n}.docx": docx_form(data, boxes="legacy") for n, data in enumerate(cases)}
    odt = libreoffice(docx, "odt")
    doc = libreoffice({f"{n}.odt": odt[f"{n}.docx"] for n in range(4)}, "doc")
    return {f"processo {n}.doc": doc[f"{n}.odt"] for n in range(4)}, cases


def test_the_docs_of_a_batch_are_converted_in_one_run_and_read_like_alone(word97_forms):
    forms, _ = word97_forms
    items = [(content, name) for name, content in forms.items()] + [(b"texto", "nota.txt")]
    ahead = converted_ahead(items)
    assert [document is not None for document in ahead] == [True] * 4 + [False]
    for (content, name), document in zip(items[:4], ahead, strict=False):
        together = read_form_bytes(content, name, converted=document)
        assert together.data == read_form_bytes(content, name).data


def test_a_damaged_doc_among_good_ones_fails_alone_with_its_reason(word97_forms, tmp_path):
    forms, cases = word97_forms
    for name, content in forms.items():
        (tmp_path / name).write_bytes(content)
    good = forms["processo 0.doc"]
    (tmp_path / "estragado.doc").write_bytes(good[:1024] + b"\0" * (len(good) - 1024))
    out = io.StringIO()
    call_command("import_forms", str(tmp_path), "--report", str(tmp_path / "r.csv"), stdout=out)
    text = out.getvalue()
    assert "criado: 4;" in text, text
    failure = next(line for line in text.splitlines() if "falhou: " in line and ".doc" in line)
    assert "estragado.doc: o arquivo .doc (Word 97-2003) está corrompido" in failure
    for data in cases:
        case = Case.objects.get(cro=data.provider.cro, protocol_number=data.protocol_number or "")
        assert case.provider_name == data.provider.name
        assert case.general_notes == data.general_notes
        assert [c.notes for c in case.contacts.order_by("position")] == [
            c.notes for c in data.contacts
        ]
