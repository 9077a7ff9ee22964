"""The substitution panel's forms: they parse what the user typed; rules live in rules.py."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from cases.filters import typed_id
from cases.models import Provider
from formio.brids import UFS, compact_id

from . import services
from .models import Municipality, ProviderProfile, Substitution

UF_FILTER = [("", "Todas"), *((uf, uf) for uf in UFS)]


class MunicipalityField(forms.CharField):
    """A municipality typed as "Petrópolis/RJ" (accents and case aside) or by IBGE code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Ex.: Petrópolis/RJ ou o código IBGE 3303906.")
        super().__init__(max_length=130, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Municipality.objects.filter(pk=value).first()
        return str(value) if isinstance(value, Municipality) else value

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        found = municipality_named(text)
        if found is None:
            raise forms.ValidationError(f"município “{text}” não encontrado (use Nome/UF).")
        return found


def municipality_named(text: str) -> Municipality | None:
    if text.isdigit():
        return Municipality.objects.filter(ibge_code=text).first()
    name, _, uf = text.rpartition("/")
    wanted = fold(name)
    candidates = Municipality.objects.filter(uf=uf.strip().upper())
    return next((m for m in candidates if fold(m.name) == wanted), None)


def fold(text: str) -> str:
    """Accents and case aside: "São João" and "SAO JOAO" are the same name."""
    plain = unicodedata.normalize("NFKD", text.strip()).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


class BrDateField(forms.DateField):
    widget = forms.DateInput(
        format="%d/%m/%Y", attrs={"placeholder": "dd/mm/aaaa", "inputmode": "numeric"}
    )
    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": "data inválida: use dd/mm/aaaa."}


class Styled:
    """Bootstrap's classes on every input (checkbox lists are laid out by the template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _blank_as_dash(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            elif not isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-control form-control-sm"


def _blank_as_dash(field) -> None:
    """The empty option reads "—", as on the case screen (not Django's English default)."""
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = "—" if field.empty_label is not None else None
    elif isinstance(field, forms.ChoiceField):
        field.choices = [
            (v, "—" if v == "" and str(t).startswith("-") else t) for v, t in field.choices
        ]


class OptionsField(forms.ModelMultipleChoiceField):
    """Ticked options; an id past any the database can hold is no option (SQLite cannot even
    compare it: OverflowError)."""

    def clean(self, value):
        for pk in value or ():
            if str(pk).isdecimal() and typed_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], "invalid_choice", {"value": pk}
                )
        return super().clean(value)


class SubstitutionForm(Styled, forms.ModelForm):
    network_cro = forms.CharField(
        label="Substituto já cadastrado na rede (CRO/UF, ex.: 12345/RJ)",
        required=False,
        max_length=30,
    )
    evidence = forms.FileField(label="Anexar comprovante", required=False)
    substitute_municipality = MunicipalityField(label="município do substituto", required=False)

    class Meta:
        model = Substitution
        fields = [f for f in services.FIELDS if f != "substitute_provider"] + list(services.MANY)
        field_classes = {
            f: BrDateField
            for f in (
                "last_service_on",
                "substitute_starts_on",
                "published_on",
                "publish_until",
                "rps_updated_on",
            )
        } | {"plans": OptionsField, "substitute_specialties": OptionsField}
        widgets = {
            "plans": forms.CheckboxSelectMultiple,
            "substitute_specialties": forms.CheckboxSelectMultiple,
            "added_capacity_evidence": forms.Textarea(attrs={"rows": 2}),
            "exception_evidence": forms.Textarea(attrs={"rows": 2}),
            "continuing_patients_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.substitute_provider_id:
            provider = self.instance.substitute_provider
            self.initial.setdefault("network_cro", f"{provider.cro}/{provider.uf}")

    def clean_substitute_cnpj(self):
        return compact_id(self.cleaned_data["substitute_cnpj"])

    def clean_substitute_cep(self):
        return "".join(c for c in self.cleaned_data["substitute_cep"] if c.isdigit())

    def clean_network_cro(self):
        text = self.cleaned_data["network_cro"].replace(" ", "").upper()
        if not text:
            return None
        cro, _, uf = text.partition("/")
        provider = Provider.objects.filter(cro=cro, uf=uf).first()
        if provider is None:
            raise forms.ValidationError(f"nenhum prestador com CRO {cro}/{uf} na rede.")
        return provider

    def values(self) -> dict:
        """The service's `values`: every field of the form, the picked provider included."""
        values = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("network_cro", "evidence")
        }
        values["substitute_provider"] = self.cleaned_data["network_cro"]
        return values


class ProviderProfileForm(Styled, forms.ModelForm):
    """The departing provider's address and specialties, as the notice prints them."""

    municipality = MunicipalityField(label="município", required=False)

    class Meta:
        model = ProviderProfile
        fields = [
            "establishment_type",
            "specialties",
            "street",
            "cep",
            "municipality",
            "phone",
            "website",
        ]
        widgets = {"specialties": forms.CheckboxSelectMultiple}
        field_classes = {"specialties": OptionsField}
        labels = {"street": "endereço (rua, número, bairro)"}

    def clean_cep(self):
        return "".join(c for c in self.cleaned_data["cep"] if c.isdigit())


class MunicipalitiesUploadForm(Styled, forms.Form):
    file = forms.FileField(label="Arquivo CSV de municípios")


class PublicFilterForm(Styled, forms.Form):
    uf = forms.ChoiceField(label="UF", choices=UF_FILTER, required=False)
    municipio = forms.CharField(label="Município", required=False, max_length=120)
