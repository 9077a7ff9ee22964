"""The case as a Word document with the paper form's layout.

Real tables, editable in Word: one table of GRID columns where each cell spans what
`layout` says; boxes are the ☐/☒ characters. The body is a template,
formio/case_form_body.xml, rendered into a copy of case_form.docx: the skeleton with the
A4 page, the named styles and "Página X de Y" as Word fields in the footer, so the page
number stays right after editing (docx_skeleton.py builds it and says what it holds).
"""

import datetime
import io
import zipfile

from django.template.loader import render_to_string
from docx.shared import Mm

from formio.casedata import CaseData
from formio.vocabulary import OUTROS_INSTRUCTION, PRINTED, Vocabulary

from . import layout
from .docx_skeleton import SKELETON
from .pdf import SIGN_COLUMNS, signature_rows, today
from .xlsx import NOT_IN_XML

WIDTH = Mm(184)  # the page less its margins
BODY = "word/document.xml"


def render_docx(
    data: CaseData,
    *,
    printed_on: datetime.date | None = None,
    case_ref: str | None = None,
    vocabulary: Vocabulary = PRINTED,
) -> bytes:
    """The filled form as .docx bytes; `printed_on` (default today) is printed at the top,
    the option lists are `vocabulary`'s (cases.vocabulary.current(keeping=data))."""
    printed_on = printed_on or today()
    doc = layout.build(data, printed_on=printed_on, case_ref=case_ref, vocabulary=vocabulary)
    form_column = Mm(WIDTH.mm / layout.GRID).twips
    sign_column = Mm(WIDTH.mm / SIGN_COLUMNS).twips
    body = render_to_string(
        "formio/case_form_body.xml",
        {
            "doc": doc,
            "instruction": OUTROS_INSTRUCTION,
            "form_column": form_column,
            "form_grid": [form_column] * layout.GRID,
            "sign_column": sign_column,
            "sign_grid": [sign_column] * SIGN_COLUMNS,
            "sign_heading": layout.Cell("Assinaturas", SIGN_COLUMNS, "heading"),
            "sign_height": Mm(19).twips,
            "signature_rows": signature_rows(doc.signatures),
        },
    )
    return _filled_skeleton(NOT_IN_XML.sub("", body))


def _filled_skeleton(body: str) -> bytes:
    """case_form.docx with `body` in its document, before the page settings (w:sectPr)."""
    out = io.BytesIO()
    with zipfile.ZipFile(SKELETON) as skeleton, zipfile.ZipFile(out, "w") as document:
        for item in skeleton.infolist():
            content = skeleton.read(item)
            if item.filename == BODY:
                start, page = content.decode().split("<w:body>")
                content = f"{start}<w:body>{body}{page}".encode()
            document.writestr(item, content)
    return out.getvalue()
