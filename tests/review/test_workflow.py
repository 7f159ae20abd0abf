"""The state machine of conoceles.review.workflow: every allowed change for the right role, nothing else."""

import itertools
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.models import CandidacyWorkflow, RubroState, WorkflowEvent
from conoceles.review.states import State
from conoceles.review.workflow import CANDIDACY_TRANSITIONS, RUBRO_TRANSITIONS, transition

pytestmark = pytest.mark.django_db

D, V, OB, C = State.DRAFT, State.VALIDATED, State.OBSERVED, State.CORRECTED
CR, CA, CRJ = State.CORRECTION_REQUESTED, State.CORRECTION_APPROVED, State.CORRECTION_REJECTED

# Written out by hand (never derived from the tables): (from, to) -> who makes it.
EXPECTED_CANDIDACY = {
    (D, V): "party",
    (V, CR): "party",
    (CR, CA): "admin",
    (CR, V): "admin",
    (CA, V): "party",
}
EXPECTED_RUBRO = {
    (D, V): "party",
    (V, OB): "admin",
    (OB, C): "party",
    (C, V): "reviewer",
    (C, OB): "admin",
    (C, CRJ): "reviewer",
    (CRJ, C): "party",
    (V, CR): "party",
    (CR, CA): "admin",
    (CR, V): "admin",
    (CA, V): "party",
}
# Who may NOT make a change that the right role may make.
WRONG = {
    "party": ("reviewer", "admin", "candidate", "other_party"),
    "admin": ("reviewer", "party", "candidate"),
    "reviewer": ("party", "candidate", "other_party"),
}
PAIRS = list(itertools.product(State.values, repeat=2))


@pytest.fixture
def users(party_user, candidate_user, other_party_user, reviewer, admin_user):
    return {
        "party": party_user,
        "candidate": candidate_user,
        "other_party": other_party_user,
        "reviewer": reviewer,
        "admin": admin_user,
    }


def make(level, candidacy, state):
    if level == "candidacy":
        return CandidacyWorkflow.objects.create(candidacy=candidacy, state=state)
    return RubroState.objects.create(candidacy=candidacy, rubro="proposals", state=state)


def test_tables_are_the_expected_ones():
    assert {k: v.value for k, v in CANDIDACY_TRANSITIONS.items()} == {
        k: {"party": "validate_candidacy", "admin": "decide_review"}[v] for k, v in EXPECTED_CANDIDACY.items()
    }
    roles = {"party": "validate_candidacy", "admin": "decide_review", "reviewer": "review_candidacy"}
    assert {k: v.value for k, v in RUBRO_TRANSITIONS.items()} == {k: roles[v] for k, v in EXPECTED_RUBRO.items()}


@pytest.mark.parametrize("level,expected", [("candidacy", EXPECTED_CANDIDACY), ("rubro", EXPECTED_RUBRO)])
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}->{p[1]}")
def test_every_pair(level, expected, pair, candidacy, users):
    from_state, to_state = pair
    obj = make(level, candidacy, from_state)
    right = expected.get(pair)
    if right is None:
        for user in users.values():
            with pytest.raises(ValidationError) as error:
                transition(obj, to_state, by=user)
            assert error.value.code == ReviewErrorCode.INVALID_TRANSITION
        obj.refresh_from_db()
        assert obj.state == from_state and not WorkflowEvent.objects.exists()
        return
    for wrong in WRONG[right]:
        with pytest.raises(PermissionDenied):
            transition(obj, to_state, by=users[wrong])
    obj.refresh_from_db()
    assert obj.state == from_state and not WorkflowEvent.objects.exists()

    event = transition(obj, to_state, by=users[right], reason="motivo")
    assert obj.state == to_state
    obj.refresh_from_db()
    assert obj.state == to_state
    assert (event.candidacy, event.rubro, event.from_state, event.to_state, event.by, event.reason) == (
        candidacy,
        "" if level == "candidacy" else "proposals",
        from_state,
        to_state,
        users[right],
        "motivo",
    )


def test_events_are_append_only(candidacy, party_user):
    event = transition(make("candidacy", candidacy, D), V, by=party_user)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        WorkflowEvent.objects.update(reason="otro")
    with pytest.raises(TypeError):
        WorkflowEvent.objects.all().delete()
    assert WorkflowEvent.objects.get().reason == ""


def test_no_other_module_sets_a_workflow_state():
    """ARCHITECTURE.md: the status is set only by workflow.transition."""
    src = Path(__file__).resolve().parents[2] / "src" / "conoceles"
    pattern = re.compile(r"\.state\s*=[^=]|(?<!\w)state\s*=\s*State\.|update\(\s*state\s*=")
    exempt = {("review", "workflow.py"), ("review", "models.py")}
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "migrations" not in path.parts
        and (path.parent.name, path.name) not in exempt
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
