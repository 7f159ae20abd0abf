"""THE state machine of a candidacy's capture/review workflow and of each of its rubros (DOMAIN.md §4 steps 5–8).

Two tables, one per level, list every allowed change of state and the Action (conoceles.core.permissions) whose
holder may make it, on that candidacy. `transition()` is the only code that writes a workflow state: it checks the
table and `can(by, action, candidacy)`, writes the state and appends a WorkflowEvent. Anything not in a table is
refused.

Candidacy level (the actor's validation):
    draft ─validate→ validated ─ask to reopen→ correction_requested ─admin approves→ correction_approved
    correction_requested ─admin rejects→ validated;   correction_approved ─re-validate→ validated

Rubro level (what the public site shows of each rubro):
    draft ─validate→ validated ─admin approves an observation→ observed ─actor corrects→ corrected
    corrected ─reviewer accepts→ validated;   corrected ─admin approves a new observation→ observed
    validated ─actor asks to reopen→ correction_requested ─admin approves→ correction_approved ─re-validate→ validated
    correction_requested ─admin rejects→ validated
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from conoceles.core.permissions import Action, can


class State(models.TextChoices):
    DRAFT = "draft", "En captura"
    VALIDATED = "validated", "Validada"
    OBSERVED = "observed", "Observada"
    CORRECTED = "corrected", "Subsanada, en revisión"
    CORRECTION_REQUESTED = "correction_requested", "Corrección solicitada"
    CORRECTION_APPROVED = "correction_approved", "Corrección aprobada"


class Decision(models.TextChoices):
    """The admin's decision on a proposed observation or a correction request: pending → approved | rejected,
    once (conoceles.review.services checks the proposal is pending before deciding)."""

    PENDING = "pending", "Pendiente"
    APPROVED = "approved", "Aprobada"
    REJECTED = "rejected", "Rechazada"


class EventKind(models.TextChoices):
    """What a WorkflowEvent records: a change of state (the tables below), or a step that changes none itself."""

    TRANSITION = "transition", "Cambio de estado"
    OBSERVATION_PROPOSED = "observation_proposed", "Observación propuesta"
    OBSERVATION_APPROVED = "observation_approved", "Observación aprobada"
    OBSERVATION_REJECTED = "observation_rejected", "Observación rechazada"
    CORRECTION_REQUESTED = "correction_requested", "Corrección solicitada"
    CORRECTION_APPROVED = "correction_approved", "Solicitud de corrección aprobada"
    CORRECTION_REJECTED = "correction_rejected", "Solicitud de corrección rechazada"
    CONSENT_FORMAT_UPLOADED = "consent_format_uploaded", "Formato de consentimiento subido"
    CONSENT_FORMAT_ACCEPTED = "consent_format_accepted", "Formato de consentimiento aceptado"
    CONSENT_FORMAT_REJECTED = "consent_format_rejected", "Formato de consentimiento rechazado"


class Level(models.TextChoices):
    CANDIDACY = "candidacy", "Candidatura"
    RUBRO = "rubro", "Rubro"


# (from, to) -> the action whose holder may make the change. The actor's own moves (validate, ask to reopen,
# submit a correction, re-validate) are all VALIDATE_CANDIDACY: the actor's control of its validation.
CANDIDACY_TRANSITIONS: dict[tuple[str, str], Action] = {
    (State.DRAFT, State.VALIDATED): Action.VALIDATE_CANDIDACY,
    (State.VALIDATED, State.CORRECTION_REQUESTED): Action.VALIDATE_CANDIDACY,
    (State.CORRECTION_REQUESTED, State.CORRECTION_APPROVED): Action.DECIDE_REVIEW,
    (State.CORRECTION_REQUESTED, State.VALIDATED): Action.DECIDE_REVIEW,
    (State.CORRECTION_APPROVED, State.VALIDATED): Action.VALIDATE_CANDIDACY,
}

RUBRO_TRANSITIONS: dict[tuple[str, str], Action] = {
    (State.DRAFT, State.VALIDATED): Action.VALIDATE_CANDIDACY,
    (State.VALIDATED, State.OBSERVED): Action.DECIDE_REVIEW,
    (State.OBSERVED, State.CORRECTED): Action.VALIDATE_CANDIDACY,
    (State.CORRECTED, State.VALIDATED): Action.REVIEW_CANDIDACY,
    (State.CORRECTED, State.OBSERVED): Action.DECIDE_REVIEW,
    (State.VALIDATED, State.CORRECTION_REQUESTED): Action.VALIDATE_CANDIDACY,
    (State.CORRECTION_REQUESTED, State.CORRECTION_APPROVED): Action.DECIDE_REVIEW,
    (State.CORRECTION_REQUESTED, State.VALIDATED): Action.DECIDE_REVIEW,
    (State.CORRECTION_APPROVED, State.VALIDATED): Action.VALIDATE_CANDIDACY,
}

TRANSITIONS: dict[str, dict[tuple[str, str], Action]] = {
    Level.CANDIDACY: CANDIDACY_TRANSITIONS,
    Level.RUBRO: RUBRO_TRANSITIONS,
}

# Rubros the actor may edit: never validated, observed (to correct it), or reopened by an approved request.
EDITABLE_RUBRO_STATES = frozenset({State.DRAFT, State.OBSERVED, State.CORRECTION_APPROVED})
# Rubros on which a reviewer may base an observation: as validated, or as corrected and awaiting review.
OBSERVABLE_RUBRO_STATES = frozenset({State.VALIDATED, State.CORRECTED})

# States in which the actor's validation stands (the candidacy may be public) and in which a rubro is shown.
# An observed, corrected (pending review) or reopened rubro is off the public site.
PUBLIC_CANDIDACY_STATES = frozenset({State.VALIDATED, State.CORRECTION_REQUESTED, State.CORRECTION_APPROVED})
PUBLIC_RUBRO_STATES = frozenset({State.VALIDATED, State.CORRECTION_REQUESTED})


def level_of(obj) -> str:
    from .models import CandidacyWorkflow, RubroState

    if isinstance(obj, CandidacyWorkflow):
        return Level.CANDIDACY
    if isinstance(obj, RubroState):
        return Level.RUBRO
    raise TypeError(f"No workflow state on {type(obj).__name__}.")


def allowed_action(level: str, from_state: str, to_state: str) -> Action | None:
    """The action that allows `from_state` → `to_state` at `level`, or None if the table does not have it."""
    return TRANSITIONS[level].get((from_state, to_state))


def transition(obj, to_state: str, *, by, reason: str = ""):
    """Move a CandidacyWorkflow or RubroState to `to_state` on behalf of `by`, and log it.

    Raises ValidationError (code "invalid_transition") if the table has no such change from the current state,
    and PermissionDenied if `by` may not make it on this candidacy. Returns the WorkflowEvent."""
    from .models import WorkflowEvent

    level = level_of(obj)
    with transaction.atomic():
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        candidacy = current.candidacy
        action = allowed_action(level, current.state, to_state)
        if action is None:
            raise ValidationError(
                "No se puede pasar de «%(from)s» a «%(to)s».",
                code="invalid_transition",
                params={"from": State(current.state).label, "to": _label(to_state)},
            )
        if not can(by, action, candidacy):
            raise PermissionDenied("Su cuenta no puede hacer este cambio en esta candidatura.")
        from_state = current.state
        current.state = to_state
        current.save(update_fields=["state", "updated_at"])
        obj.state, obj.updated_at = current.state, current.updated_at
        return WorkflowEvent.objects.create(
            candidacy=candidacy,
            rubro=current.rubro if level == Level.RUBRO else "",
            from_state=from_state,
            to_state=to_state,
            by=by,
            reason=reason,
        )


def log_event(candidacy, kind: str, *, by, reason: str = "", rubro: str = ""):
    """Append a WorkflowEvent for a step that changes no state by itself (a proposal, a request, a decision)."""
    from .models import WorkflowEvent

    return WorkflowEvent.objects.create(candidacy=candidacy, kind=kind, rubro=rubro, by=by, reason=reason)


def _label(state: str) -> str:
    try:
        return State(state).label
    except ValueError:
        return state
