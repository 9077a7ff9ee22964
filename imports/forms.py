from django import forms

from accounts.roles import case_workers
from formio.readers import FORM_SUFFIXES, FORMATS_TEXT

from .sources import MAX_FORM_BYTES

MAX_ZIP_UPLOAD_BYTES = 200 * 1024 * 1024
ACCEPTED = sorted(FORM_SUFFIXES | {".zip"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or (
            super().clean(None, initial)
        )


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=f"Formulários ({FORMATS_TEXT} ou .zip)",
        widget=MultipleFileInput(attrs={"accept": ",".join(ACCEPTED)}),
        error_messages={"required": "Escolha ao menos um arquivo."},
    )
    analyst = forms.ModelChoiceField(
        label="Atribuir os casos sem colaborador a",
        queryset=case_workers(),
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            _check(upload)
        return files


def _check(upload) -> None:
    name = upload.name
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ACCEPTED:
        raise forms.ValidationError(f"{name}: tipo não aceito; envie {FORMATS_TEXT} ou .zip.")
    limit = MAX_ZIP_UPLOAD_BYTES if suffix == ".zip" else MAX_FORM_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"{name}: {upload.size // (1024 * 1024)} MB passa do limite de "
            f"{limit // (1024 * 1024)} MB."
        )
