from django.contrib import admin

from conoceles.changes import PublicChangesAdmin
from conoceles.core.admin import ReadOnlyHistoryAdmin
from conoceles.core.permissions import require_sensitive_data_readable, sensitive_data_readable
from conoceles.core.text import fold

from .models import Candidacy


@admin.register(Candidacy)
class CandidacyAdmin(PublicChangesAdmin, ReadOnlyHistoryAdmin):
    """Staff correct data here; substitutions and status changes come only from imports (they keep history). A
    candidacy is never deleted: substitution and cancellation are the ways out (without the permission, Gestión
    offers no delete button nor action and its delete page answers 403)."""

    list_display = ["name", "registration_id", "contest", "actor", "formula_number", "position", "sex", "status"]
    list_filter = ["process", "status", "contest__cargo", "actor", "sex", "position", "affirmative_action",
                   "consecutive_election"]
    search_fields = ["search_name", "registration_id"]
    list_select_related = ["contest", "actor"]
    readonly_fields = ["status", "replaces", "replaced_by_link", "created_at", "updated_at"]
    autocomplete_fields = ["contest", "actor"]
    list_per_page = 50
    fieldsets = [
        ("Registro", {"fields": ["process", "registration_id", "status", "replaces", "replaced_by_link"]}),
        ("Postulación", {"fields": ["contest", "actor", "formula_number", "position", "consecutive_election",
                                    "affirmative_action"]}),
        ("Persona", {"fields": ["first_name", "last_name", "second_last_name", "sex", "birth_date", "declared_age"]}),
        ("Contacto privado (nunca se publica)", {"fields": ["private_email"]}),
        ("Fechas", {"fields": ["created_at", "updated_at"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fieldsets(self, request, obj=None):
        """The private e-mail is not shown (nor editable) once the process's sensitive data is blocked."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not sensitive_data_readable(obj.process):
            fieldsets = [(name, opts) for name, opts in fieldsets if "private_email" not in opts["fields"]]
        return fieldsets

    def history_view(self, request, object_id, extra_context=None):
        # The history rows copy the private e-mail: blocked with the process's sensitive data.
        candidacy = self.get_object(request, object_id)
        if candidacy is not None:
            require_sensitive_data_readable(candidacy.process)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        candidacy = self.get_object(request, object_id)
        if candidacy is not None:
            require_sensitive_data_readable(candidacy.process)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    @admin.display(description="nombre", ordering="last_name")
    def name(self, obj):
        return obj.full_name

    @admin.display(description="sustituida por")
    def replaced_by_link(self, obj):
        replacement = getattr(obj, "replaced_by", None)
        return str(replacement) if replacement else "—"
