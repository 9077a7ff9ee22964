"""Scanned and photographed forms: our printed form rendered to a picture, tilted 2°,
speckled, signed by hand, photographed askew; read back by OCR with a confidence per field."""

import dataclasses
import datetime

import pytest

from formio.casedata import CaseData, ContactData, ProviderData
from formio.readers import UnreadableForm, read_form_bytes
from formio.tests.forms import scanned

pytestmark = pytest.mark.django_db  # the printed form is a Django template

FORM = CaseData(
    form_date=datetime.date(2024, 3, 20),
    operator="ODONTOLIFE",
    cro_count=1,
    provider=ProviderData(name="MARIANA COSTA LIMA", cro="48213", cro_uf="SP", person_type="F"),
    service_uf="SP",
    city="CAMPINAS",
    lives=120,
    started_on=datetime.date(2024, 2, 1),
    finished_on=datetime.date(2024, 3, 20),
    status="desligamento",
    termination_reasons=["glosas", "aposentou"],
    contacts=[
        ContactData(datetime.date(2024, 2, 5), "Ligação sem resposta."),
        ContactData(datetime.date(2024, 3, 1), "Prestador confirmou a saída."),
    ],
    signatures=["Ana Souza"],
)
# Where things are on the page at 200 dpi (measured on the printed form)
CITY_VALUE = (950, 395, 1250, 440)
ABOVE_SIGNATURE_LINE = (180, 1730, 700, 1800)

KEY_FIELDS = {
    "provider.name": "MARIANA COSTA LIMA",
    "provider.cro": "48213",
    "form_date": "2024-03-20",
    "started_on": "2024-02-01",
    "finished_on": "2024-03-20",
    "days_to_finish": 48,
    "status": "desligamento",
    "termination_reasons": ["glosas", "aposentou"],
}


@pytest.fixture(scope="module")
def printed(django_db_blocker):
    from formio.writers.pdf import render_pdf

    with django_db_blocker.unblock():
        pdf = render_pdf(FORM, printed_on=datetime.date(2024, 3, 21))
    (only,) = scanned.printed_pages(pdf)
    return only


@pytest.fixture(scope="module")
def scan_read(printed):
    """Signed by hand, then scanned at 200 dpi, 2° askew, with dust: an image-only PDF."""
    signed = scanned.signed(printed, box=ABOVE_SIGNATURE_LINE)
    content = scanned.image_pdf([scanned.scanned(signed, degrees=2)])
    return read_form_bytes(content, "digitalizado.pdf")


def key_values(read) -> dict:
    from formio.casedata import flatten

    values = flatten(read.data.to_dict())
    return {path: values[path] for path in KEY_FIELDS}


def test_an_image_only_pdf_tilted_and_noisy_gives_the_key_fields(scan_read):
    assert key_values(scan_read) == KEY_FIELDS
    assert [c.date for c in scan_read.data.contacts] == [c.date for c in FORM.contacts]
    assert scan_read.data.operator == "ODONTOLIFE" and scan_read.data.lives == 120


def test_a_contact_note_read_wrong_or_lost_is_flagged_not_saved_silently(scan_read):
    for i, expected in enumerate(FORM.contacts):
        read = scan_read.data.contacts[i].notes
        assert read == expected.notes or f"contacts.{i}.notes" in scan_read.scan.uncertain


def test_every_field_read_carries_a_confidence_and_the_key_ones_are_sure(scan_read):
    confidence = scan_read.scan.confidence
    for path in KEY_FIELDS:
        assert confidence[path] >= 0.8, path
    assert confidence["contacts.0.date"] >= 0.8
    assert all(0 <= value <= 1 for value in confidence.values())
    assert scan_read.scan.pages == 1


def test_the_handwritten_signature_is_not_a_value(scan_read):
    assert scan_read.data.signatures == ["Ana Souza"]


def test_a_smudged_value_is_flagged_uncertain(printed):
    stained = scanned.smudged(printed, box=CITY_VALUE)
    read = read_form_bytes(scanned.image_pdf([scanned.scanned(stained)]), "manchado.pdf")
    assert "city" in read.scan.uncertain
    assert read.scan.confidence["city"] < 0.8
    assert read.data.provider.name == "MARIANA COSTA LIMA"  # the rest is still read


