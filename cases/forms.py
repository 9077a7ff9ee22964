"""The case screen's forms: the paper form's fields, labels and option texts.

Field names are the interchange paths with "__" for "." (provider__cpf), so the services'
per-field errors (keyed "provider.cpf") land next to their input without a mapping table.
The form parses what the user typed and runs the form's rules (`cases.rules`) on what
parsed, so that every error shows at once; the services enforce the same rules again.
"""

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone

from formio.brids import UFS, compact_id, format_cnpj, format_cpf
from formio.casedata import CaseData, ContactData, ProviderData
from formio.formats import MONTH_NAMES, date_br, decimal_br
from formio.vocabulary import FIELD_LABELS, PERSON_TYPES, Option

from . import rules, vocabulary
from .models import Channel, Operator, Requester

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
YES_NO = [("sim", "SIM"), ("nao", "NÃO")]
UF_CHOICES = [("", "—"), *((uf, uf) for uf in UFS)]
DAY_MONTH_YEAR = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


PROVIDER_FIELDS = ("name", "cro", "cro_uf", "cpf", "cnpj", "person_type", "network_entry_date")


def field_name(path: str) -> str:
    return path.replace(".", "__")


class BrDateField(forms.DateField):
    widget = forms.TextInput(
        attrs={"placeholder": "dd/mm/aaaa", "data-mask": "date", "inputmode": "numeric"}
    )
    input_formats = DATE_FORMATS
    default_error_messages = {"invalid": "data inválida: use dd/mm/aaaa."}

    def to_python(self, value):
        """A well-typed date that the calendar lacks ("31/02/2024") says so."""
        match = DAY_MONTH_YEAR.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            return super().to_python(value)
        day, month, year = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            raise forms.ValidationError(f"data inexistente: não há mês {month}.", "nonexistent")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise forms.ValidationError(
                f"data inexistente: {MONTH_NAMES[month - 1]} de {year} tem {last} dias.",
                "nonexistent",
            )
        return datetime.date(year, month, day)


THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


class MoneyField(forms.CharField):
    """R$ 1.234,56 (or 1234.56) -> Decimal."""

    widget = forms.TextInput(
        attrs={"placeholder": "R$ 0,00", "data-mask": "money", "inputmode": "decimal"}
    )

    def to_python(self, value):
        text = re.sub(r"R\$|\s", "", super().to_python(value) or "")
        if text in ("", "-"):
            return None
        if "," in text or THOUSANDS.fullmatch(text):  # "1.500" is fifteen hundred reais
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("valor inválido: use R$ 1.234,56.") from None


MISSING_VERSION = (
    "Nada foi salvo: a página não informou a versão do caso que você abriu. "
    "Recarregue o caso e refaça as alterações."
)


class CaseForm(forms.Form):
    """Every field of the paper form except contacts (which have their own quick add)."""

    form_date = BrDateField(required=False)
    cro_count = forms.IntegerField(required=False, min_value=0, localize=True)
    operator = forms.ChoiceField(required=False)
    provider__name = forms.CharField(required=False, max_length=200)
    provider__cro = forms.CharField(required=False, max_length=20)
    provider__cro_uf = forms.ChoiceField(required=False, choices=UF_CHOICES)
    provider__cnpj = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"data-mask": "cnpj"})
    )
    provider__cpf = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"data-mask": "cpf", "inputmode": "numeric"})
    )
    provider__network_entry_date = BrDateField(required=False)
    provider__person_type = forms.ChoiceField(
        required=False, widget=forms.RadioSelect, choices=[(o.code, o.label) for o in PERSON_TYPES]
    )
    requested_by = forms.ChoiceField(required=False)
    protocol_number = forms.CharField(required=False, max_length=40)
    protocol_opened_on = BrDateField(required=False)
    service_uf = forms.ChoiceField(required=False, choices=UF_CHOICES)
    city = forms.CharField(required=False, max_length=120)
    lives = forms.IntegerField(required=False, min_value=0, localize=True)
    unique_cros_listed = forms.IntegerField(required=False, min_value=0, localize=True)
    serves_other_plans = forms.ChoiceField(required=False, choices=YES_NO, widget=forms.RadioSelect)
    other_plans = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit_value = MoneyField(required=False)
    last_production = forms.CharField(required=False, max_length=60)
    last_production_value = MoneyField(required=False)
    started_on = BrDateField(required=False)
    finished_on = BrDateField(required=False)
    status = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    retention_actions = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )
    retention_actions_notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    termination_reasons = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )
    protocol_required = forms.ChoiceField(required=False, choices=YES_NO, widget=forms.RadioSelect)
    general_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    responsible_sectors = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, keeping: CaseData | None = None, opening=False, **kwargs):
        """The option lists are the reference tables' active options, plus the inactive ones
        the case being edited (`keeping`) already has. `opening`: a new case, which must
        name its provider."""
        kwargs.setdefault("label_suffix", "")  # the form's labels exactly as printed
        super().__init__(*args, **kwargs)
        self.opening = opening
        for name, field in self.fields.items():
            field.label = FIELD_LABELS.get(name.replace("__", "."), field.label)
        _bootstrap(self)
        options = vocabulary.current(keeping=keeping)
        for name in ("retention_actions", "termination_reasons", "responsible_sectors"):
            self.fields[name].choices = _choices(getattr(options, name))
        self.fields["status"].choices = _choices(options.statuses)
        kept = keeping or CaseData()
        self.fields["operator"].choices = _labels(Operator, kept.operator)
        self.fields["requested_by"].choices = _labels(Requester, kept.requested_by)

    def clean_provider__cpf(self):
        return compact_id(self.cleaned_data["provider__cpf"]) or None

    def clean_provider__cnpj(self):
        return compact_id(self.cleaned_data["provider__cnpj"]) or None

    def clean(self):
        """The form's rules on what parsed, beside the fields that did not parse: every
        error at once instead of one round per kind of error."""
        cleaned = super().clean()
        if not self.opening and cleaned.get("version") is None:
            # The optimistic lock is not optional (issue 17): without the version the page
            # was opened at, a save could overwrite someone else's newer one unseen.
            self.add_error(None, MISSING_VERSION)
        data = self.to_data(analyst=None, contacts=[])
        problems = rules.validity_problems(data, today=timezone.localdate())
        if self.opening:
            problems += rules.identification_problems(data)
        for problem in problems:
            name = field_name(problem.field)
            if name in self.fields and name not in self.errors:
                self.add_error(name, problem.message)
        return cleaned

    def to_data(self, *, analyst: str | None, contacts: list[ContactData]) -> CaseData:
        """The form as CaseData (after is_valid; a field that did not parse is empty)."""
        c = {name: None for name in self.fields}
        c |= {k: (v if v != "" else None) for k, v in self.cleaned_data.items()}
        provider = ProviderData(**{key: c[f"provider__{key}"] for key in PROVIDER_FIELDS})
        simple = {name: c[name] for name in self.fields if "__" not in name and name != "version"}
        for name in ("serves_other_plans", "protocol_required"):
            simple[name] = {"sim": True, "nao": False}.get(simple[name])
        for name in ("other_plans", "retention_actions_notes", "general_notes"):
            simple[name] = simple[name] or ""
        for name in ("retention_actions", "termination_reasons", "responsible_sectors"):
            simple[name] = simple[name] or []
        return CaseData(analyst=analyst, provider=provider, contacts=contacts, **simple)


