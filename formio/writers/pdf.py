"""The case as a PDF that looks like the paper form (WeasyPrint, A4)."""

import datetime
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from formio.casedata import CaseData
from formio.vocabulary import OUTROS_INSTRUCTION, PRINTED, Vocabulary

from . import layout

SIGN_COLUMNS = 2
STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "formio" / "case_form.css"


def render_pdf(
    data: CaseData,
    *,
    printed_on: datetime.date | None = None,
    case_ref: str | None = None,
    vocabulary: Vocabulary = PRINTED,
) -> bytes:
    """The filled form as PDF bytes; `printed_on` (default today) is printed at the top,
    the option lists are `vocabulary`'s (cases.vocabulary.current(keeping=data))."""
    from weasyprint import HTML

    html = render_html(data, printed_on=printed_on, case_ref=case_ref, vocabulary=vocabulary)
    stylesheet, fonts, fetcher = _resources()
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


@cache
def _resources():
    """The form's CSS, parsed once per process with its fonts (a third of the time), and
    one URL fetcher: a new one per document loads the system's certificates each time
    (a fifth of the time). The form fetches nothing from the network."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    fonts = FontConfiguration()
    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    return CSS(filename=str(STYLESHEET), font_config=fonts, url_fetcher=fetcher), fonts, fetcher


def render_html(
    data: CaseData,
    *,
    printed_on: datetime.date | None = None,
    case_ref: str | None = None,
    vocabulary: Vocabulary = PRINTED,
) -> str:
    printed_on = printed_on or today()
    doc = layout.build(data, printed_on=printed_on, case_ref=case_ref, vocabulary=vocabulary)
    context = {
        "doc": doc,
        "instruction": OUTROS_INSTRUCTION,
        "sign_columns": SIGN_COLUMNS,
        "signature_rows": signature_rows(doc.signatures),
    }
    return render_to_string("formio/case_form.html", context)


def signature_rows(names: list[str]) -> list[list[str]]:
    """Names two to a row; blank boxes to sign in when the form has no names."""
    names = list(names) or [""] * SIGN_COLUMNS
    names += [""] * (-len(names) % SIGN_COLUMNS)
    return [names[i : i + SIGN_COLUMNS] for i in range(0, len(names), SIGN_COLUMNS)]


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
