"""The demo writes its validations as plain rows (conoceles.demo.content.inserts), not through
review.workflow.transition(): the rows must be what transition() itself would have written.

Every change of state the demo leaves is in the workflow's table of its level; the changes of each candidacy and of
each rubro chain from draft to the state stored; and replaying them through transition() on a fresh candidacy of the
same actor gives the same events, field by field, and the same states."""

from collections import defaultdict

import pytest

from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.rubros import RUBROS
from conoceles.review.models import CandidacyWorkflow, RubroState, WorkflowEvent
from conoceles.review.services import rubro_states_of, workflow_of
from conoceles.review.states import EventKind, Level, State
from conoceles.review.workflow import allowed_action, transition
from tests.demo.loading import loaded_demo

# What transition() fills in a WorkflowEvent besides the candidacy and the time.
FIELDS = ("kind", "rubro", "from_state", "to_state", "by_id", "reason")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 300-candidacy demo with its content and review work, loaded once for the module and rolled back."""
    with django_db_blocker.unblock(), loaded_demo(tmp_path_factory, "--candidacies", "300") as (process, _, _):
        yield process


def _changes(process) -> dict[tuple[int, str], list[WorkflowEvent]]:
    """(candidacy id, rubro code or '' for the candidacy) -> its changes of state, in the order they were written."""
    changes = defaultdict(list)
    events = WorkflowEvent.objects.filter(candidacy__process=process, kind=EventKind.TRANSITION).order_by("pk")
    for event in events:
        changes[event.candidacy_id, event.rubro].append(event)
    return changes


def _states(process) -> dict[tuple[int, str], tuple[str, object]]:
    """(candidacy id, rubro code or '') -> (state, updated_at) of every workflow row of the process."""
    states = {
        (candidacy_id, ""): (state, updated_at)
        for candidacy_id, state, updated_at in CandidacyWorkflow.objects.filter(
            candidacy__process=process
        ).values_list("candidacy_id", "state", "updated_at")
    }
    for candidacy_id, rubro, state, updated_at in RubroState.objects.filter(candidacy__process=process).values_list(
        "candidacy_id", "rubro", "state", "updated_at"
    ):
        states[candidacy_id, rubro] = (state, updated_at)
    return states


@pytest.mark.django_db
def test_every_change_of_state_is_in_the_table_of_its_level(demo):
    changes = _changes(demo)
    assert len(changes) > 100  # the demo's validations: a candidacy and each of its rubros
    refused = [
        (event.candidacy_id, event.rubro, event.from_state, event.to_state)
        for events in changes.values()
        for event in events
        if allowed_action(Level.RUBRO if event.rubro else Level.CANDIDACY, event.from_state, event.to_state) is None
    ]
    assert refused == []


@pytest.mark.django_db
def test_the_changes_chain_from_draft_to_the_state_stored(demo):
    changes, states = _changes(demo), _states(demo)
    rubros = {r.code for r in RUBROS}
    for key, events in changes.items():
        assert key in states, f"{key}: events of a workflow row that does not exist"
        assert events[0].from_state == State.DRAFT, key
        assert [e.from_state for e in events[1:]] == [e.to_state for e in events[:-1]], key
        state, updated_at = states[key]
        assert state == events[-1].to_state, key
        assert [e.at for e in events] == sorted(e.at for e in events), key
        assert updated_at <= events[-1].at, key  # transition() saves the state, then logs the event
    for key, (state, _) in states.items():
        assert state == State.DRAFT or key in changes, f"{key}: {state} without the events that led there"
    validated = {c for (c, rubro), (state, _) in states.items() if not rubro and state != State.DRAFT}
    assert validated
    for candidacy_id in validated:  # the candidacy's validation validates every rubro, as validate_candidacy does
        assert {rubro for (c, rubro) in changes if c == candidacy_id and rubro} == rubros


def _fresh_copy(candidacy: Candidacy) -> Candidacy:
    """A new approved candidacy of the same actor, process and contest, with no workflow rows yet."""
    return Candidacy.objects.create(
        process=candidacy.process,
        contest=candidacy.contest,
        actor=candidacy.actor,
        registration_id=f"{candidacy.registration_id}-COPIA",
        formula_number=candidacy.formula_number + 900,
        position=candidacy.position,
        first_name=candidacy.first_name,
        last_name=candidacy.last_name,
        second_last_name=candidacy.second_last_name,
        sex=candidacy.sex,
        birth_date=candidacy.birth_date,
        declared_age=candidacy.declared_age,
        affirmative_action=candidacy.affirmative_action,
        status=Candidacy.Status.APPROVED,
    )


@pytest.mark.django_db
def test_replaying_the_changes_through_transition_writes_the_same_events_and_states(demo):
    changes, states = _changes(demo), _states(demo)
    history = defaultdict(list)  # candidacy id -> all its changes, candidacy and rubros, in the order written
    for events in changes.values():
        for event in events:
            history[event.candidacy_id].append(event)
    # One candidacy of each distinct history: validated by the demo alone, then observed, corrected or reopened by
    # the demo's review work (through the services, so through transition() too).
    samples = {}
    for candidacy_id, events in sorted(history.items()):
        events.sort(key=lambda e: e.pk)
        samples.setdefault(tuple((e.rubro, e.from_state, e.to_state) for e in events), candidacy_id)
    for candidacy_id in samples.values():
        copy = _fresh_copy(Candidacy.objects.get(pk=candidacy_id))
        rows = {"": workflow_of(copy), **rubro_states_of(copy)}
        replayed = [
            transition(rows[event.rubro], event.to_state, by=event.by, reason=event.reason)
            for event in history[candidacy_id]
        ]
        demo_fields = [tuple(getattr(e, f) for f in FIELDS) for e in history[candidacy_id]]
        assert demo_fields == [tuple(getattr(e, f) for f in FIELDS) for e in replayed], candidacy_id
        for rubro, row in rows.items():
            row.refresh_from_db()
            assert row.state == states[candidacy_id, rubro][0], (candidacy_id, rubro)
    final_states = {state for (candidacy_id, _), (state, _) in states.items() if candidacy_id in samples.values()}
    assert {State.VALIDATED, State.OBSERVED, State.CORRECTED, State.CORRECTION_REQUESTED} <= final_states
