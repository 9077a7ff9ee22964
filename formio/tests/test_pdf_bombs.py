"""Issue 17 (11): a small PDF whose stream inflates to 1 GB is refused before PDFium opens
it, with a message, and reading it costs a few megabytes, not gigabytes."""

import resource
import tracemalloc
import zlib

import pytest

from formio.readers import UnreadableForm, pdfstreams, read_form_bytes

GIB = 1024**3


def pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF whose page content is the given Flate stream (PDFium rebuilds the
    cross-reference table, so offsets need not be exact)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body = b"%PDF-1.7\n" + b"".join(
        b"%d 0 obj\n" % (n + 1) + obj + b"\nendobj\n" for n, obj in enumerate(objects)
    )
    return body + b"trailer\n<< /Root 1 0 R /Size 5 >>\n%%EOF\n"


def deflated_zeros(size: int) -> bytes:
    packer, piece, parts = zlib.compressobj(9), bytes(1024 * 1024), []
    for _ in range(size // len(piece)):
        parts.append(packer.compress(piece))
    return b"".join([*parts, packer.flush()])


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return pdf_with_content(deflated_zeros(GIB))


def test_a_1_mb_pdf_of_a_1_gb_stream_is_refused_with_a_message_in_little_memory(bomb):
    assert len(bomb) < 1.1 * 1024 * 1024
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    with pytest.raises(UnreadableForm) as refused:
        read_form_bytes(bomb, "bomba.pdf")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert "passa de 32 MB ao ser aberto" in str(refused.value)
    assert peak < 8 * 1024 * 1024, peak  # Python's own allocations: pieces of 256 KB
    assert grown < 64 * 1024, grown  # the process: no inflated copy anywhere (KiB)


def test_the_limit_is_per_stream_and_for_the_whole_file():
    mib = 1024 * 1024
    one = pdf_with_content(deflated_zeros(2 * mib))
    with pytest.raises(UnreadableForm, match="passa de 1 MB ao ser aberto"):
        pdfstreams.refuse_bombs(one, per_stream=mib, in_all=10 * mib)
    pdfstreams.refuse_bombs(one, per_stream=3 * mib, in_all=3 * mib)  # 2 MB: under both
    with pytest.raises(UnreadableForm, match="o PDF passa de 3 MB ao ser aberto"):
        pdfstreams.refuse_bombs(one + one, per_stream=3 * mib, in_all=3 * mib)  # 2 × 2 MB


def test_a_printed_form_passes_the_check_and_reads(demo_cases):
    from formio.writers.pdf import render_pdf

    content = render_pdf(demo_cases[0])
    pdfstreams.refuse_bombs(content)
    assert read_form_bytes(content, "caso.pdf").data.provider.name