def initial_from(data: CaseData, version: int | None = None) -> dict:
    """The form's initial values from a CaseData, formatted as the user types them."""
    initial = {"version": version}
    for path, value in _flat(data).items():
        if isinstance(value, datetime.date):
            value = date_br(value)
        elif isinstance(value, Decimal):
            value = f"R$ {decimal_br(value.quantize(Decimal('0.01')))}"
        elif isinstance(value, bool):
            value = "sim" if value else "nao"
        initial[field_name(path)] = value
    initial["provider__cpf"] = format_cpf(data.provider.cpf)
    initial["provider__cnpj"] = format_cnpj(data.provider.cnpj)
    return initial


def _flat(data: CaseData) -> dict:
    values = {k: v for k, v in vars(data).items() if k not in ("provider", "contacts")}
    values |= {f"provider.{k}": v for k, v in vars(data.provider).items()}
    return values


def _bootstrap(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue  # plain inputs inside their labels (Bootstrap's .form-check-input floats)
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs["class"] = "form-control"


def _choices(options: tuple[Option, ...]) -> list[tuple[str, str]]:
    return [(option.code, option.label) for option in options]


def _labels(model, kept: str | None) -> list[tuple[str, str]]:
    """The active options of `model` by label (the case keeps the label), plus `kept`."""
    items = model.objects.filter(Q(active=True) | Q(label=kept or ""))
    return [("", "—"), *((label, label) for label in items.values_list("label", flat=True))]


class ContactForm(forms.Form):
    """The quick add of a contact. Its inputs sit inside the case form, in the paper's order,
    but belong to the separate form "contact-form" (HTML forms cannot nest)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the form's labels exactly as printed
        super().__init__(*args, **kwargs)
        _bootstrap(self)
        for field in self.fields.values():
            field.widget.attrs["form"] = "contact-form"

    date = BrDateField(label="Data", required=False)
    channel = forms.ChoiceField(
        label="Canal", required=False, choices=[("", "—"), *Channel.choices]
    )
    notes = forms.CharField(label="Obs.", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Motivo da reabertura",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Informe o motivo da reabertura."},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": MISSING_VERSION}
    )


class NewContactForm(forms.Form):
    """One contact typed with a new case (the paper's "Nº contato" rows): they go to
    `case_open` with the form, in the same post."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    date = BrDateField(label="Data", required=False)
    notes = forms.CharField(label="Obs.", required=False, widget=forms.Textarea(attrs={"rows": 2}))


# Five rows like the paper (more after opening, on the case screen)
NewContactFormSet = forms.formset_factory(NewContactForm, extra=5, max_num=5, absolute_max=5)


def typed_rows(formset) -> list[NewContactForm]:
    """The rows with a date or notes, in order (after is_valid; none when not posted)."""
    if not formset.is_bound:
        return []
    return [
        form
        for form in formset.forms
        if form.cleaned_data.get("date") or (form.cleaned_data.get("notes") or "").strip()
    ]


def contacts_typed(formset) -> list[ContactData]:
    return [
        ContactData(date=form.cleaned_data["date"], notes=form.cleaned_data["notes"])
        for form in typed_rows(formset)
    ]
