"""Upload old forms on the web: send, preview each case read, confirm, follow the import."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import get_case_for_user, require, sees_personal_data
from cases.filters import VERSION_DIGITS, typed_id
from cases.vocabulary import current
from formio.readers import UnreadableForm, read_form_bytes
from formio.readers.scan import is_scan

from . import services, several
from .forms import MAX_ZIP_UPLOAD_BYTES, UploadForm
from .matching import form_match
from .models import BatchStatus, Decision, ImportBatch, ImportedFile, Outcome
from .several import in_file_order
from .sources import MAX_FORM_BYTES, MAX_UPLOAD_UNPACKED_BYTES, Allowance, sources_from_upload
from .tasks import import_batch

# Batches up to this size are imported during the request; larger ones by the worker.
SYNC_LIMIT = 10


@login_required
def upload(request):
    require(request.user, "import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        allowance = Allowance()  # what all the files of this upload may unpack together
        sources = [
            item
            for upload in form.cleaned_data["files"]
            for item in sources_from_upload(upload.name, upload.read(), allowance)
        ]
        batch = services.batch_create(
            user=request.user, sources=sources, analyst=form.cleaned_data["analyst"]
        )
        return redirect("imports:batch", pk=batch.pk)
    batches = ImportBatch.objects.filter(created_by=request.user)[:10]
    return render(request, "imports/upload.html", {"form": form, "batches": batches} | LIMITS)


LIMITS = {  # said on the upload screen
    "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    "max_form_mb": MAX_FORM_BYTES // (1024 * 1024),
    "max_zip_mb": MAX_ZIP_UPLOAD_BYTES // (1024 * 1024),
    "max_unpacked_mb": MAX_UPLOAD_UNPACKED_BYTES // (1024 * 1024),
}


@login_required
def batch(request, pk):
    require(request.user, "import")
    batch = get_object_or_404(ImportBatch, pk=pk)
    context = {"batch": batch, "counts": batch.counts(), "Outcome": Outcome}
    context |= {"Decision": Decision, "stalled": services.batch_stalled(batch)}
    if batch.status == BatchStatus.PREVIEW:
        page, previews = _preview_page(batch, request.GET.get("pagina"))
        batch.refresh_from_db(fields=["total"])  # a file of several forms added rows
        context |= {"page": page, "previews": previews}
    else:
        context |= {
            "files": in_file_order(batch.files.select_related("case", "reviewed_by")),
            "vocabulary": current(),
        }
    template = "imports/batch.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@require_POST
@login_required
def confirm(request, pk):
    require(request.user, "import")
    batch = get_object_or_404(ImportBatch, pk=pk, status=BatchStatus.PREVIEW)
    _save_choices(request, batch)
    return _start(request, batch)


@require_POST
@login_required
def choose(request, pk):
    """Keep the choices made on one page of the preview (skip, new case, apply)."""
    require(request.user, "import")
    batch = get_object_or_404(ImportBatch, pk=pk, status=BatchStatus.PREVIEW)
    _save_choices(request, batch)
    messages.success(request, "Escolhas salvas.")
    return redirect(f"{reverse('imports:batch', args=[pk])}?pagina={request.POST.get('pagina', 1)}")


@require_POST
@login_required
def resume(request, pk):
    """Take up a batch whose worker died: the files still pending, each once."""
    require(request.user, "import")
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not services.batch_stalled(batch):
        messages.info(request, "Este lote não está parado.")
        return redirect("imports:batch", pk=pk)
    return _start(request, batch)


def _start(request, batch: ImportBatch):
    pending = batch.files.filter(outcome=Outcome.PENDING).count()
    if pending <= SYNC_LIMIT and not _has_scans(batch):
        if services.batch_claim(batch):
            services.batch_run(batch)
        messages.success(request, "Importação concluída.")
    else:
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED, heartbeat_at=None)
        import_batch.enqueue(batch.pk)
        messages.info(request, f"{pending} arquivos na fila de importação.")
    return redirect("imports:batch", pk=batch.pk)


def _has_scans(batch: ImportBatch) -> bool:
    """Scanned forms are read by the worker (OCR: seconds a page), never in a request."""
    for row in batch.files.filter(outcome=Outcome.PENDING):
        with row.original.open("rb") as handle:
            if is_scan(handle.read()):
                return True
    return False


def _save_choices(request, batch: ImportBatch) -> None:
    """Each `escolha-<file>` posted ("skip", "new", "apply"), with the case's version the
    person saw (`versao-<file>`): applying is refused if the case changed since."""
    for row in batch.files.filter(outcome=Outcome.PENDING):
        decision = request.POST.get(f"escolha-{row.pk}")
        if decision not in Decision.values:
            continue
        row.decision = decision
        version = request.POST.get(f"versao-{row.pk}")
        row.decided_version = typed_id(version, VERSION_DIGITS)
        row.save(update_fields=["decision", "decided_version"])


@login_required
def original(request, pk):
    """The original file of an imported form, for whoever may see its case and the
    person's data in it: a Gestor gets 403 (the file holds the whole CPF and notes)."""
    row = get_object_or_404(ImportedFile, pk=pk, case__isnull=False)
    get_case_for_user(request.user, row.case_id)
    if not sees_personal_data(request.user):
        raise PermissionDenied("O arquivo original tem dados pessoais que seu perfil não vê.")
    if not row.original:
        raise Http404("Arquivo original não guardado.")
    name = row.filename.replace(":", "/").rsplit("/", 1)[-1]
    return FileResponse(row.original.open("rb"), as_attachment=True, filename=name)


def _preview_page(batch: ImportBatch, number):
    """A page of the preview, one entry per form: a file of several forms read for the first
    time adds their rows (imports.several), so the page is made again to show them."""
    for _attempt in range(2):
        page = Paginator(in_file_order(batch.files.all()), 10).get_page(number)
        previews = [_preview(row) for row in page]
        if not any(p.get("added") for p in previews):
            break
    return page, previews


def _preview(row: ImportedFile) -> dict:
    if row.outcome == Outcome.FAILED:
        return {"row": row, "error": row.message}
    with row.original.open("rb") as handle:
        content = handle.read()
    if is_scan(content):  # OCR takes seconds a page: done by the import, then reviewed
        return {"row": row, "scan": True}
    try:
        read = several.form_of_row(row, read_form_bytes(content, row.filename))
    except UnreadableForm as error:
        return {"row": row, "error": str(error)}
    added = several.rows_of_forms(row, read)
    match = form_match(read.data, row.sha256)
    return {
        "added": bool(added),
        "row": row,
        "match": match,
        "data": read.data,
        "vocabulary": current(keeping=read.data),
        "warnings": read.warnings,
        "text": read.text,
    }
