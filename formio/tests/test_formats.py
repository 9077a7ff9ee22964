import datetime
from decimal import Decimal

from formio.formats import date_br, days_br, decimal_br, integer_br, money_br, yes_no_br


def test_dates_are_written_day_month_year():
    assert date_br(datetime.date(2024, 3, 20)) == "20/03/2024"
    assert date_br(None) == ""
    assert date_br(None, "-") == "-"


def test_money_has_the_real_sign_thousands_dots_and_decimal_comma():
    assert money_br(Decimal("1234.56")) == "R$ 1.234,56"
    assert money_br(Decimal("1234567.5")) == "R$ 1.234.567,50"
    assert money_br(Decimal("0")) == "R$ 0,00"
    assert money_br(None, "R$ -") == "R$ -"


def test_decimals_keep_at_least_two_places_and_any_more_they_have():
    assert decimal_br(Decimal("0.30")) == "0,30"
    assert decimal_br(Decimal("0.3000")) == "0,30"
    assert decimal_br(Decimal("0.325")) == "0,325"
    assert decimal_br(Decimal("-1234.5")) == "-1.234,50"
    assert decimal_br(None) == ""


def test_integers_get_thousands_dots():
    assert integer_br(1234) == "1.234"
    assert integer_br(352) == "352"
    assert integer_br(0) == "0"
    assert integer_br(None, "-") == "-"


def test_days_and_yes_no_read_as_on_the_form():
    assert days_br(50) == "50 dia(s)"
    assert days_br(0) == "0 dia(s)"
    assert days_br(None) == ""
    assert (yes_no_br(True), yes_no_br(False), yes_no_br(None)) == ("SIM", "NÃO", "")
