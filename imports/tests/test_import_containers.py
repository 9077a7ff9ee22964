"""An archive as it really is: Word 97, LibreOffice, RTF, web pages and old-encoding text
in one .zip, imported from the command line and uploaded on the web."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from cases.demo import DemoGenerator
from cases.models import Case
from conftest import PASSWORD
from formio.tests.forms import docx_form, text_form
from formio.tests.forms.html import word_html_form
from formio.tests.forms.office import libreoffice, word97, word_rtf_form


@pytest.fixture(scope="module")
def archive_forms():
    """Five different cases, each in another container, and the cases they hold."""
    cases = [c.data for c in DemoGenerator(7, today=datetime.date(2025, 6, 1)).cases(5)]
    word = {f"{i}.docx": docx_form(cases[i], boxes="legacy") for i in (0, 1)}
    doc = word97(word["0.docx"])
    odt = libreoffice({"1.docx": word["1.docx"]}, "odt")["1.docx"]
    plain = text_form(cases[4]).replace("☐", "[ ]").replace("☒", "[X]").replace("\n", "\r\n")
    forms = {
        "antigos/processo 2009.doc": doc,
        "antigos/libreoffice.odt": odt,
        "antigos/exportado.rtf": word_rtf_form(cases[2]),
        "antigos/pagina.htm": word_html_form(cases[3]),
        "antigos/windows.txt": plain.encode("cp1252"),
    }
    return forms, cases


def zipped(forms: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in forms.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_of_every_container_imports_each_form_as_its_case(db, tmp_path, archive_forms):
    forms, cases = archive_forms
    path = tmp_path / "arquivo.zip"
    path.write_bytes(zipped(forms))
    out = io.StringIO()
    call_command("import_forms", str(path), "--report", str(tmp_path / "r.csv"), stdout=out)
    assert "lidos: 5; criado: 5;" in out.getvalue() and "falhou: 0" in out.getvalue()
    for data in cases:
        case = Case.objects.get(cro=data.provider.cro, protocol_number=data.protocol_number or "")
        assert case.provider_name == data.provider.name
        assert case.status == (data.status or "")
        assert case.general_notes == data.general_notes


def test_a_word_97_form_uploaded_on_the_web_is_previewed_with_its_values(
    client, supervisor, archive_forms
):
    forms, cases = archive_forms
    client.login(username=supervisor.username, password=PASSWORD)
    upload = SimpleUploadedFile("processo 2009.doc", forms["antigos/processo 2009.doc"])
    response = client.post(reverse("imports:upload"), {"files": [upload]}, follow=True)
    page = response.content.decode()
    assert "tipo não aceito" not in page
    assert cases[0].provider.name in page and "Confirmar importação" in page
