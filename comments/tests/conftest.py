import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EML = (
    b"From: Prestador <prestador@exemplo.com.br>\r\nTo: retencao@exemplo.com.br\r\n"
    b"Subject: Descredenciamento\r\nDate: Tue, 30 Jan 2024 10:00:00 -0300\r\n\r\n"
    b"Quero sair da rede.\r\n"
)


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def screenshot():
    return SimpleUploadedFile("whatsapp.png", png_bytes(), content_type="image/png")
