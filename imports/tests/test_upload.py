"""Uploading old forms on the web: preview beside the original text, confirm, follow."""

import zipfile
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case
from conftest import PASSWORD, SEEDS
from imports import views
from imports.models import BatchStatus, ImportBatch

SEED_001 = SEEDS / "001_2ef8644a227c06e3.txt"


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, *files):
    return client.post(reverse("imports:upload"), {"files": list(files)}, follow=True)


def seed_file(name="001.txt"):
    return SimpleUploadedFile(name, SEED_001.read_bytes(), content_type="text/plain")


def test_a_supervisor_previews_each_case_beside_its_original_text(client, supervisor):
    response = upload(login(client, supervisor), seed_file())
    page = response.content.decode()
    assert "PATRICIA SANTOS BARROS" in page and "Nome dentista" in page
    assert "Texto original" in page and "Formulário - Processo de Retenção" in page
    assert "Confirmar importação" in page
    assert Case.objects.count() == 0


def test_confirming_imports_the_batch(client, supervisor):
    upload(login(client, supervisor), seed_file())
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Importação concluída." in response.content.decode()
    assert Case.objects.get().provider_name == "PATRICIA SANTOS BARROS"


def test_the_preview_writes_values_as_the_case_screen_does(client, supervisor):
    page = upload(login(client, supervisor), seed_file()).content.decode()
    assert '<td class="text-pre-wrap">R$ 0,30</td>' in page  # Moeda, not 0.30
    assert "073.094.747-59" in page and "Pessoa física" in page
    assert 'style="' not in page  # the Content-Security-Policy refuses inline styles


def test_the_finished_batch_fills_its_progress_bar_without_inline_styles(client, supervisor):
    upload(login(client, supervisor), seed_file())
    batch = ImportBatch.objects.get()
    page = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True).content.decode()
    assert 'value="1" max="1">1 de 1</progress>' in page
    assert 'style="' not in page


def test_a_large_batch_goes_to_the_background_queue(client, supervisor, monkeypatch):
    monkeypatch.setattr(views, "SYNC_LIMIT", 1)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for path in sorted(SEEDS.glob("*.txt")):
            z.write(path, path.name)
    zipped = SimpleUploadedFile("lote.zip", buffer.getvalue(), content_type="application/zip")
    upload(login(client, supervisor), zipped)
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "2 arquivos na fila de importação." in response.content.decode()
    batch.refresh_from_db()  # the test settings run tasks immediately
    assert batch.status == BatchStatus.DONE and Case.objects.count() == 2


def test_an_unexpected_file_type_is_refused_with_a_message(client, supervisor):
    bad = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    response = upload(login(client, supervisor), bad)
    assert "virus.exe: tipo não aceito" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_an_analyst_may_not_import(client, analyst):
    response = login(client, analyst).get(reverse("imports:upload"))
    assert response.status_code == 403


def test_the_original_is_downloadable_only_by_who_may_see_the_case(
    client, supervisor, other_analyst
):
    upload(login(client, supervisor), seed_file())
    client.post(reverse("imports:confirm", args=[ImportBatch.objects.get().pk]))
    source = Case.objects.get().source_files.get()
    response = client.get(reverse("imports:original", args=[source.pk]))
    assert b"".join(response.streaming_content) == SEED_001.read_bytes()
    login(client, other_analyst)
    assert client.get(reverse("imports:original", args=[source.pk])).status_code == 404
