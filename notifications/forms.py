from django import forms

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email_digest"]
        widgets = {"email_digest": forms.CheckboxInput(attrs={"class": "form-check-input"})}
