"""anonymise_case_extras: what anonymisation (LGPD) does to a case's comments and files."""

from django.urls import reverse

from comments.models import Attachment, Comment
from comments.services import anonymise_case_extras, attachment_add, comment_add


def test_anonymising_blanks_comments_and_deletes_the_files(
    client, analyst, supervisor, case, screenshot, settings
):
    comment_add(user=analyst, case=case, text="@supervisor o CPF é 529.982.247-25")
    attachment = attachment_add(user=analyst, case=case, upload=screenshot, description="conversa")
    path = settings.MEDIA_ROOT / attachment.file.name
    assert path.exists()

    anonymise_case_extras(case)

    comment = Comment.objects.get()
    assert comment.text == "(anonimizado)" and not comment.mentioned.exists()
    attachment.refresh_from_db()
    assert not path.exists() and not attachment.file
    assert (attachment.filename, attachment.description) == ("(anonimizado)", "")
    client.force_login(analyst)
    assert client.get(reverse("comments:attachment", args=[attachment.pk])).status_code == 404
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "529.982.247-25" not in html and "whatsapp.png" not in html and "conversa" not in html


def test_the_history_tab_lists_comments_and_files_among_the_changes_newest_first(
    client, analyst, case, screenshot
):
    from cases import services

    comment_add(user=analyst, case=case, text="Primeiro comentário")
    attachment_add(user=analyst, case=case, upload=screenshot)
    services.contact_add(user=analyst, case=case, date=None, notes="Ligou de novo")
    client.force_login(analyst)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    history = html[html.index('id="aba-historico"') :]
    order = [
        history.index(label)
        for label in ("Contato registrado", "Anexo adicionado", "Comentário interno", "Caso aberto")
    ]
    assert order == sorted(order)
    assert "whatsapp.png · Imagem PNG" in history
    assert Attachment.objects.count() == 1
