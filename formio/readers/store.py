"""A field of a CaseData set from the text written for it: parsed by the field's kind,
what does not parse left blank with a warning naming the field."""

from formio.casedata import CaseData
from formio.vocabulary import field_label

from . import values as v


def parsed(parse, text: str, where: str, warnings: list[str]):
    try:
        return parse(text)
    except v.BadValue as error:
        warnings.append(f"{where}: {error} O campo ficou em branco.")
        return None


_TEXT_KEYS = {
    "analyst",
    "operator",
    "provider.name",
    "requested_by",
    "city",
    "last_production",
    "protocol_number",
}
_PARSERS = {
    "cro_count": v.parse_int,
    "lives": v.parse_int,
    "unique_cros_listed": v.parse_int,
    "days_to_finish": v.parse_int,
    "form_date": v.parse_date,
    "provider.network_entry_date": v.parse_date,
    "protocol_opened_on": v.parse_date,
    "started_on": v.parse_date,
    "finished_on": v.parse_date,
    "provider.cro": v.parse_cro,
    "provider.cro_uf": v.parse_uf,
    "service_uf": v.parse_uf,
    "provider.person_type": v.parse_person,
    "unit_value": v.parse_money,
    "last_production_value": v.parse_money,
}


def store_value(data: CaseData, key: str, text: str, warnings: list[str]) -> None:
    """The field `key` of `data` set from the text written for it (also the text a person
    corrects on the review screen of a scanned form); what does not parse is a warning."""
    if v.is_null(text):
        return
    where = field_label(key)
    if key in _TEXT_KEYS:
        value = text.strip()
    elif key in ("provider.cpf", "provider.cnpj"):
        parse = v.parse_cpf if key == "provider.cpf" else v.parse_cnpj
        value, problem = parsed(parse, text, where, warnings) or (None, None)
        if problem:
            warnings.append(f"{where}: {problem} (mantido como escrito)")
    else:
        value = parsed(_PARSERS[key], text, where, warnings)
    target, _, attr = key.rpartition(".")
    setattr(data.provider if target else data, attr, value)
