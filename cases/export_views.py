"""Downloads: the filtered case list (XLSX, CSV, JSON), its forms as a .zip, one case's form.

Lists follow the queue's filters (querystring, CaseFilter) over the cases the user may
see, need the "export" permission and are masked for LGPD (cases.exports). Up to an
export's `inline_limit` cases the file is made and sent in the request; bigger ones become
a background job (downloads) and the user is sent to its page. One case's PDF/DOCX is for
anyone who may see the case, without the person's data for the Gestor. Every download is
logged (audit) once it has been sent.
"""

import tempfile
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.access import get_case_for_user, require, sees_personal_data
from audit.services import export_log, logged_when_sent
from downloads.services import job_start

from . import exports

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
NOT_FILTERS = {"formato", "page", "pagina", "sort"}
FILE_CHUNK = 64 * 1024


@login_required
def case_list(request, fmt: str):
    return _export(request, f"lista.{fmt}")


@login_required
def forms_zip(request):
    fmt = request.GET.get("formato", "pdf")
    if fmt not in exports.FORM_FORMATS:
        require(request.user, "export")
        return _bad_request("Formato: escolha pdf ou docx.")
    return _export(request, f"formularios.{fmt}.zip")


def _export(request, what: str):
    require(request.user, "export")
    queryset, problem = exports.filtered(request.user, request.GET)
    if problem:
        return _bad_request(problem)
    export = exports.EXPORTS[what]
    filters = {k: v for k, v in request.GET.items() if k not in NOT_FILTERS}
    count = queryset.count()
    if count > export.inline_limit:
        job = job_start(user=request.user, what=what, filters=filters, total=count)
        return redirect("downloads:job", pk=job.pk)
    progress = exports.Progress()
    chunks = _file_chunks(
        what, queryset, personal=sees_personal_data(request.user), progress=progress
    )
    logged = logged_when_sent(
        chunks, user=request.user, what=what, filters=filters, case_count=lambda: progress.n
    )
    response = StreamingHttpResponse(logged, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exports.download_name(export, timezone.localdate())
    )
    return response


def _file_chunks(what: str, queryset, *, personal: bool, progress):
    """The export made into a temporary file, then read back in chunks: the request
    holds at most `inline_limit` cases' worth of work and one chunk of memory."""
    with tempfile.TemporaryFile() as out:
        exports.write_export(what, queryset, out, personal=personal, progress=progress)
        out.seek(0)
        yield from iter(partial(out.read, FILE_CHUNK), b"")


@login_required
def case_document(request, pk: int, fmt: str):
    case = get_case_for_user(request.user, pk)
    content = exports.render_form(case, fmt, personal=sees_personal_data(request.user))
    export_log(user=request.user, what=f"formulario.{fmt}", filters={"caso": case.pk}, case_count=1)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=fmt != "pdf",  # "Imprimir PDF" opens in the browser's viewer
        filename=exports.form_filename(case, fmt),
    )
    return response


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
