"""Downloads: the filtered case list (XLSX, CSV, JSON), its forms as a .zip, one case's form.

Lists follow the queue's filters (querystring, CaseFilter) over the cases the user may
see, need the "export" permission and are masked for LGPD (cases.exports). One case's
PDF/DOCX is for anyone who may see the case. Every download is logged (audit).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.access import get_case_for_user, require, sees_personal_data, visible_cases
from audit.services import export_log

from . import exports
from .filters import CaseFilter

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "zip": "application/zip",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
NOT_FILTERS = {"formato", "page", "sort"}


@login_required
def case_list(request, fmt: str):
    require(request.user, "export")
    queryset, problem = _filtered(request)
    if problem:
        return _bad_request(problem)
    count = queryset.count()
    _log(request, f"lista.{fmt}", count)
    personal = sees_personal_data(request.user)
    filename = f"casos_{_today()}.{fmt}"
    if fmt == "xlsx":
        out, _ = exports.xlsx_file(queryset, personal=personal)
        return FileResponse(
            out, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
        )
    chunks = {"csv": exports.csv_chunks, "json": exports.json_chunks}[fmt]
    return _attachment(chunks(queryset, personal=personal), fmt, filename)


@login_required
def forms_zip(request):
    require(request.user, "export")
    fmt = request.GET.get("formato", "pdf")
    if fmt not in exports.FORM_FORMATS:
        return HttpResponseBadRequest(
            "Formato: escolha pdf ou docx.", content_type="text/plain; charset=utf-8"
        )
    queryset, problem = _filtered(request)
    if problem:
        return _bad_request(problem)
    _log(request, f"formularios.{fmt}.zip", queryset.count())
    chunks = exports.forms_zip_chunks(exports.form_cases(queryset), fmt)
    return _attachment(chunks, "zip", f"formularios_{fmt}_{_today()}.zip")


@login_required
def case_document(request, pk: int, fmt: str):
    case = get_case_for_user(request.user, pk)
    content = exports.render_form(case, fmt)
    export_log(user=request.user, what=f"formulario.{fmt}", filters={"caso": case.pk}, case_count=1)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exports.form_filename(case, fmt)
    )
    return response


def _filtered(request):
    """(queryset, None) or (None, a Portuguese message naming the bad filter)."""
    filterset = CaseFilter(request.GET, queryset=visible_cases(request.user))
    if not filterset.is_valid():
        form = filterset.form
        return None, "Filtro inválido: " + "; ".join(
            f"{form.fields[name].label}: {' '.join(messages)}"
            for name, messages in form.errors.items()
        )
    return filterset.qs, None


def _log(request, what: str, count: int) -> None:
    filters = {k: v for k, v in request.GET.items() if k not in NOT_FILTERS}
    export_log(user=request.user, what=what, filters=filters, case_count=count)


def _attachment(chunks, fmt: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _today() -> str:
    return timezone.localdate().strftime("%d-%m-%Y")


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