def test_a_phone_photo_askew_and_unevenly_lit_gives_the_key_fields(printed):
    photo = scanned.jpeg(scanned.photographed(printed))
    read = read_form_bytes(photo, "foto.jpg")
    assert key_values(read) == KEY_FIELDS
    assert read.scan is not None


def test_a_pdf_with_a_poor_ocr_text_layer_is_read_from_its_picture(printed):
    content = scanned.with_poor_text_layer(scanned.scanned(printed, degrees=-1.5))
    read = read_form_bytes(content, "copiadora.pdf")
    assert key_values(read) == KEY_FIELDS
    assert "PATR1C1A" not in read.text


def test_a_text_layer_pdf_is_not_read_by_ocr():
    from formio.writers.pdf import render_pdf

    read = read_form_bytes(render_pdf(FORM), "texto.pdf")
    assert read.scan is None and read.data.provider.name == "MARIANA COSTA LIMA"


def test_a_picture_that_is_not_a_form_is_refused_in_portuguese():
    from PIL import Image

    blank = Image.new("L", (800, 1100), 255)
    with pytest.raises(UnreadableForm, match="não parece um Formulário"):
        read_form_bytes(scanned.jpeg(blank), "paisagem.jpg")


def test_a_broken_picture_is_refused_in_portuguese():
    with pytest.raises(UnreadableForm, match="imagem está corrompida"):
        read_form_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "quebrada.png")


SECOND = dataclasses.replace(
    FORM,
    provider=ProviderData(name="JOSE CARLOS PEREIRA", cro="51234", cro_uf="SP", person_type="F"),
    city="SOROCABA",
)


def two_forms_scanned() -> bytes:
    """Two signed paper forms scanned into one PDF, as a box of an archive is scanned."""
    from formio.writers.pdf import render_pdf

    pages = []
    for data in (FORM, SECOND):
        (page,) = scanned.printed_pages(render_pdf(data, printed_on=datetime.date(2024, 3, 21)))
        pages.append(scanned.scanned(page, degrees=1.5))
    return scanned.image_pdf(pages)


def test_two_forms_scanned_into_one_pdf_are_two_forms_each_with_its_page():
    read = read_form_bytes(two_forms_scanned(), "caixa-03.pdf")
    (second,) = read.others
    assert (read.data.provider.name, read.data.city) == ("MARIANA COSTA LIMA", "CAMPINAS")
    assert (second.data.provider.name, second.data.city) == ("JOSE CARLOS PEREIRA", "SOROCABA")
    assert (read.scan.first_page, read.scan.pages) == (0, 1)
    assert (second.scan.first_page, second.scan.pages) == (1, 1)
    assert second.data.provider.cro == "51234" and "51234" not in read.text
    assert any("2 formulários" in w for w in read.warnings + second.warnings)


def test_a_page_that_only_repeats_the_title_is_no_second_form(printed):
    """A form printed with its title as a page header: page 2 starts with the title but
    holds too little of a form, so it stays part of the form before it."""
    from PIL import Image

    header = printed.crop((0, 0, printed.width, 130))  # the title and "Impresso em"
    second = Image.new("L", printed.size, 255)
    second.paste(header, (0, 0))
    read = read_form_bytes(scanned.image_pdf([scanned.scanned(printed), second]), "cab.pdf")
    assert read.others == [] and read.scan.pages == 2
    assert key_values(read) == KEY_FIELDS
    assert not any("formulários" in w for w in read.warnings)


def test_a_leading_page_with_too_little_of_a_form_is_read_with_the_form_after_it(printed):
    """A sheet fed twice: its top (title and first row) on page 1, the whole form on page 2.
    Page 1 alone is no form; it is read with page 2, never dropped."""
    from PIL import Image

    top = Image.new("L", printed.size, 255)
    top.paste(printed.crop((0, 0, printed.width, 215)), (0, 0))  # down to "Colaborador"
    read = read_form_bytes(scanned.image_pdf([top, scanned.scanned(printed)]), "dobra.pdf")
    assert read.others == [] and (read.scan.first_page, read.scan.pages) == (0, 2)
    assert key_values(read) == KEY_FIELDS


