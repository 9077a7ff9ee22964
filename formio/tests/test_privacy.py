import pytest

from formio.privacy import mask_personal_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CPF 073.094.747-59 ok", "CPF ***.094.747-** ok"),
        ("cpf 07309474759", "cpf ***.094.747-**"),
        ("ligar (21) 99876-5432 amanhã", "ligar (**) ****-**32 amanhã"),
        ("tel 21 3456-7890.", "tel (**) ****-**90."),
        ("whats 21998765432", "whats (**) ****-**32"),
        ("Contato +55 21 99876-5432", "Contato (**) ****-**32"),
    ],
)
def test_cpfs_and_phone_numbers_in_notes_are_masked(text, expected):
    assert mask_personal_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "protocolo SAD2024000123",
        "CNPJ 12.345.678/0001-95",
        "R$ 1.234,56 em 20/03/2024",
        "CRO 26666, 12 vidas",
    ],
)
def test_other_numbers_in_notes_are_left_alone(text):
    assert mask_personal_text(text) == text


def test_line_breaks_and_empty_text_survive():
    assert mask_personal_text("a\n073.094.747-59\nb") == "a\n***.094.747-**\nb"
    assert mask_personal_text("") == ""
    assert mask_personal_text(None) == ""


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Escreva para fulana.silva@clinica.com.br.", "Escreva para f***@***.com.br."),
        ("e-mail: ANA_2@gmail.com ou (21) 99876-5432", "e-mail: A***@***.com ou (**) ****-**32"),
        ("52998224725@x.com", "5***@***.com"),
        ("sem arroba: ana.silva", "sem arroba: ana.silva"),
    ],
)
def test_e_mail_addresses_are_masked(text, masked):
    assert mask_personal_text(text) == masked
