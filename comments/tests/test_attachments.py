"""Files attached to a case: type by content, size limit, storage under MEDIA_ROOT,
downloads only for who may see the case (and its personal data), each one logged."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import ExportLog
from comments.models import Attachment
from comments.services import attachment_add
from comments.tests.conftest import EML, PDF, png_bytes


def _upload(client, user, case, name, content, description=""):
    client.force_login(user)
    upload = SimpleUploadedFile(name, content)
    url = reverse("comments:attachment_add", args=[case.pk])
    return client.post(url, {"file": upload, "description": description})


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("print.png", png_bytes(), "png"),
        ("protocolo.pdf", PDF, "pdf"),
        ("email.eml", EML, "eml"),
        ("foto.JPEG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpg"),
    ],
)
def test_screenshots_pdfs_and_e_mails_are_attached_under_media_root(
    client, analyst, case, settings, name, content, kind
):
    response = _upload(client, analyst, case, name, content, "do prestador")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.filename, attachment.size) == (kind, name, len(content))
    path = settings.MEDIA_ROOT / attachment.file.name
    assert path.read_bytes() == content
    assert (
        attachment.file.name.startswith(f"anexos/{case.pk}/") and name not in attachment.file.name
    )
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f"Arquivo “{name}” anexado." in html and "Anexo adicionado" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("print.png", PDF, "“print.png”: o conteúdo não é Imagem PNG, como diz a extensão .png"),
        (
            "virus.exe",
            b"MZ\x90\x00",
            "“virus.exe”: tipo de arquivo não aceito; envie PNG, JPG, PDF",
        ),
        ("carta.pdf", b"<html>oi</html>", "“carta.pdf”: o conteúdo não é PDF"),
        ("email.eml", b"texto qualquer\nsem cabecalho", "o conteúdo não é E-mail (.eml)"),
        ("vazio.png", b"", "O arquivo está vazio."),
    ],
)
def test_a_file_whose_bytes_are_not_its_type_is_refused_and_nothing_is_kept(
    client, analyst, case, settings, name, content, message
):
    response = _upload(client, analyst, case, name, content, "descrição mantida")
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "descrição mantida" in html  # nothing lost but the file itself
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "anexos").exists()


def test_a_file_over_the_size_limit_is_refused(client, analyst, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = png_bytes() + b"\x00" * (1024 * 1024)
    response = _upload(client, analyst, case, "grande.png", big)
    assert response.status_code == 400
    assert "“grande.png” tem 1,0 MB; o máximo é 1,0 MB." in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("analyst", 302),
        ("other_analyst", 404),
        ("supervisor", 302),
        ("manager", 403),
        ("administrator", 302),
    ],
)
def test_each_role_may_attach_as_the_matrix_says(client, case, request, who, expected):
    user = request.getfixturevalue(who)
    assert _upload(client, user, case, "p.pdf", PDF).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("analyst", 200),
        ("other_analyst", 404),
        ("supervisor", 200),
        ("manager", 403),
        ("administrator", 200),
    ],
)
def test_each_download_is_for_who_sees_the_case_and_is_logged(
    client, analyst, case, request, who, expected, screenshot
):
    attachment = attachment_add(user=analyst, case=case, upload=screenshot)
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("comments:attachment", args=[attachment.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == png_bytes()
        assert response["Content-Type"] == "image/png"
        assert 'attachment; filename="whatsapp.png"' == response["Content-Disposition"]
        log = ExportLog.objects.get()
        assert (log.user, log.what, log.filters, log.case_count) == (
            user,
            "anexo.png",
            {"caso": case.pk, "anexo": attachment.pk},
            1,
        )
    else:
        assert not ExportLog.objects.exists()


def test_the_gestor_sees_the_files_by_type_and_size_without_their_names(
    client, analyst, manager, case, screenshot
):
    attachment_add(user=analyst, case=case, upload=screenshot, description="conversa")
    client.force_login(manager)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Imagem PNG" in html and "whatsapp.png" not in html and "conversa" not in html