@pytest.mark.parametrize("number", [0, 1])
def test_demo_forms_scanned_read_their_protocol_date_and_no_rule_or_footer(number):
    # two of the reader sweep's demo forms (DemoGenerator(5)), whose scans once lost the
    # "Dt. abertura protocolo" (its cell found lower than the value beside it), read a
    # table rule as "|" in "Quais?" and the footer "Página 1 de 1" as a signature
    from cases.demo import DemoGenerator
    from formio.writers.pdf import render_pdf

    demo = list(DemoGenerator(5, today=datetime.date(2025, 6, 1)).cases(number + 1))[-1].data
    pages = scanned.printed_pages(render_pdf(demo, printed_on=datetime.date(2026, 12, 6)))
    content = scanned.image_pdf([scanned.scanned(p, seed=number + i) for i, p in enumerate(pages)])
    data = read_form_bytes(content, "digitalizado.pdf").data
    assert data.protocol_opened_on == demo.protocol_opened_on
    assert data.other_plans == demo.other_plans
    assert data.signatures == demo.signatures


@pytest.mark.parametrize("number", [6, 7])
def test_a_bold_label_whose_letters_touch_is_not_taken_for_a_ruled_line(number):
    # the tops of "rotoc" in a bold "protocolo" touch: a 61-pixel run of ink, once taken
    # for a table rule and erased before OCR ("Necessário abertura de p. .:..olo"), so the
    # field beside the label was lost
    from cases.demo import DemoGenerator
    from formio.writers.pdf import render_pdf

    demo = list(DemoGenerator(5, today=datetime.date(2025, 6, 1)).cases(number + 1))[-1].data
    pages = scanned.printed_pages(render_pdf(demo, printed_on=datetime.date(2026, 12, 6)))
    content = scanned.image_pdf([scanned.scanned(p, seed=number + i) for i, p in enumerate(pages)])
    read = read_form_bytes(content, "digitalizado.pdf")
    assert read.data.protocol_opened_on == demo.protocol_opened_on
    assert read.data.protocol_required == demo.protocol_required
    assert not [w for w in read.warnings if "abertura" in w]


def test_a_form_printed_without_its_tables_lines_is_straightened_and_waits_for_a_person():
    # no ruled line tells the tilt: the lines of text do, and the values are read; but
    # without rules OCR's word positions cannot keep each value in its column, so every
    # field, blank ones too, is uncertain and the review is told why
    from formio.readers.scan import UNRULED_WARNING
    from formio.tests.forms import pdf_form

    pages = scanned.printed_pages(pdf_form(FORM, extra_css="td { border: none; }"))
    tilted = [scanned.scanned(p, degrees=3, seed=i) for i, p in enumerate(pages)]
    read = read_form_bytes(scanned.image_pdf(tilted), "sem-linhas.pdf")
    assert key_values(read) == KEY_FIELDS
    assert [c.notes for c in read.data.contacts] == [c.notes for c in FORM.contacts]
    assert UNRULED_WARNING in read.warnings
    assert set(KEY_FIELDS) | {"contacts.0.date", "lives", "general_notes"} <= set(
        read.scan.uncertain
    )
    assert max(read.scan.confidence.values()) < 0.8


def test_a_ruled_scan_is_not_taken_for_one_without_lines(scan_read):
    from formio.readers.scan import UNRULED_WARNING

    assert UNRULED_WARNING not in scan_read.warnings
    assert "provider.name" not in scan_read.scan.uncertain


@pytest.mark.parametrize("degrees", [3, -1.5])
def test_the_tilt_of_a_page_without_ruled_lines_is_measured_on_its_text(degrees):
    import numpy as np

    from formio.readers import scan_image
    from formio.tests.forms import pdf_form

    (page, *_) = scanned.printed_pages(pdf_form(FORM, extra_css="td { border: none; }"))
    grey = np.asarray(scanned.scanned(page, degrees=degrees), dtype=np.uint8)
    tilt = scan_image._tilt(scan_image._ink(grey))
    assert abs(tilt + degrees) <= 0.2  # the rotation that puts it straight


