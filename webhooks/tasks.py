from django.tasks import task


@task
def deliver(delivery_id: int) -> bool:
    """One try of a webhook delivery (run by `manage.py db_worker`); True when delivered."""
    from .models import Delivery
    from .services import send

    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != Delivery.State.PENDING:
        return False  # gone, or already delivered by an earlier run of the same task
    return send(delivery).ok
