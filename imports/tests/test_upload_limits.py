"""Hostile archives on the web upload: refused with a message before anything is unpacked,
one bad member failing alone, nothing kept on disk for what failed."""

import datetime
import os
import struct
import zipfile
import zlib
from io import BytesIO, StringIO

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from conftest import PASSWORD, SEEDS
from imports import sources
from imports.models import ImportBatch, Outcome
from imports.sources import UNSAFE_NAME

SEED = (SEEDS / "001_2ef8644a227c06e3.txt").read_bytes()
MB = 1024 * 1024


def post_zip(client, user, content, name="lote.zip"):
    client.login(username=user.username, password=PASSWORD)
    upload = SimpleUploadedFile(name, content, content_type="application/zip")
    return client.post(reverse("imports:upload"), {"files": [upload]}, follow=True)


def files_on_disk(settings) -> int:
    return sum(len(files) for _, _, files in os.walk(settings.MEDIA_ROOT))


def forty_members_of_twenty_megabytes() -> bytes:
    """The tester's archive: 40 x 20 MB members that pack small, plus random padding so the
    whole passes a compression-ratio check (800 MB from ~6 MB: 1:140).

    Written by hand (the zip format's three records) so one member is compressed once, not
    forty times: 20 s less on a busy machine.
    """
    member = b"A" * (20 * MB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(member) + packer.flush()
    crc, buffer, directory = zlib.crc32(member), BytesIO(), BytesIO()
    for number in range(40):
        name, offset = f"formulario{number}.txt".encode(), buffer.tell()
        sizes = (crc, len(packed), len(member), len(name))
        buffer.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 33, *sizes, 0))
        buffer.write(name + packed)
        entry = (0x02014B50, 20, 20, 0, 8, 0, 33, *sizes, 0, 0, 0, 0, 0, offset)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", *entry) + name)
    start = buffer.tell()
    buffer.write(directory.getvalue())
    end = (0x06054B50, 0, 0, 40, 40, len(directory.getvalue()), start, 0)
    buffer.write(struct.pack("<IHHHHIIH", *end))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("enchimento.bin", os.urandom(5 * MB), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def test_a_zip_that_would_unpack_to_800_mb_is_refused_before_anything_is_written(
    client, supervisor, settings
):
    content = forty_members_of_twenty_megabytes()
    assert len(content) < 7 * MB
    page = post_zip(client, supervisor, content).content.decode()
    [row] = ImportBatch.objects.get().files.all()
    assert row.outcome == Outcome.FAILED
    assert row.message == (
        "descompactado, o envio passaria de 300 MB (este arquivo: 800,0 MB); "
        "envie os formulários em partes menores."
    )
    assert "envie os formulários em partes menores" in page
    assert files_on_disk(settings) == 0


def test_the_limit_is_for_the_whole_upload_not_each_zip(client, supervisor, settings, monkeypatch):
    monkeypatch.setattr(sources, "MAX_UPLOAD_UNPACKED_BYTES", 1 * MB)

    def zip_of(count):  # members of 200 KB that do not compress
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for number in range(count):
                archive.writestr(f"f{number}.txt", os.urandom(200 * 1024))
        return buffer.getvalue()

    client.login(username=supervisor.username, password=PASSWORD)
    uploads = [SimpleUploadedFile(f"{n}.zip", zip_of(3)) for n in range(2)]  # 600 KB each
    client.post(reverse("imports:upload"), {"files": uploads})
    files = ImportBatch.objects.get().files.order_by("pk")
    assert [f.outcome for f in files] == [Outcome.PENDING] * 3 + [Outcome.FAILED]
    assert files.last().message == (
        "descompactado, o envio passaria de 1 MB (este arquivo: 0,6 MB); "
        "envie os formulários em partes menores."
    )
    assert files_on_disk(settings) == 3


def test_a_member_whose_name_climbs_out_fails_alone(client, supervisor, settings):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../x.txt", SEED)
        archive.writestr("..\\..\\y.txt", SEED)
        archive.writestr("/etc/z.txt", SEED)
        archive.writestr("pasta/001.txt", SEED)
    response = post_zip(client, supervisor, buffer.getvalue())
    assert response.status_code == 200
    rows = {row.filename: row for row in ImportBatch.objects.get().files.all()}
    assert rows["lote.zip:pasta/001.txt"].outcome == Outcome.PENDING
    for name in ["lote.zip:../x.txt", "lote.zip:..\\..\\y.txt", "lote.zip:/etc/z.txt"]:
        assert (rows[name].outcome, rows[name].message) == (Outcome.FAILED, UNSAFE_NAME)
        assert not rows[name].original
    assert files_on_disk(settings) == 1
    assert "PATRICIA SANTOS BARROS" in response.content.decode()


def test_originals_of_failed_and_abandoned_files_are_deleted(
    client, supervisor, settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2024, 3, 4, 9, 0, tzinfo=datetime.UTC)):
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("001.txt", SEED)
            archive.writestr("ilegivel.txt", b"nada de formulario aqui")
        post_zip(client, supervisor, buffer.getvalue(), name="antigo.zip")
    abandoned = ImportBatch.objects.get()
    post_zip(client, supervisor, buffer.getvalue(), name="novo.zip")
    recent = ImportBatch.objects.exclude(pk=abandoned.pk).get()
    client.post(reverse("imports:confirm", args=[recent.pk]))
    assert recent.files.get(filename="novo.zip:ilegivel.txt").outcome == Outcome.FAILED
    assert files_on_disk(settings) == 4

    said = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are saved
        call_command("discard_originals", stdout=said)
    assert said.getvalue().strip() == "3 originais apagados."
    assert files_on_disk(settings) == 1  # the imported case's
    kept = recent.files.get(filename="novo.zip:001.txt")
    assert kept.case is not None and kept.original
    old = abandoned.files.get(filename="antigo.zip:001.txt")
    assert old.outcome == Outcome.FAILED and "não foi confirmado em 24 horas" in old.message
    client.post(reverse("imports:confirm", args=[abandoned.pk]))  # too late: nothing comes in
    assert abandoned.files.filter(case__isnull=False).count() == 0