def libreoffice_scan(number: int, *, dpi: int = scanned.SCAN_DPI) -> tuple[CaseData, CaseData]:
    """Demo form `number` (DemoGenerator(5)): its DOCX printed to PDF by LibreOffice, which
    draws the tables' columns but not the lines between their rows, then scanned at `dpi`;
    the form and what is read back."""
    from cases.demo import DemoGenerator
    from formio.tests.forms import docx_form
    from formio.tests.forms.office import libreoffice

    demo = list(DemoGenerator(5, today=datetime.date(2025, 6, 1)).cases(number + 1))[-1].data
    pdf = libreoffice({"form.docx": docx_form(demo, boxes="glyph")}, "pdf")["form.docx"]
    pages = scanned.printed_pages(pdf, dpi=dpi)
    pictures = [scanned.scanned(p, seed=number + i) for i, p in enumerate(pages)]
    return demo, read_form_bytes(scanned.image_pdf(pictures, dpi=dpi), "digitalizado.pdf").data


def test_a_round_letter_of_a_word_is_no_box():
    # LibreOffice sets the DOCX wider than we do: the "o" of "Prestador" and the "B" of
    # "PARNAÍBA" stand 5 to 6 pixels from their neighbours at 200 dpi, where a box stands 9
    # or more from its option. They were read as boxes ("Prestad ☐ r aceitou", "PARNAÍ ☒ A")
    # and the letter was lost.
    demo, data = libreoffice_scan(0)
    assert data.city == demo.city == "PARNAÍBA"
    notes = [c.notes for c in data.contacts]
    assert len(notes) == len(demo.contacts)
    assert not [n for n in notes if "☐" in n or "☒" in n]
    assert notes[3] == demo.contacts[3].notes


def test_a_scanned_borderless_row_cut_by_the_page_break_is_one_contact():
    # the first contact's row starts at the foot of page 1 and goes on at the head of page
    # 2: a scan's pages are joined as a PDF's are (layout.joined_pages)
    demo, data = libreoffice_scan(1)
    assert data.contacts[0].notes == demo.contacts[0].notes


def test_a_label_ocr_glued_or_misread_still_finds_its_field():
    # OCR reads "Nº do protocolo" as "Nºdo protocolo" and "Qtd CRO(s)" as "Otd CRO(s)":
    # the label's words are spelled back, and the values under them are the label's
    demo, data = libreoffice_scan(0)
    assert data.protocol_number == demo.protocol_number
    assert data.requested_by == demo.requested_by == "Operadora"
    assert data.protocol_opened_on == demo.protocol_opened_on
    demo, data = libreoffice_scan(2)
    assert (data.analyst, data.cro_count) == (demo.analyst, demo.cro_count) == (None, 1)


def test_a_scanned_label_and_value_wrapped_in_their_column_are_whole():
    # "Data inclusão" wraps in its narrow column a hair short of the column's end (OCR's
    # boxes hug the ink), and the protocol number wraps ("SAD9341644" / "17177") on a line
    # of digits only, whose ink is shorter than the type: both were rows of their own
    demo, data = libreoffice_scan(1)
    assert data.provider.network_entry_date == demo.provider.network_entry_date
    assert data.provider.person_type == demo.provider.person_type == "F"
    assert data.requested_by == demo.requested_by == "Prestador"
    assert data.protocol_number == demo.protocol_number == "SAD934164417177"
    assert data.protocol_opened_on == demo.protocol_opened_on


def test_a_note_going_on_over_the_page_in_short_lines_is_one_note():
    # the head of page 2 holds the rest of the first contact's note in short lines of
    # small letters ("do sistema", "de", "autorização."), whose ink is shorter than the
    # type: measured in it, the spacing looked like a new row and the note kept a line break
    demo, data = libreoffice_scan(2)
    assert data.contacts[0].notes == demo.contacts[0].notes
    assert "\n" not in demo.contacts[0].notes


