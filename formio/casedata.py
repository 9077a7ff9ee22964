"""CaseData: one filled form in memory, mirroring spec/case.schema.json.

Every way in and out of the system goes through this value:

    file --reader--> CaseData --services--> Case       Case --> CaseData --writer--> file

Dates are `datetime.date`, money and decimals `decimal.Decimal`, absent values None
(or "" / [] for free text and lists, as the schema says).
"""

import dataclasses
import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("schema") / "case.schema.json"


@dataclass
class ProviderData:
    name: str | None = None
    cro: str | None = None
    cro_uf: str | None = None
    cpf: str | None = None
    cnpj: str | None = None
    person_type: str | None = None
    network_entry_date: datetime.date | None = None


@dataclass
class ContactData:
    date: datetime.date | None = None
    notes: str = ""


@dataclass
class CaseData:
    analyst: str | None = None
    form_date: datetime.date | None = None
    cro_count: int | None = None
    operator: str | None = None
    provider: ProviderData = field(default_factory=ProviderData)
    requested_by: str | None = None
    protocol_number: str | None = None
    protocol_opened_on: datetime.date | None = None
    service_uf: str | None = None
    city: str | None = None
    lives: int | None = None
    unique_cros_listed: int | None = None
    serves_other_plans: bool | None = None
    other_plans: str = ""
    unit_value: Decimal | None = None
    last_production: str | None = None
    last_production_value: Decimal | None = None
    started_on: datetime.date | None = None
    finished_on: datetime.date | None = None
    days_to_finish: int | None = None
    status: str | None = None
    contacts: list[ContactData] = field(default_factory=list)
    retention_actions: list[str] = field(default_factory=list)
    retention_actions_notes: str = ""
    termination_reasons: list[str] = field(default_factory=list)
    protocol_required: bool | None = None
    general_notes: str = ""
    responsible_sectors: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)

    def computed_days_to_finish(self) -> int | None:
        """Calendar days from start to end when both dates exist, else the written number."""
        return days_between(self.started_on, self.finished_on, fallback=self.days_to_finish)

    def to_dict(self) -> dict[str, Any]:
        """The interchange format (JSON-ready: ISO dates, decimals as strings)."""
        return _to_jsonable(self)

    def to_json(self, **kwargs) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CaseData":
        """Build from the interchange format; call `schema_errors` first on untrusted input."""
        values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        values["provider"] = ProviderData(**_parse_dates(data.get("provider") or {}))
        values["contacts"] = [
            ContactData(date=_date(c.get("date")), notes=c.get("notes") or "")
            for c in data.get("contacts") or []
        ]
        for key in ("unit_value", "last_production_value"):
            values[key] = _decimal(values.get(key))
        return cls(**_parse_dates(values))

    @classmethod
    def from_json(cls, text: str) -> "CaseData":
        return cls.from_dict(json.loads(text))


def days_between(
    start: datetime.date | None, end: datetime.date | None, *, fallback: int | None = None
) -> int | None:
    if start and end:
        return (end - start).days
    return fallback


def decimal_text(value: Decimal | None) -> str | None:
    """ "0.30", "1234.56", "0.325": at least two decimals, no trailing zeros beyond them."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"provider": {"cpf": x}, "contacts": [{"date": d}]} -> {"provider.cpf": x,
    "contacts.0.date": d}: one entry per field of the form, for diffs and previews."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}."))
        elif key == "contacts":
            for i, contact in enumerate(value):
                flat.update(flatten(contact, f"{path}.{i}."))
        else:
            flat[path] = value
    return flat


@cache  # compiling the schema takes about 4 ms, and every imported form is validated
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(data: Any) -> list[str]:
    """Where `data` breaks the interchange schema, one Portuguese line per problem."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    return [_schema_message(e) for e in errors]


_SCHEMA_MESSAGES = {
    "type": "tipo errado (esperado {expected}).",
    "enum": "valor fora da lista ({value!r}).",
    "pattern": "formato inválido ({value!r}).",
    "format": "formato inválido ({value!r}; datas em AAAA-MM-DD).",
    "minimum": "valor abaixo do mínimo ({value!r}).",
    "maxLength": "texto longo demais.",
    "additionalProperties": "campo desconhecido: {extra}.",
}


def _schema_message(error) -> str:
    from .vocabulary import field_label

    path = ".".join(str(p) for p in error.absolute_path)
    where = field_label(path) if path else "Formulário"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        field = f"{path}.{missing}" if path else missing
        return f"{field_label(field)}: campo obrigatório no formato de intercâmbio."
    template = _SCHEMA_MESSAGES.get(error.validator, "valor inválido ({value!r}).")
    expected = error.validator_value if error.validator == "type" else ""
    extra = error.message.split("'")[1] if "'" in error.message else ""
    return f"{where}: " + template.format(expected=expected, value=error.instance, extra=extra)


_DATE_KEYS = {
    "form_date",
    "protocol_opened_on",
    "started_on",
    "finished_on",
    "network_entry_date",
}


_FIELD_NAMES = {
    cls: [f.name for f in dataclasses.fields(cls)] for cls in (CaseData, ProviderData, ContactData)
}


def _parse_dates(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (_date(v) if k in _DATE_KEYS else v) for k, v in values.items()}


def _date(value: Any) -> datetime.date | None:
    if value in (None, "") or isinstance(value, datetime.date):
        return value or None
    return datetime.date.fromisoformat(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _to_jsonable(value: Any) -> Any:
    """`dataclasses.asdict` and the JSON conversion in one pass (asdict deep-copies every
    value first: most of the time of a form's diff went there)."""
    names = _FIELD_NAMES.get(type(value))
    if names is not None:
        return {name: _to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, str | int | None):  # bool too
        return value
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value
