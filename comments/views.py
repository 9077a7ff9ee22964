"""Comments and attachments on the case screen (its right-hand panel) and downloads.

Writing needs the case's "edit" permission (get_case_for_user(write=True)); reading, the
case's "view". Attachments are downloaded only by roles that see personal data (not the
Gestor, as with imported originals), each download logged in the export log.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts import access
from audit.services import logged_when_sent

from . import services
from .forms import AttachmentForm, CommentForm
from .models import Attachment, Comment

FILE_CHUNK = 64 * 1024


@login_required
@require_POST
def comment_add(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            posted = services.comment_add(
                user=request.user, case=case, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error.message_dict.get("text", error.messages))
        else:
            _say_who_was_told(request, posted)
            if not request.htmx:
                return redirect(_panel_url(case))
            form = CommentForm()
    template = "comments/_panel.html" if request.htmx else "comments/page.html"
    return render(request, template, panel_context(request, case, comment_form=form))


@login_required
@require_POST
def attachment_add(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                user=request.user,
                case=case,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"Arquivo “{attachment.filename}” anexado.")
            return redirect(_panel_url(case))
    context = panel_context(request, case, attachment_form=form)
    return render(request, "comments/page.html", context, status=400)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    case = access.get_case_for_user(request.user, attachment.case_id)
    if not access.sees_personal_data(request.user):
        raise PermissionDenied("Os anexos têm dados pessoais que seu perfil não vê.")
    if not attachment.file:
        raise Http404("Arquivo removido.")
    try:
        chunks = _read(attachment.file.open("rb"))
    except FileNotFoundError:
        raise Http404("Arquivo não encontrado.") from None
    logged = logged_when_sent(
        chunks,
        user=request.user,
        what=f"anexo.{attachment.kind}",
        filters={"caso": case.pk, "anexo": attachment.pk},
        case_count=lambda: 1,
    )
    response = StreamingHttpResponse(logged, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    return response


def panel_context(request, case, *, comment_form=None, attachment_form=None) -> dict:
    """What the panel shows `request.user` of `case` (the Gestor: comments masked, files
    by type and size only)."""
    user = request.user
    return {
        "case": case,
        "comments": Comment.objects.filter(case=case).select_related("author"),
        "attachments": Attachment.objects.filter(case=case).select_related("uploaded_by"),
        "can_comment": access.can(user, "edit", case),
        "personal": access.sees_personal_data(user),
        "comment_form": comment_form or CommentForm(),
        "attachment_form": attachment_form or AttachmentForm(),
        "max_bytes": settings.ATTACHMENT_MAX_BYTES,
    }


def _say_who_was_told(request, posted: services.Posted) -> None:
    if posted.notified:
        names = ", ".join(p.get_full_name() or p.username for p in posted.notified)
        messages.success(request, f"Comentário registrado; avisado(s): {names}.")
    else:
        messages.success(request, "Comentário registrado.")
    if posted.not_notified:
        names = ", ".join(f"@{name}" for name in posted.not_notified)
        messages.warning(
            request,
            f"Não avisado(s): {names} (usuário inexistente, inativo ou sem acesso ao caso).",
        )


def _panel_url(case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#comentarios"


def _read(file):
    with file:
        yield from iter(partial(file.read, FILE_CHUNK), b"")
