"""The form as Word writes it with "Salvar como > Página da Web (.htm)".

What that markup holds that a reader must not take as values: the Office namespaces, a
<head> with styles and an <xml> island inside a conditional comment, `<o:p>` empty tags,
`&nbsp;` in empty cells, the Windows-1252 charset, tabs as `mso-tab-count` spans, boxes as
Wingdings symbols (or legacy `<input type=checkbox>` fields), source lines wrapped in the
middle of a value, and a comment balloon with its list at the end.
"""

from html import escape

from .layout import Boxes, Contact, Free, Row, Signatures, sections

HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>Formulário - Processo de Retenção</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties><o:Author>Colaborador Antigo</o:Author></o:DocumentProperties>
</xml><![endif]-->
<style>
<!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} -->
</style>
</head>
<body lang=PT-BR style='tab-interval:35.4pt'>
<div class=WordSection1>
<p class=MsoTitle>Formulário - Processo de Retenção<o:p></o:p></p>
"""
TAIL = """<div style='mso-element:comment-list'><hr class=msocomoff align=left size=1 width="33%">
<div style='mso-element:comment'><div class=msocomtxt id="_com_1">
<p class=MsoCommentText><span class=MsoCommentReference>[CA1]</span>Conferir o CRO</p>
</div></div></div>
</body></html>
"""
WINGDINGS = "<span style='font-family:Wingdings;mso-ascii-font-family:Wingdings'>{}</span>"


def word_html_form(data, *, boxes: str = "wingdings") -> bytes:
    """The filled form as Word's web page, in Windows-1252 like Word writes it."""
    parts = [HEAD]
    for item in sections(data):
        parts.append(_item(item, boxes))
    parts.append("</div>\n")
    parts.append(TAIL)
    return "".join(parts).encode("cp1252", errors="xmlcharrefreplace")


def _item(item, boxes: str) -> str:
    if isinstance(item, Row):
        labels = "".join(_cell(label) for label, _ in item.cells)
        values = "".join(_cell(value) for _, value in item.cells)
        return _table(f"<tr>{labels}</tr>\n<tr>{values}</tr>")
    if isinstance(item, Boxes):
        options = "".join(
            f"<p class=MsoNormal>{_box(ticked, boxes)}<span> {escape(text)}</span></p>\n"
            for ticked, text in item.options
        )
        cells = _cell(item.label) + f"<td valign=top>\n{options}</td>"
        if item.trailing:
            cells += _cell(item.trailing[0]) + _cell(item.trailing[1])
        return _table(f"<tr>{cells}</tr>")
    if isinstance(item, Contact):
        cells = _cell(f"{item.number}º contato") + _cell("Data") + _cell(item.date)
        notes = "<br>\n".join(escape(line) for line in item.notes.split("\n"))
        return _table(f"<tr>{cells}{_cell('Obs.:')}<td><p class=MsoNormal>{notes}</p></td></tr>")
    if isinstance(item, Free):
        label = _paragraph(item.label) + (_paragraph(item.instruction) if item.instruction else "")
        text = "".join(_paragraph(line) for line in item.text.split("\n")) if item.text else ""
        return _table(f"<tr><td valign=top>{label}</td><td>{text or _paragraph('')}</td></tr>")
    if isinstance(item, Signatures):
        return "".join(_paragraph(name) for name in item.names)
    return ""


def _table(rows: str) -> str:
    return (
        "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0\n"
        f" style='border-collapse:collapse;mso-yfti-tbllook:1184'>\n{rows}\n</table>\n"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    )


def _cell(text: str) -> str:
    return (
        f"<td width=120 valign=top style='width:90.0pt;padding:0cm 5.4pt'>\n{_paragraph(text)}</td>"
    )


def _paragraph(text: str) -> str:
    if not text:
        return "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    words = escape(text).split(" ")
    half = len(words) // 2
    # Word wraps its source lines at about 80 columns, in the middle of a value.
    wrapped = " ".join(words[:half]) + ("\n" if half else "") + " ".join(words[half:])
    return f"<p class=MsoNormal><span style='mso-bidi-font-family:Arial'>{wrapped}</span></p>\n"


def _box(ticked: bool, boxes: str) -> str:
    if boxes == "input":
        return "<input type=checkbox checked>" if ticked else "<input type=checkbox>"
    return WINGDINGS.format("x" if ticked else "o")  # U+F078 ☒, U+F06F ☐
