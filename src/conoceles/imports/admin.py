from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only record of imports; uploads and confirmations happen on the import screen."""

    list_display = [
        "original_name",
        "kind",
        "process",
        "status",
        "rows_total",
        "error_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status", "process"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
