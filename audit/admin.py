from django.contrib import admin

from retencao.admin import ReadOnlyAdmin

from .models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    """Read-only: the log is evidence, nobody edits it."""

    list_display = ["at", "user", "what", "case_count", "filters"]
    list_filter = ["what", "user"]
    date_hierarchy = "at"
