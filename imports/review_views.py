"""The review screen of a scanned form: the page image beside the fields read by OCR."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.access import require
from cases.filters import typed_id
from cases.vocabulary import current
from formio.casedata import CaseData
from formio.readers import UnreadableForm
from formio.readers.scan import page_preview

from .models import ImportedFile, Outcome
from .review import ReviewForm, review_confirm


@login_required
def review(request, pk):
    """GET: what OCR read, to check; POST: the person's confirmation (or corrections)."""
    require(request.user, "import")
    row = get_object_or_404(ImportedFile.objects.select_related("batch"), pk=pk)
    if row.outcome != Outcome.REVIEW:
        messages.info(request, "Este formulário já foi revisado.")
        return redirect("imports:batch", pk=row.batch_id)
    read = CaseData.from_dict(row.reading["data"])
    form = ReviewForm(
        request.POST or None,
        data_read=read,
        vocabulary=current(keeping=read),
        reading=row.reading,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = review_confirm(row=row, user=request.user, data=form.case_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("imports:batch", pk=row.batch_id)
        return _after(request, row, result)
    first = row.reading.get("first_page", 0)  # its file may hold several forms
    pages = range(first, first + row.reading.get("pages", 1))
    context = {"row": row, "form": form, "pages": pages}
    context["uncertain"] = row.reading.get("uncertain", [])
    return render(request, "imports/review.html", context)


def _after(request, row, result):
    if result.outcome in (Outcome.CREATED, Outcome.UPDATED):
        messages.success(request, f"Formulário revisado e salvo: caso {result.case_id}.")
        return redirect("cases:detail", pk=result.case_id)
    text = result.message or ", ".join(result.warnings) or result.outcome
    messages.warning(request, f"{row.filename}: {text}")
    return redirect("imports:batch", pk=row.batch_id)


@login_required
def review_page(request, pk):
    """One page (`?pagina=`, from 0) of the scanned original, a picture for the review."""
    require(request.user, "import")
    page = typed_id(request.GET.get("pagina")) or 0
    row = get_object_or_404(ImportedFile, pk=pk, outcome=Outcome.REVIEW)
    if not row.original:
        raise Http404("Arquivo original não guardado.")
    with row.original.open("rb") as handle:
        content = handle.read()
    try:
        png = page_preview(content, page)
    except UnreadableForm:
        raise Http404("Página inexistente.") from None
    return HttpResponse(png, content_type="image/png")
