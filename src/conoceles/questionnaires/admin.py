from django.contrib import admin
from django.core.exceptions import PermissionDenied

from conoceles.changes import PublicChangesAdmin
from conoceles.core.admin import ReadOnlyHistoryAdmin
from conoceles.core.permissions import sensitive_readable_q

from .models import CaptureRules, ConsentRecord, IdentityOption, IdentityQuestion, PrivacyNotice
from .services import publish_notice


@admin.register(CaptureRules)
class CaptureRulesAdmin(PublicChangesAdmin, ReadOnlyHistoryAdmin):
    list_display = ["process", "photo_max_kb", "min_text_length", "proposal_max", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["process"]}),
        ("Fotografía", {"fields": ["photo_max_kb", "photo_max_side_px"]}),
        (
            "Longitud de los textos (caracteres)",
            {
                "fields": [
                    "min_text_length",
                    "other_training_max",
                    "professional_history_max",
                    "political_trajectory_max",
                    "motivation_max",
                    "proposal_max",
                ]
            },
        ),
        (
            "Catálogos de formación académica",
            {"fields": ["education_levels", "education_statuses", "levels_without_status"]},
        ),
        ("Fechas", {"fields": ["updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "process"] if obj else self.readonly_fields


class IdentityOptionInline(admin.TabularInline):
    model = IdentityOption
    extra = 1
    fields = ["label", "order", "requires_detail", "is_decline"]


@admin.register(IdentityQuestion)
class IdentityQuestionAdmin(PublicChangesAdmin, admin.ModelAdmin):
    list_display = ["number", "text", "kind", "parent", "group", "process"]
    list_display_links = ["number", "text"]
    list_filter = ["process", "kind"]
    search_fields = ["text"]
    ordering = ["process", "order", "number"]
    inlines = [IdentityOptionInline]
    fields = ["process", "number", "order", "text", "export_header", "kind", "group", "parent", "parent_option"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        parent, option = form.base_fields.get("parent"), form.base_fields.get("parent_option")
        if obj is not None and parent is not None and option is not None:
            parent.queryset = IdentityQuestion.objects.filter(process=obj.process).exclude(pk=obj.pk)
            option.queryset = IdentityOption.objects.filter(question__process=obj.process).select_related("question")
        if option is not None:
            option.label_from_instance = lambda o: f"{o.question.number}. {o.label}"
        return form


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """A published version is never edited: a change is published as a new version, which everybody accepts
    again."""

    list_display = ["process", "kind", "version", "published_at", "published_by"]
    list_filter = ["process", "kind"]
    fields = ["process", "kind", "text", "rights_section", "version", "published_at", "published_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # the conservation and ARCO section is rendered from the process's dates on publishing
            return ["rights_section", "version", "published_at", "published_by"]
        return self.fields

    def has_change_permission(self, request, obj=None):
        return False  # published versions are shown read-only

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        published = publish_notice(obj.process, obj.kind, obj.text, by=request.user)
        obj.pk, obj.version, obj.published_at = published.pk, published.version, published.published_at
        obj._state.adding = False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Read-only: consent is recorded by the candidate or her party in the capture screens, append-only."""

    list_display = ["candidacy", "item", "given", "method", "recorded_by", "recorded_at", "has_evidence"]
    list_filter = ["item", "given", "method", "candidacy__process"]
    search_fields = ["candidacy__search_name", "candidacy__registration_id"]
    list_select_related = ["candidacy", "recorded_by"]
    fields = ["candidacy", "item", "given", "notice", "method", "recorded_by", "recorded_at", "has_evidence"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Consent records of a process whose sensitive data is blocked (bloqueo) are not listed.
        return super().get_queryset(request).filter(sensitive_readable_q("candidacy__process"))

    @admin.display(description="evidencia", boolean=True)
    def has_evidence(self, obj):
        # The file is in private storage: no URL serves it, so the admin shows only whether it exists.
        return bool(obj.evidence)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
