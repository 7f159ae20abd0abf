"""Gestión of the review: the rules per process are configuration; observations, requests and events are records
that change only through the review screens (conoceles.review.services), so Gestión shows them read-only."""

from django.contrib import admin

from conoceles.core.admin import ReadOnlyHistoryAdmin, ReadOnlyLogAdmin

from .models import CorrectionRequest, Observation, ReviewRules, WorkflowEvent


@admin.register(ReviewRules)
class ReviewRulesAdmin(ReadOnlyHistoryAdmin):
    list_display = ["process", "observation_rounds", "correction_requests", "updated_at"]
    readonly_fields = ["updated_at"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyLogAdmin):
    list_display = ["candidacy", "rubros", "rules", "decision", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["decision"]
    list_select_related = ["candidacy", "proposed_by", "decided_by"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyLogAdmin):
    list_display = ["candidacy", "rubros", "decision", "requested_by", "requested_at", "decided_by"]
    list_filter = ["decision"]
    list_select_related = ["candidacy", "requested_by", "decided_by"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "candidacy", "kind", "rubro", "from_state", "to_state", "by"]
    list_filter = ["kind", "to_state"]
    list_select_related = ["candidacy", "by"]
    date_hierarchy = "at"
