"""Downloads through their URLs, per role: who gets what, masked how, and logged."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from audit.models import ExportLog


@pytest.fixture
def case(make_case):
    return make_case(protocol_number="SAD170662950329", general_notes="Ligar (21) 99876-5432.")


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.getvalue() if hasattr(response, "getvalue") else response.content


def csv_rows(response) -> list[dict]:
    text = body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, case):
    for url in (
        reverse("exports:list", args=["xlsx"]),
        reverse("exports:forms_zip"),
        reverse("exports:case_document", args=[case.pk, "pdf"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_analyst_downloads_the_pdf_of_their_case(client, analyst, case):
    client.force_login(analyst)
    response = client.get(reverse("exports:case_document", args=[case.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    # "Imprimir PDF" opens in the browser's viewer, under the form's file name
    assert disposition.startswith("inline") and "SAD170662950329" in disposition
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.case_count) == (analyst, "formulario.pdf", 1)


def test_the_docx_of_a_case_is_a_word_document(client, supervisor, case):
    client.force_login(supervisor)
    response = client.get(reverse("exports:case_document", args=[case.pk, "docx"]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert zipfile.ZipFile(io.BytesIO(response.content)).getinfo("word/document.xml")


def test_another_analyst_cannot_download_the_case(client, other_analyst, case):
    client.force_login(other_analyst)
    response = client.get(reverse("exports:case_document", args=[case.pk, "pdf"]))
    assert response.status_code == 404
    assert not ExportLog.objects.exists()


def test_an_analyst_exports_only_their_own_cases(client, other_analyst, make_case, case):
    make_case(user=other_analyst)
    client.force_login(other_analyst)
    rows = csv_rows(client.get(reverse("exports:list", args=["csv"])))
    assert len(rows) == 1 and rows[0]["Caso"] != str(case.pk)


def test_the_manager_gets_masked_cpfs_and_notes(client, manager, case):
    client.force_login(manager)
    response = client.get(reverse("exports:list", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="casos_' in response["Content-Disposition"]
    row = csv_rows(response)[0]
    assert row["CPF"] == "***.094.747-**"
    assert "99876-5432" not in row["Obs. Geral"]


def test_the_supervisor_sees_whole_cpfs_in_the_spreadsheet(client, supervisor, case):
    from openpyxl import load_workbook

    client.force_login(supervisor)
    response = client.get(reverse("exports:list", args=["xlsx"]))
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][rows[0].index("CPF")] == "073.094.747-59"


def test_the_list_export_follows_the_queues_filters_and_is_logged(client, supervisor, make_case):
    make_case(city="Petrópolis")
    make_case(city="Niterói")
    client.force_login(supervisor)
    response = client.get(reverse("exports:list", args=["json"]), {"city": "niteroi"})
    cases = json.loads(body(response))
    assert [c["city"] for c in cases] == ["Niterói"]
    log = ExportLog.objects.get()
    assert (log.what, log.filters, log.case_count) == ("lista.json", {"city": "niteroi"}, 1)


def test_a_bad_filter_is_refused_with_a_message_naming_it(client, supervisor, case):
    client.force_login(supervisor)
    response = client.get(reverse("exports:list", args=["csv"]), {"uf": "XX"})
    assert response.status_code == 400
    assert "UF" in response.content.decode()


def test_the_forms_zip_holds_one_form_per_filtered_case(client, supervisor, make_case):
    kept = [make_case(city="Niterói"), make_case(city="Niterói")]
    make_case(city="Petrópolis")
    client.force_login(supervisor)
    response = client.get(reverse("exports:forms_zip"), {"formato": "pdf", "city": "Niterói"})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(body(response))).namelist()
    assert names == [f"formulario_caso-{c.pk}.pdf" for c in kept]
    log = ExportLog.objects.get()
    assert (log.what, log.case_count) == ("formularios.pdf.zip", 2)


def test_a_manager_may_export_but_a_user_without_role_may_not(client, django_user_model, case):
    nobody = django_user_model.objects.create_user("semperfil", password="x-123456789")
    client.force_login(nobody)
    assert client.get(reverse("exports:list", args=["csv"])).status_code == 403
    assert client.get(reverse("exports:forms_zip")).status_code == 403


def test_the_log_records_a_list_once_it_has_been_sent_and_not_a_cut_download(
    client, supervisor, make_case
):
    make_case()
    make_case()
    client.force_login(supervisor)
    response = client.get(reverse("exports:list", args=["csv"]))
    assert not ExportLog.objects.exists()  # asked, not yet delivered
    body(response)
    assert ExportLog.objects.get().case_count == 2

    cut = client.get(reverse("exports:list", args=["json"]))
    next(iter(cut.streaming_content))  # the client went away after the first chunk
    assert list(ExportLog.objects.values_list("what", flat=True)) == ["lista.csv"]
