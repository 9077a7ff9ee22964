from django.tasks import task


@task
def run_export(job_id: int) -> None:
    """Background export (run by `manage.py db_worker`): downloads.services.job_run."""
    from .services import job_run

    job_run(job_id)
