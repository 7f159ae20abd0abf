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
    corrected ─reviewer rejects the correction (a reason, whatever the rounds)→ correction_rejected
    correction_rejected ─actor corrects again→ corrected
    validated ─actor asks to reopen→ correction_requested ─admin approves→ correction_approved ─re-validate→ validated
    correction_requested ─admin rejects→ validated
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conoceles.changes import Reason, candidacies_changed
from conoceles.core.permissions import Action, can, require_writable

from .error_codes import ReviewErrorCode
from .models import CandidacyWorkflow, RubroState, WorkflowEvent
from .states import Level, State

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
    (State.CORRECTED, State.CORRECTION_REJECTED): Action.REVIEW_CANDIDACY,
    (State.CORRECTION_REJECTED, State.CORRECTED): Action.VALIDATE_CANDIDACY,
    (State.VALIDATED, State.CORRECTION_REQUESTED): Action.VALIDATE_CANDIDACY,
    (State.CORRECTION_REQUESTED, State.CORRECTION_APPROVED): Action.DECIDE_REVIEW,
    (State.CORRECTION_REQUESTED, State.VALIDATED): Action.DECIDE_REVIEW,
    (State.CORRECTION_APPROVED, State.VALIDATED): Action.VALIDATE_CANDIDACY,
}

TRANSITIONS: dict[str, dict[tuple[str, str], Action]] = {
    Level.CANDIDACY: CANDIDACY_TRANSITIONS,
    Level.RUBRO: RUBRO_TRANSITIONS,
}


def level_of(obj) -> str:
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
    level = level_of(obj)
    with transaction.atomic():
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        candidacy = current.candidacy
        require_writable(candidacy)
        action = allowed_action(level, current.state, to_state)
        if action is None:
            raise ValidationError(
                "No se puede pasar de «%(from)s» a «%(to)s».",
                code=ReviewErrorCode.INVALID_TRANSITION,
                params={"from": State(current.state).label, "to": _label(to_state)},
            )
        if not can(by, action, candidacy):
            raise PermissionDenied("Su cuenta no puede hacer este cambio en esta candidatura.")
        from_state = current.state
        current.state = to_state
        current.save(update_fields=["state", "updated_at"])
        obj.state, obj.updated_at = current.state, current.updated_at
        event = WorkflowEvent.objects.create(
            candidacy=candidacy,
            rubro=current.rubro if level == Level.RUBRO else "",
            from_state=from_state,
            to_state=to_state,
            by=by,
            reason=reason,
        )
        candidacies_changed([candidacy.pk], reason=Reason.WORKFLOW)
        return event


def log_event(candidacy, kind: str, *, by, reason: str = "", rubro: str = ""):
    """Append a WorkflowEvent for a step that changes no state by itself (a proposal, a request, a decision)."""
    return WorkflowEvent.objects.create(candidacy=candidacy, kind=kind, rubro=rubro, by=by, reason=reason)


def _label(state: str) -> str:
    try:
        return State(state).label
    except ValueError:
        return state
