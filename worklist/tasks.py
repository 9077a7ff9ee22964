from django.tasks import task


@task
def run_bulk(run_id: int) -> None:
    """A big bulk action (run by `manage.py db_worker`): worklist.bulk.bulk_run."""
    from .bulk import bulk_run

    bulk_run(run_id)
