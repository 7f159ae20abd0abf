"""What the actor may still change: the capture services ask here before writing a rubro (DOMAIN.md §4 steps 5–8).

A validated rubro changes only through the workflow: an approved observation or correction request reopens it.
Kept apart from conoceles.review.services so that the capture services can import it without a cycle.
"""

from django.core.exceptions import ValidationError

from conoceles.questionnaires.rubros import RUBROS, get_rubro

from .error_codes import ReviewErrorCode
from .models import RubroState
from .states import EDITABLE_RUBRO_STATES, State


def editable_rubros(candidacy) -> frozenset[str]:
    """The rubros the actor may change now: never validated, observed, or reopened by an approved request."""
    states = dict(RubroState.objects.filter(candidacy=candidacy).values_list("rubro", "state"))
    return frozenset(r.code for r in RUBROS if states.get(r.code, State.DRAFT) in EDITABLE_RUBRO_STATES)


def require_editable(candidacy, rubro_code: str) -> None:
    """Capture services call this before writing a rubro: a validated rubro changes only through the workflow."""
    if rubro_code not in editable_rubros(candidacy):
        state = RubroState.objects.get(candidacy=candidacy, rubro=rubro_code)
        hint = (
            " Para cambiarlo, solicite una corrección al Instituto."
            if state.state == State.VALIDATED
            else " Espere la decisión del Instituto."
        )
        raise ValidationError(
            "El rubro «%(rubro)s» está %(state)s y no se puede modificar.%(hint)s",
            code=ReviewErrorCode.RUBRO_LOCKED,
            params={"rubro": get_rubro(rubro_code).label, "state": state.state_label, "hint": hint},
        )
