"""What the queue screen needs from the worklist: its columns, headers and saved views."""

from . import columns
from .models import views_for


def worklist_context(request, sort: str) -> dict:
    shown = columns.chosen(",".join(request.GET.getlist("colunas")))
    return {
        "columns": shown,
        "column_keys": [column.key for column in shown],
        "all_columns": columns.COLUMNS,
        "headers": columns.headers(shown, sort),
        "columns_asked": request.GET.getlist("colunas"),
        "saved_views": list(views_for(request.user)),
    }
