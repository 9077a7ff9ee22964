"""The administrators' user screen: one role as one choice, in Portuguese."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from . import roles

ROLE_CHOICES = [(role, role) for role in roles.ROLES]


class UserForm(forms.Form):
    username = forms.CharField(label="Usuário (login)", max_length=150)
    first_name = forms.CharField(label="Nome", max_length=150, required=False)
    last_name = forms.CharField(label="Sobrenome", max_length=150, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    role = forms.ChoiceField(label="Perfil", choices=ROLE_CHOICES)
    is_active = forms.BooleanField(
        label="Ativo (pode entrar no sistema)", required=False, initial=True
    )
    password = forms.CharField(
        label="Senha", required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        for field in self.fields.values():
            kind = {forms.CheckboxInput: "form-check-input", forms.Select: "form-select"}
            field.widget.attrs["class"] = kind.get(type(field.widget), "form-control")
        if editing is not None:
            self.fields["username"].disabled = True
            self.fields["password"].help_text = "Deixe em branco para manter a senha atual."
        else:
            self.fields["password"].required = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        taken = get_user_model().objects.filter(username__iexact=username)
        if self.editing is None and taken.exists():
            raise forms.ValidationError("Já existe um usuário com este login.")
        return username

    def clean_password(self):
        password = self.cleaned_data["password"]
        if password:
            validate_password(password, self.editing)
        return password
