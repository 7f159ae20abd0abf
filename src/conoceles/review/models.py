"""The state of a candidacy's capture/review workflow and of each rubro, and the append-only log of its changes.

The `state` fields are written only by conoceles.review.workflow.transition (rows are created in their initial
state by conoceles.review.services); nothing else sets them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conoceles.candidacies.models import Candidacy
from conoceles.core.models import AppendOnlyModel
from conoceles.questionnaires.rubros import RUBROS

from .workflow import State

RUBRO_CHOICES = [(rubro.code, rubro.label) for rubro in RUBROS]


class CandidacyWorkflow(models.Model):
    """Where a candidacy stands between capture and publication (DOMAIN.md §4 steps 5–8)."""

    candidacy = models.OneToOneField(
        Candidacy, on_delete=models.CASCADE, related_name="workflow", verbose_name="candidatura"
    )
    state = models.CharField("estado", max_length=24, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "estado de validación de la candidatura"
        verbose_name_plural = "estados de validación de las candidaturas"
        constraints = [models.CheckConstraint(condition=Q(state__in=State.values), name="workflow_state_valid")]

    def __str__(self):
        return f"{self.candidacy_id} · {self.get_state_display()}"


class RubroState(models.Model):
    """Where one rubro of a candidacy's curricular questionnaire stands (observations and corrections are per
    rubro)."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="rubro_states", verbose_name="candidatura"
    )
    rubro = models.CharField("rubro", max_length=20, choices=RUBRO_CHOICES)
    state = models.CharField("estado", max_length=24, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "estado de un rubro"
        verbose_name_plural = "estados de los rubros"
        ordering = ["candidacy_id", "rubro"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "rubro"], name="rubro_state_unique"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="rubro_state_valid"),
        ]

    def __str__(self):
        return f"{self.candidacy_id} · {self.rubro} · {self.get_state_display()}"


class WorkflowEvent(AppendOnlyModel):
    """One change of state: who, when, from what to what and why. Append-only."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="workflow_events", verbose_name="candidatura"
    )
    rubro = models.CharField(
        "rubro", max_length=20, choices=RUBRO_CHOICES, blank=True, help_text="Vacío: la candidatura completa."
    )
    from_state = models.CharField("estado anterior", max_length=24, choices=State.choices)
    to_state = models.CharField("estado nuevo", max_length=24, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="realizado por"
    )
    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "evento de validación y revisión"
        verbose_name_plural = "eventos de validación y revisión"
        ordering = ["candidacy_id", "at", "pk"]
        indexes = [models.Index(fields=["candidacy", "at"], name="workflow_event_candidacy_at")]

    def __str__(self):
        return f"{self.candidacy_id} · {self.rubro or 'candidatura'} · {self.from_state} → {self.to_state}"
