from collections.abc import Callable, Iterable, Iterator

from .models import ExportLog


def export_log(*, user, what: str, filters: dict, case_count: int) -> ExportLog:
    """Record that `user` took `case_count` cases out of the system as `what`."""
    clean = {k: v for k, v in filters.items() if v not in ("", None, [])}
    return ExportLog.objects.create(user=user, what=what, filters=clean, case_count=case_count)


def logged_when_sent(
    chunks: Iterable, *, user, what: str, filters: dict, case_count: Callable[[], int]
) -> Iterator:
    """`chunks` of a download as they go; logged (export_log) once the last one has gone
    to the client, with `case_count()` then. A download cut short is not logged: what the
    log records is what was delivered."""
    yield from chunks
    export_log(user=user, what=what, filters=filters, case_count=case_count())
