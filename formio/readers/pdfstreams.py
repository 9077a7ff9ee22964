"""Decompression limits of a PDF, checked before PDFium opens it (issue 17, item 11).

A 1 MB PDF can hold a Flate stream that inflates to 1 GB; PDFium inflates a page's content
whole, so a worker would reach gigabytes at preview and again at import. Every stream
(page contents, object streams, fonts, images) that is zlib data is inflated here in
small pieces and only counted, never kept: a stream over MAX_STREAM_BYTES, or all of them
together over MAX_TOTAL_BYTES, refuses the file with a message before anything is read.
Streams in other encodings (JPEG, an encrypted PDF's) are not zlib and are left to PDFium,
which only decodes what it draws, and the reader draws nothing.
"""

import re
import zlib

from .errors import UnreadableForm

MAX_STREAM_BYTES = 32 * 1024 * 1024  # a form's page, fonts included, is well under 1 MB
MAX_TOTAL_BYTES = 96 * 1024 * 1024
PIECE = 256 * 1024  # what is inflated at a time, then dropped

_STREAM = re.compile(rb"stream\r?\n")


def refuse_bombs(
    content: bytes, *, per_stream: int = MAX_STREAM_BYTES, in_all: int = MAX_TOTAL_BYTES
) -> None:
    """UnreadableForm when a stream of the PDF inflates past `per_stream` bytes, or all of
    them together past `in_all`."""
    total = 0
    for start in _stream_starts(content):
        size = inflated_size(content, start, limit=min(per_stream, in_all - total))
        if size is None and total + per_stream > in_all:
            raise UnreadableForm(
                f"o PDF passa de {_mb(in_all)} ao ser aberto; um formulário tem bem menos."
            )
        if size is None:
            raise UnreadableForm(
                f"o PDF tem um conteúdo compactado que passa de {_mb(per_stream)} "
                "ao ser aberto (possível bomba de compactação); não foi lido."
            )
        total += size


def inflated_size(content: bytes, start: int, *, limit: int) -> int | None:
    """How many bytes the zlib data at `start` inflates to (0 when it is not zlib data),
    None once past `limit`. At most PIECE bytes of output exist at a time."""
    inflater, size, position = zlib.decompressobj(), 0, start
    try:
        pending = b""
        while not inflater.eof:
            if not pending:
                if position >= len(content):
                    break
                pending, position = content[position : position + PIECE], position + PIECE
            size += len(inflater.decompress(pending, PIECE))
            pending = inflater.unconsumed_tail
            if size > limit:
                return None
    except zlib.error:
        return 0 if size == 0 else size
    return size


def _stream_starts(content: bytes):
    for match in _STREAM.finditer(content):
        if content[max(0, match.start() - 3) : match.start()] != b"end":  # not "endstream"
            yield match.end()


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"
