from .models import ExportLog


def export_log(*, user, what: str, filters: dict, case_count: int) -> ExportLog:
    """Record that `user` took `case_count` cases out of the system as `what`."""
    clean = {k: v for k, v in filters.items() if v not in ("", None, [])}
    return ExportLog.objects.create(user=user, what=what, filters=clean, case_count=case_count)
