from django.tasks import task


@task
def import_batch(batch_id: int) -> dict[str, int]:
    """Background import of a large batch (run by `manage.py db_worker`); then any batch
    whose worker died (killed, restarted) is taken up, each file still imported once."""
    from .models import ImportBatch
    from .services import batch_claim, batch_run, batches_stalled

    batch = ImportBatch.objects.get(pk=batch_id)
    counts = batch_run(batch) if batch_claim(batch) else batch.counts()
    for stalled in batches_stalled():
        if batch_claim(stalled):
            batch_run(stalled)
    return counts
