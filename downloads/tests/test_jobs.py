"""Big exports as background jobs: asked, made, shown, downloaded only by who asked, forgotten."""

import csv
import datetime
import io
import zipfile
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import ExportLog
from cases import exports
from downloads.models import ExportJob, JobStatus
from downloads.services import job_run, purge_expired


@pytest.fixture
def small_limits(monkeypatch):
    """Two cases are "big": a background job, as thousands would be."""
    for what, export in list(exports.EXPORTS.items()):
        monkeypatch.setitem(exports.EXPORTS, what, replace(export, inline_limit=1))


@pytest.fixture
def three_cases(make_case):
    return [make_case(city=city) for city in ("Niterói", "Niterói", "Petrópolis")]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_big_list_goes_to_the_job_page_and_downloads_whole_once_ready(
    client, supervisor, three_cases, small_limits
):
    client.force_login(supervisor)
    response = client.get(reverse("exports:list", args=["csv"]), {"city": "Niterói"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("downloads:job", args=[job.pk])
    assert (job.user, job.what, job.filters) == (supervisor, "lista.csv", {"city": "Niterói"})
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    assert job.finished_at is not None
    assert not ExportLog.objects.exists()  # asked is not delivered

    page = client.get(response["Location"]).content.decode()
    assert "Pronto: 2 caso(s)." in page
    assert reverse("downloads:file", args=[job.pk]) in page

    download = client.get(reverse("downloads:file", args=[job.pk]))
    assert not ExportLog.objects.exists()  # nothing sent yet
    rows = list(csv.DictReader(io.StringIO(body(download).decode("utf-8-sig")), delimiter=";"))
    assert [row["Caso"] for row in rows] == [str(c.pk) for c in three_cases[:2]]
    assert 'filename="casos_' in download["Content-Disposition"]
    log = ExportLog.objects.get()
    assert (log.user, log.what, log.filters, log.case_count) == (
        supervisor,
        "lista.csv",
        {"city": "Niterói"},
        2,
    )


def test_a_big_spreadsheet_is_a_real_workbook(client, supervisor, three_cases, small_limits):
    client.force_login(supervisor)
    client.get(reverse("exports:list", args=["xlsx"]))
    job = ExportJob.objects.get()
    download = client.get(reverse("downloads:file", args=[job.pk]))
    assert download["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(body(download))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        c.pk for c in three_cases
    ]


def test_the_zip_of_many_forms_is_a_job_too(client, supervisor, three_cases, small_limits):
    client.force_login(supervisor)
    response = client.get(reverse("exports:forms_zip"), {"formato": "docx", "city": "Niterói"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("downloads:job", args=[job.pk])
    download = client.get(reverse("downloads:file", args=[job.pk]))
    names = zipfile.ZipFile(io.BytesIO(body(download))).namelist()
    assert names == [f"formulario_caso-{c.pk}.docx" for c in three_cases[:2]]
    assert 'filename="formularios_docx_' in download["Content-Disposition"]
    assert ExportLog.objects.get().what == "formularios.docx.zip"


def test_a_small_export_stays_in_the_request(client, supervisor, three_cases):
    client.force_login(supervisor)
    response = client.get(reverse("exports:list", args=["csv"]))
    assert response.status_code == 200
    assert not ExportJob.objects.exists()
    assert body(response).decode("utf-8-sig").count("\r\n") == 4  # header + 3 cases


def test_nobody_else_sees_or_downloads_the_job(
    client, supervisor, manager, three_cases, small_limits
):
    client.force_login(supervisor)
    client.get(reverse("exports:list", args=["json"]))
    job = ExportJob.objects.get()
    client.force_login(manager)
    assert client.get(reverse("downloads:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("downloads:file", args=[job.pk])).status_code == 404
    assert "Lista de casos (JSON)" not in client.get(reverse("downloads:jobs")).content.decode()
    assert not ExportLog.objects.exists()


def test_the_page_shows_progress_and_polls_until_done(client, supervisor):
    job = ExportJob.objects.create(
        user=supervisor,
        what="lista.xlsx",
        status=JobStatus.RUNNING,
        done=500,
        total=1200,
        heartbeat_at=timezone.now(),
        filename="casos.xlsx",
    )
    client.force_login(supervisor)
    page = client.get(reverse("downloads:job", args=[job.pk])).content.decode()
    assert "Gerando o arquivo: 500 de 1.200 casos." in page
    assert '<progress class="w-100" max="1200" value="500"' in page
    assert f'hx-get="{reverse("downloads:job", args=[job.pk])}"' in page
    assert "style=" not in page  # the CSP refuses inline styles
    fragment = client.get(reverse("downloads:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="export-status"')
    assert client.get(reverse("downloads:file", args=[job.pk])).status_code == 404  # not ready


def test_a_job_whose_worker_died_says_so_and_stops_polling(client, supervisor):
    job = ExportJob.objects.create(
        user=supervisor,
        what="lista.csv",
        status=JobStatus.RUNNING,
        done=500,
        total=9000,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=30),
        filename="casos.csv",
    )
    client.force_login(supervisor)
    page = client.get(reverse("downloads:job", args=[job.pk])).content.decode()
    assert "O processo que gerava o arquivo parou antes de terminar" in page
    assert "hx-get" not in page


def test_a_failed_job_says_why_in_portuguese(client, supervisor):
    job = ExportJob.objects.create(
        user=supervisor, what="lista.csv", filters={"uf": "XX"}, total=3, filename="casos.csv"
    )
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Filtro inválido: UF:")
    client.force_login(supervisor)
    page = client.get(reverse("downloads:job", args=[job.pk])).content.decode()
    assert "A exportação falhou: Filtro inválido: UF:" in page
    assert "hx-get" not in page


def test_a_user_who_lost_the_export_permission_gets_no_file(supervisor, django_user_model):
    nobody = django_user_model.objects.create_user("semperfil", password="x-123456789")
    job = ExportJob.objects.create(user=nobody, what="lista.csv", total=3, filename="casos.csv")
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == (
        JobStatus.FAILED,
        "Seu usuário não tem mais permissão para exportar casos.",
        "",
    )


def test_a_job_is_made_once_even_if_a_second_worker_takes_it(supervisor, three_cases):
    job = ExportJob.objects.create(user=supervisor, what="lista.csv", total=3, filename="c.csv")
    job_run(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.file.name, job.done) == (JobStatus.DONE, first_file, 3)


def test_old_jobs_are_deleted_with_their_files(supervisor, three_cases):
    old = ExportJob.objects.create(user=supervisor, what="lista.csv", total=3, filename="c.csv")
    job_run(old.pk)
    old.refresh_from_db()
    path = old.file.path
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    recent = ExportJob.objects.create(user=supervisor, what="lista.csv", total=3, filename="c.csv")
    assert purge_expired() == 1
    assert list(ExportJob.objects.all()) == [recent]
    with pytest.raises(FileNotFoundError):
        open(path)
