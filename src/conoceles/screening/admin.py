from django.contrib import admin, messages

from .models import WatchedTerm
from .tasks import scan_process_task


@admin.register(WatchedTerm)
class WatchedTermAdmin(admin.ModelAdmin):
    list_display = ("term", "note", "process", "created_at")
    list_filter = ("process",)
    search_fields = ("term", "note")
    actions = ["rescan_processes"]

    @admin.action(description="Revisar de nuevo todas las candidaturas del proceso de los términos seleccionados")
    def rescan_processes(self, request, queryset):
        process_ids = set(queryset.values_list("process_id", flat=True))
        for process_id in process_ids:
            scan_process_task.enqueue(process_id)
        messages.success(
            request,
            f"Se programó la revisión automática de {len(process_ids)} proceso(s). Los cambios en los términos "
            "vigilados solo se reflejan en los hallazgos después de esa revisión.",
        )
