"""Gestión in Spanish for the third-party models it lists: the TOTP devices (django-otp) and the background tasks
(django-tasks' database backend) are shown with Spanish columns and fields, read-only. A TOTP device is enrolled by
its owner on the site; Gestión may only remove it, so that the person enrols a new one. Groups are not listed: access
is granted by role (conoceles.core.permissions), never by Django's groups and permissions (named in English)."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else "—"


admin.site.unregister(Group)
admin.site.unregister(TOTPDevice)
admin.site.unregister(DBTaskResult)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["account", "device_name", "created", "last_used", "is_confirmed"]
    list_filter = [("confirmed", admin.BooleanFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    search_help_text = "Busque por usuario o correo de la cuenta."
    fields = readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="cuenta", ordering="user__username")
    def account(self, obj):
        return obj.user.username

    @admin.display(description="nombre del dispositivo")
    def device_name(self, obj):
        return obj.name

    @admin.display(description="registrado", ordering="created_at")
    def created(self, obj):
        return _moment(obj.created_at)

    @admin.display(description="último uso", ordering="last_used_at")
    def last_used(self, obj):
        return _moment(obj.last_used_at)

    @admin.display(description="confirmado", boolean=True, ordering="confirmed")
    def is_confirmed(self, obj):
        return obj.confirmed


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ["id", "task", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name"]

    @admin.display(description="tarea")
    def task(self, obj):
        return obj.task_name

    @admin.display(description="traza del error")
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description="ejecutar después de")
    def display_run_after(self, obj):
        return super().display_run_after(obj)
