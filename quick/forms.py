from django import forms

from .models import ContactTemplate


class ContactTemplateForm(forms.ModelForm):
    class Meta:
        model = ContactTemplate
        fields = ["name", "text", "position", "active"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "text": forms.Textarea(attrs={"class": "form-control", "rows": 4}),
            "position": forms.NumberInput(attrs={"class": "form-control", "min": 0}),
            "active": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }
        error_messages = {
            "name": {
                "required": "Informe o nome do modelo.",
                "unique": "Já existe um modelo com este nome.",
            },
            "text": {"required": "Escreva o texto da observação."},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
