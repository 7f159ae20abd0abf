"""The actor's validation (DOMAIN.md §4 step 5); what is public is conoceles.review.publication's to say.

Workflow rows are created lazily here, in their initial state; every change of state goes through
conoceles.review.workflow.transition.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, can
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.rubros import RUBROS

from .models import CandidacyWorkflow, RubroState
from .workflow import Level, State, allowed_action, transition

# The states from which the actor's validation (re-)validates a rubro: never captured as validated yet, or reopened.
_REVALIDATED_RUBRO_STATES = (State.DRAFT, State.CORRECTION_APPROVED)


def workflow_of(candidacy) -> CandidacyWorkflow:
    """The candidacy's workflow row, created in draft the first time it is asked for."""
    workflow, _ = CandidacyWorkflow.objects.get_or_create(candidacy=candidacy)
    return workflow


def rubro_states_of(candidacy) -> dict[str, RubroState]:
    """rubro code -> RubroState for every rubro of rubros.RUBROS, the missing ones created in draft."""
    existing = {r.rubro: r for r in RubroState.objects.filter(candidacy=candidacy)}
    missing = [RubroState(candidacy=candidacy, rubro=r.code) for r in RUBROS if r.code not in existing]
    if missing:
        RubroState.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {r.rubro: r for r in RubroState.objects.filter(candidacy=candidacy)}
    return {r.code: existing[r.code] for r in RUBROS}


def missing_message(missing: dict[str, tuple[str, ...]]) -> str:
    """«Formación académica: Estatus; Propuestas: Propuesta 2, …» for the rubros still incomplete."""
    labels = {r.code: r.label for r in RUBROS}
    return "; ".join(f"{labels[code]}: {', '.join(fields)}" for code, fields in missing.items())


def validate_candidacy(candidacy, *, by) -> CandidacyWorkflow:
    """The political actor validates the candidacy (first time, or again after an approved correction request).

    PermissionDenied if `by` may not validate it (views load the candidacy with get_candidacy_or_404 first, so
    another actor's candidacy is a 404 there). ValidationError with code "not_active" for a substituted or
    cancelled candidacy, "invalid_transition" if it is not awaiting validation, and "incomplete" (params
    `missing`: rubro code -> missing field labels) while a required rubro is incomplete per
    curricular_completeness. Valid: the candidacy and its draft or reopened rubros become validated."""
    if not can(by, Action.VALIDATE_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede validar esta candidatura.")
    if candidacy.status != Candidacy.Status.APPROVED:
        raise ValidationError(
            "Solo se validan candidaturas con registro aprobado (esta está %(status)s).",
            code="not_active",
            params={"status": candidacy.get_status_display().lower()},
        )
    workflow = workflow_of(candidacy)
    if allowed_action(Level.CANDIDACY, workflow.state, State.VALIDATED) is None:
        raise ValidationError(
            "La candidatura no está pendiente de validación (estado: %(state)s).",
            code="invalid_transition",
            params={"state": workflow.get_state_display()},
        )
    completeness = curricular_completeness(candidacy)
    if not completeness.complete:
        missing = completeness.missing
        raise ValidationError(
            "No se puede validar: faltan datos obligatorios. %(detail)s.",
            code="incomplete",
            params={"detail": missing_message(missing), "missing": missing},
        )
    with transaction.atomic():
        rubros = rubro_states_of(candidacy)
        transition(workflow, State.VALIDATED, by=by)
        for rubro_state in rubros.values():
            if rubro_state.state in _REVALIDATED_RUBRO_STATES:
                transition(rubro_state, State.VALIDATED, by=by)
    return workflow
