"""Writers: a CaseData out as a document that looks like the paper form.

    render_pdf(data, printed_on=date, case_ref="123") -> bytes     (WeasyPrint)
    render_docx(data, printed_on=date, case_ref="123") -> bytes    (python-docx)

Both draw the grid of `layout`, so the two documents match and read back through
formio.readers as the same CaseData. `xlsx.write_table` writes lists (a row per case) as
a streamed Excel workbook.
"""

from .docx import render_docx
from .pdf import render_pdf

__all__ = ["render_docx", "render_pdf"]
