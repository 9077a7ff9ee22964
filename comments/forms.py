from django import forms

from .files import ACCEPTED
from .services import COMMENT_MAX, DESCRIPTION_MAX


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Comentário interno",
        help_text="Não vai para o formulário nem para a impressão. "
        "Use @usuário para avisar alguém.",
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=COMMENT_MAX,
        error_messages={
            "required": "Escreva o comentário.",
            "max_length": f"Use no máximo {COMMENT_MAX} caracteres.",
        },
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Arquivo",
        help_text=f"{ACCEPTED}.",
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".png,.jpg,.jpeg,.pdf,.eml"}
        ),
        error_messages={"required": "Escolha o arquivo.", "empty": "O arquivo está vazio."},
    )
    description = forms.CharField(
        label="Descrição",
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