def test_a_wrapped_line_of_small_letters_goes_on_its_note():
    # "permanecer" (no capital, no tall letter) under "aceitou": its ink starts lower than
    # a line's type, and it looked a row apart ("Prestador aceitou\npermanecer na rede...")
    demo, data = libreoffice_scan(3)
    assert data.contacts[0].notes == demo.contacts[0].notes
    assert demo.contacts[0].notes.startswith("Prestador aceitou permanecer")


def test_a_lone_letter_o_between_two_words_is_no_box():
    # "entender o motivo": the "o" stands a space from both words, a square of ink 16 px
    # wide where the page's boxes are 22; it was read as a box and lost from the note
    demo, data = libreoffice_scan(1)
    assert "entender o motivo" in demo.contacts[2].notes
    assert "entender o motivo" in data.contacts[2].notes
    assert "☐" not in data.contacts[2].notes


def test_a_speck_read_as_an_ordinal_sign_is_no_value():
    # a speck of dust beside "Atende outros convênios" is read "º" with confidence 0: a
    # letter to Python, it was kept and became the other plans ("Quais?")
    demo, data = libreoffice_scan(3)
    assert data.other_plans == demo.other_plans == ""


def test_a_speck_of_dust_beside_a_box_leaves_it_a_box():
    # 200 dpi: a 9-point box 24 px wide, a speck 3 px high 2 px to its right, then its
    # option; the box was taken for a letter of a word and OCR read it "O" ("O Comercial")
    import numpy as np

    from formio.readers.scan_image import _boxes

    ink = np.zeros((80, 200), dtype=np.uint8)
    ink[20:44, 30:54] = 255
    ink[23:41, 33:51] = 0  # the box's inside, 3 px lines
    ink[33:36, 56:58] = 255  # the speck
    ink[24:44, 66:70] = 255  # the first letter of the option, a space away
    assert len(_boxes(ink)) == 1
    ink[26:40, 56:59] = 255  # a letter's stroke as close: a round letter of a word
    assert _boxes(ink) == []


def test_specks_read_as_signs_on_a_150_dpi_scan_are_no_text():
    # at 150 dpi OCR reads dust as ".", "-" or "'" with confidence up to 0.93: they became
    # values ("." as the other plans) and, reaching past the columns, kept wrapped notes
    # from being joined ("Prestador\naceitou\npermanecer")
    demo, data = libreoffice_scan(4, dpi=150)
    assert data.other_plans == demo.other_plans
    assert data.general_notes == demo.general_notes
    notes = [c.notes for c in data.contacts]
    assert notes[:3] == [c.notes for c in demo.contacts[:3]]


def test_a_dash_between_two_words_is_kept_and_a_sign_alone_is_not():
    from formio.readers.geometry import Word
    from formio.readers.scan_image import _without_handwriting

    def word(text, x0, width):
        return Word(text, x0, x0 + width, 100, 114, 14)

    words = [word("realizada", 100, 50), word("-", 153, 4), word("prestador", 160, 48)]
    words += [word(".", 260, 1.1), word("contato.", 300, 45)]
    kept, _ = _without_handwriting(words, [0.95, 0.9, 0.95, 0.9, 0.95])
    assert [w.text for w in kept] == ["realizada", "-", "prestador", "contato."]


def test_a_round_letter_touching_its_neighbour_only_at_its_foot_is_no_box():
    # a 150 dpi scan: the "o" of "contato" looks square, and the "t" before it stands 8
    # pixels off but for its hook, which touches the foot of the "o"; read as a ticked
    # box, it made "6º contat ☒" and the contact was lost
    import numpy as np

    from formio.readers.scan_image import _boxes

    ink = np.zeros((80, 200), dtype=np.uint8)
    ink[20:40, 60:80] = 255
    ink[23:37, 63:77] = 0  # the "o" (or a box), 3 px strokes
    ink[10:40, 49:53] = 255  # the stem of the "t", 8 px off
    assert len(_boxes(ink)) == 1  # as far as a space: a box
    ink[34:40, 53:58] = 255  # its hook, 2 px from the "o" at its foot
    assert _boxes(ink) == []
