"""The bulk actions' forms (what the user confirms) and the saved view's form."""

from django import forms
from django.utils import timezone

from accounts.roles import case_workers
from cases.forms import BrDateField

from .models import BulkAction, SavedView

TEXT_MAX = 2000


class AssignForm(forms.Form):
    analyst = forms.ModelChoiceField(
        label="Novo colaborador",
        queryset=case_workers(),
        empty_label="Escolha",
        error_messages={"required": "Escolha o novo colaborador."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["analyst"]
        field.label_from_instance = lambda user: user.get_full_name() or user.username

    def params(self) -> dict:
        return {"analyst": self.cleaned_data["analyst"].pk}


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Comentário interno",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Um comentário interno em cada caso (não vai para o formulário impresso); "
        "@usuario avisa a pessoa.",
        error_messages={"required": "Escreva o comentário."},
    )

    def params(self) -> dict:
        return {"text": self.cleaned_data["text"].strip()}


class CloseForm(forms.Form):
    justification = forms.CharField(
        label="Justificativa",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Por que estes casos não são de retenção; vai para o Obs. Geral de cada caso.",
        error_messages={"required": "Escreva a justificativa do encerramento."},
    )
    finished_on = BrDateField(label="Data final")

    def clean_finished_on(self):
        day = self.cleaned_data["finished_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("não pode ser uma data futura.")
        return day

    def params(self) -> dict:
        return {
            "justification": self.cleaned_data["justification"].strip(),
            "finished_on": self.cleaned_data["finished_on"].isoformat(),
        }


ACTION_FORMS = {
    BulkAction.ASSIGN: AssignForm,
    BulkAction.NOTE: NoteForm,
    BulkAction.CLOSE: CloseForm,
}


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "shared"]
        labels = {"name": "Nome da visão", "shared": "Compartilhar com a equipe"}
        error_messages = {"name": {"required": "Dê um nome à visão."}}
