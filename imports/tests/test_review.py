"""Scanned forms on the web: read by OCR in the background, never saved before a person
reviews them on a screen with the page image, then saved with "revisado por" in the history."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case
from conftest import PASSWORD
from formio.tests.forms import scanned
from formio.tests.test_readers_scan import CITY_VALUE, FORM, two_forms_scanned
from imports.models import ImportedFile, Outcome


@pytest.fixture(scope="module")
def scan_pdf(django_db_blocker) -> bytes:
    from formio.writers.pdf import render_pdf

    with django_db_blocker.unblock():
        pdf = render_pdf(FORM, printed_on=datetime.date(2024, 3, 21))
    (printed,) = scanned.printed_pages(pdf)
    return scanned.image_pdf([scanned.scanned(printed, degrees=2)])


class FormValues(HTMLParser):
    """What a browser would post for the page's review form (its inputs as filled)."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._textarea = self._select = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def posted(page: str, **changes) -> dict:
    parser = FormValues()
    parser.feed(page)
    data: dict[str, list[str]] = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data


def imported_scan(client, user, content: bytes) -> ImportedFile:
    client.login(username=user.username, password=PASSWORD)
    upload = SimpleUploadedFile("digitalizado.pdf", content, content_type="application/pdf")
    response = client.post(reverse("imports:upload"), {"files": [upload]}, follow=True)
    assert "será lido por OCR" in response.content.decode()
    batch = response.context["batch"]
    client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    return ImportedFile.objects.get(batch=batch, form_number=1)


def test_a_scanned_form_waits_for_review_and_is_saved_once_confirmed(client, supervisor, scan_pdf):
    row = imported_scan(client, supervisor, scan_pdf)
    assert row.outcome == Outcome.REVIEW and Case.objects.count() == 0  # nothing saved yet
    batch_page = client.get(reverse("imports:batch", args=[row.batch_id])).content.decode()
    assert (
        "Aguardando revisão: 1" in batch_page
        and reverse("imports:review", args=[row.pk]) in batch_page
    )

    page = client.get(reverse("imports:review", args=[row.pk])).content.decode()
    assert "MARIANA COSTA LIMA" in page and "Revisar formulário digitalizado" in page
    assert 'alt="Página 1 do formulário digitalizado"' in page
    image = client.get(reverse("imports:review_page", args=[row.pk]) + "?pagina=0")
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    odd = client.get(reverse("imports:review_page", args=[row.pk]) + "?pagina=²")
    assert odd.content.startswith(b"\x89PNG")  # "²" is no page number: the first page

    answer = client.post(
        reverse("imports:review", args=[row.pk]), posted(page, city="CAMPINAS"), follow=True
    )
    case = Case.objects.get()
    assert answer.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert case.provider_name == "MARIANA COSTA LIMA" and case.cro == "48213"
    assert case.started_on == datetime.date(2024, 2, 1) and case.city == "CAMPINAS"
    note = case.events.get().note
    assert "digitalizado.pdf" in note and "revisado por" in note and supervisor.username in note
    row.refresh_from_db()
    assert row.outcome == Outcome.CREATED and row.reviewed_by == supervisor and row.original
    assert "revisado por" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_uncertain_fields_are_marked_and_the_cursor_starts_on_the_first(
    client, supervisor, scan_pdf
):
    stained = scanned.smudged(_printed(), box=CITY_VALUE)
    stained_pdf = scanned.image_pdf([scanned.scanned(stained)])
    row = imported_scan(client, supervisor, stained_pdf)
    assert "city" in row.reading["uncertain"]
    page = client.get(reverse("imports:review", args=[row.pk])).content.decode()
    assert 'id="conferir-city"' in page and 'aria-describedby="conferir-city"' in page
    assert page.count("autofocus") == 1


def _printed():
    from formio.writers.pdf import render_pdf

    (printed,) = scanned.printed_pages(render_pdf(FORM, printed_on=datetime.date(2024, 3, 21)))
    return printed


def test_a_wrong_correction_is_refused_naming_the_field(client, supervisor, scan_pdf):
    row = imported_scan(client, supervisor, scan_pdf)
    page = client.get(reverse("imports:review", args=[row.pk])).content.decode()
    answer = client.post(
        reverse("imports:review", args=[row.pk]), posted(page, **{"started_on": "31/02/2024"})
    )
    assert answer.status_code == 200 and "Data início" in answer.content.decode()
    assert Case.objects.count() == 0


def test_the_same_review_cannot_save_twice(client, supervisor, scan_pdf):
    row = imported_scan(client, supervisor, scan_pdf)
    page = client.get(reverse("imports:review", args=[row.pk])).content.decode()
    first = client.post(reverse("imports:review", args=[row.pk]), posted(page))
    assert first.status_code == 302, first.context["form"].errors
    again = client.post(reverse("imports:review", args=[row.pk]), posted(page), follow=True)
    assert "já foi revisado" in again.content.decode() and Case.objects.count() == 1


def test_only_who_may_import_reviews(client, analyst, manager, supervisor, scan_pdf):
    row = imported_scan(client, supervisor, scan_pdf)
    for user in (analyst, manager):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(reverse("imports:review", args=[row.pk])).status_code == 403
        assert client.get(reverse("imports:review_page", args=[row.pk])).status_code == 403


def test_scans_uploaded_together_show_their_progress_then_wait_for_review(
    client, supervisor, scan_pdf, settings
):
    client.login(username=supervisor.username, password=PASSWORD)
    uploads = [
        SimpleUploadedFile(f"digitalizado-{n}.pdf", scan_pdf + b"\n" * n, "application/pdf")
        for n in range(3)
    ]
    page = client.post(reverse("imports:upload"), {"files": uploads}, follow=True)
    assert page.content.decode().count("será lido por OCR") == 3  # the preview read nothing
    assert set(ImportedFile.objects.values_list("outcome", flat=True)) == {Outcome.PENDING}
    batch = page.context["batch"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    queued = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "3 arquivos na fila de importação." in queued.content.decode()
    assert "Na fila: 0 de 3 arquivo(s)." in queued.content.decode()  # no OCR in the request
    from imports.tasks import import_batch

    import_batch.call(batch.pk)  # what the db_worker runs: real OCR
    progress = client.get(reverse("imports:batch", args=[batch.pk]), headers={"HX-Request": "1"})
    assert "Concluída: 3 de 3 arquivo(s)." in progress.content.decode()
    assert "Aguardando revisão: 3" in progress.content.decode()
    assert ImportedFile.objects.filter(batch=batch, outcome=Outcome.REVIEW).count() == 3


def test_each_form_of_a_scanned_box_waits_for_its_own_review_beside_its_own_page(
    client, supervisor
):
    first = imported_scan(client, supervisor, two_forms_scanned())
    second = ImportedFile.objects.get(first_form=first)
    assert {first.outcome, second.outcome} == {Outcome.REVIEW} and Case.objects.count() == 0
    page = client.get(reverse("imports:review", args=[second.pk])).content.decode()
    assert "JOSE CARLOS PEREIRA" in page and "MARIANA COSTA LIMA" not in page
    assert "?pagina=1" in page and "?pagina=0" not in page  # the second page, its own
    for row in (first, second):
        page = client.get(reverse("imports:review", args=[row.pk])).content.decode()
        client.post(reverse("imports:review", args=[row.pk]), posted(page), follow=True)
    assert sorted(Case.objects.values_list("provider_name", flat=True)) == [
        "JOSE CARLOS PEREIRA",
        "MARIANA COSTA LIMA",
    ]
