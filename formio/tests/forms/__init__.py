"""Builders of filled test forms in every format the readers take.

`sections(data)` lays a CaseData out like the paper form; `text_form`, `docx_form` and
`pdf_form` render that layout as text/Markdown (both layouts), Word (glyphs, checkbox
content controls or legacy form-field checkboxes; `pasted_docx`: two forms in one) and
PDF (WeasyPrint). Tests and the readers' benchmark use them; they are not a product writer.
"""

from .docx import docx_form, pasted_docx
from .layout import sections
from .pdf import pdf_form
from .text import markdown_of, text_form

__all__ = ["docx_form", "markdown_of", "pasted_docx", "pdf_form", "sections", "text_form"]
