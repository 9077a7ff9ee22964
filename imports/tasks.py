from django.tasks import task


@task
def import_batch(batch_id: int) -> dict[str, int]:
    """Background import of a large batch (run by `manage.py db_worker`)."""
    from .models import ImportBatch
    from .services import batch_run

    return batch_run(ImportBatch.objects.get(pk=batch_id))
