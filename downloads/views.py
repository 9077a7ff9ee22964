"""The background export pages: a job's progress and its file, for the user who asked
(anyone else gets 404), and the list of the user's recent jobs."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from audit.services import logged_when_sent
from cases.exports import EXPORTS

from .models import ExportJob, JobStatus
from .services import KEEP_HOURS, stalled

FILE_CHUNK = 64 * 1024


@login_required
def jobs(request):
    recent = ExportJob.objects.filter(user=request.user)[:20]
    context = {"jobs": [(job, EXPORTS[job.what]) for job in recent], "keep_hours": KEEP_HOURS}
    return render(request, "downloads/jobs.html", context)


@login_required
def job(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    context = {
        "job": job,
        "export": EXPORTS[job.what],
        "stalled": stalled(job),
        "keep_hours": KEEP_HOURS,
    }
    template = "downloads/job.html#status" if request.htmx else "downloads/job.html"
    return render(request, template, context)


@login_required
def job_file(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user, status=JobStatus.DONE)
    export = EXPORTS[job.what]
    try:
        chunks = _read(job.file.open("rb"))
    except FileNotFoundError:  # removed from the disk by hand: as if expired
        raise Http404("Arquivo não encontrado.") from None
    logged = logged_when_sent(
        chunks, user=request.user, what=job.what, filters=job.filters, case_count=lambda: job.total
    )
    response = StreamingHttpResponse(logged, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=job.filename
    )
    return response


def _read(file):
    with file:
        yield from iter(partial(file.read, FILE_CHUNK), b"")
