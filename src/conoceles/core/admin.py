from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History is for reading: a revert would bypass the rules that services enforce (substitutions, statuses)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """Records written by services (logs, decisions): Gestión lists them, never adds, edits nor deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
