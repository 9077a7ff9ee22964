"""Background exports: ask (job_start), make (job_run, in the worker), forget (purge_expired).

A job's file lives under MEDIA_ROOT/exportacoes/ and is never served by the web server,
only by downloads.views.job_file to the user who asked. Jobs, rows and files, are deleted
KEEP_HOURS after they were asked: at every new job, and by `manage.py purge_exports`.
"""

import logging
import os
import secrets
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.access import can, sees_personal_data
from cases import exports

from .models import ExportJob, JobStatus

logger = logging.getLogger(__name__)

KEEP_HOURS = 24
STALLED_AFTER = timedelta(minutes=10)  # a running job that has not advanced for this long died
UNEXPECTED = (
    "Erro inesperado ao gerar o arquivo (registrado no log do sistema para a equipe "
    "técnica). Peça a exportação de novo; se falhar outra vez, avise o suporte."
)


class ExportRefused(Exception):
    """Why a job cannot be made, in Portuguese, for the user."""


def job_start(*, user, what: str, filters: dict, total: int) -> ExportJob:
    """Ask for the export `what` (cases.exports.EXPORTS) of the cases `user` may see that
    `filters` (the queue's) select; a background task makes it."""
    from .tasks import run_export

    purge_expired()
    export = exports.EXPORTS[what]
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            what=what,
            filters=filters,
            total=total,
            filename=exports.download_name(export, timezone.localdate()),
        )
        run_export.enqueue(job.pk)
    return job


def job_run(job_id: int) -> None:
    """Make the job's file (the worker). A job already taken by another worker is left alone."""
    taken = ExportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )
    if not taken:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        name, count = _write(job)
    except ExportRefused as refused:
        _fail(job_id, str(refused))
    except OSError as error:
        logger.exception("Exportação %s: falha ao gravar o arquivo", job_id)
        _fail(job_id, f"Não foi possível gravar o arquivo no servidor ({error.strerror}).")
    except Exception:
        logger.exception("Exportação %s falhou", job_id)
        _fail(job_id, UNEXPECTED)
    else:
        ExportJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, file=name, done=count, total=count, finished_at=timezone.now()
        )


def _write(job: ExportJob) -> tuple[str, int]:
    """(the file's storage name, the number of cases in it)."""
    if not can(job.user, "export") or not job.user.is_active:
        raise ExportRefused("Seu usuário não tem mais permissão para exportar casos.")
    queryset, problem = exports.filtered(job.user, job.filters)
    if problem:
        raise ExportRefused(problem)
    export = exports.EXPORTS[job.what]
    name = f"exportacoes/{job.pk}-{secrets.token_hex(8)}.{export.extension}"
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial_path = path.with_suffix(".parcial")
    progress = exports.Progress(partial(_advance, job.pk))
    try:
        with partial_path.open("wb") as out:
            personal = sees_personal_data(job.user)
            exports.write_export(job.what, queryset, out, personal=personal, progress=progress)
        os.replace(partial_path, path)
    finally:
        partial_path.unlink(missing_ok=True)
    return name, progress.n


def _advance(job_id: int, done: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(done=done, heartbeat_at=timezone.now())


def _fail(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=reason, finished_at=timezone.now()
    )


def stalled(job: ExportJob) -> bool:
    """A running job whose worker stopped (killed, restarted) without finishing it."""
    if job.status != JobStatus.RUNNING or job.heartbeat_at is None:
        return False
    return timezone.now() - job.heartbeat_at > STALLED_AFTER


def purge_expired(*, now=None) -> int:
    """Delete the jobs asked more than KEEP_HOURS ago, with their files; how many."""
    limit = (now or timezone.now()) - timedelta(hours=KEEP_HOURS)
    expired = list(ExportJob.objects.filter(created_at__lt=limit))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)
