"""Observations, corrections and correction requests (DOMAIN.md §4 steps 7–8) through the review services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conoceles.notifications.models import Notification
from conoceles.questionnaires.services import save_photo, save_rubro
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.models import Observation, ReviewRules, WorkflowEvent
from conoceles.review.publication import is_public
from conoceles.review.services import (
    accept_correction,
    decide_correction_request,
    decide_observation,
    propose_observation,
    request_correction,
    rubro_states_of,
    submit_correction,
    validate_candidacy,
    workflow_of,
)
from conoceles.review.states import Decision, EventKind, State
from tests.review.helpers import START, published
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_candidacy(candidacy, party_user):
    return published(candidacy, party_user)


def observe(candidacy, reviewer, admin_user, rubros=("proposals",), rules=(1,)):
    observation = propose_observation(candidacy, rubros=rubros, rules=rules, comment="Copia textual.", by=reviewer)
    return decide_observation(observation, approve=True, note="Procede.", by=admin_user)


def states(candidacy):
    return {code: s.state for code, s in rubro_states_of(candidacy).items()}


# --- Observations ----------------------------------------------------------------------------------------------


def test_a_proposal_changes_nothing_until_the_admin_approves(public_candidacy, reviewer):
    observation = propose_observation(
        public_candidacy, rubros=["proposals"], rules=[1, 5], comment="Copia la propuesta de otra.", by=reviewer
    )
    assert observation.decision == Decision.PENDING
    assert observation.rule_labels[0].startswith("1. Copiar")
    assert is_public(public_candidacy, "proposals", today=START)
    assert set(states(public_candidacy).values()) == {State.VALIDATED}
    assert WorkflowEvent.objects.filter(candidacy=public_candidacy, kind=EventKind.OBSERVATION_PROPOSED).exists()


def test_an_approved_observation_takes_only_its_rubros_off_and_tells_the_actor(
    public_candidacy,
    reviewer,
    admin_user,
    party_user,
    candidate_user,
    other_party_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    party_user.email = "enlace@example.org"
    party_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        observe(public_candidacy, reviewer, admin_user, rubros=["proposals", "motivation"], rules=[1, 7])

    assert states(public_candidacy)["proposals"] == State.OBSERVED
    assert states(public_candidacy)["motivation"] == State.OBSERVED
    assert not is_public(public_candidacy, "proposals", today=START)
    assert not is_public(public_candidacy, "motivation", today=START)
    assert is_public(public_candidacy, today=START)
    assert is_public(public_candidacy, "general", today=START)
    notified = Notification.objects.filter(kind=Notification.Kind.OBSERVATION_APPROVED)
    assert set(notified.values_list("user", flat=True)) == {party_user.pk, candidate_user.pk}
    assert "Copia textual." in notified.first().body
    assert [m.to for m in mailoutbox] == [["enlace@example.org"]]


@pytest.mark.parametrize("who", ["party_user", "candidate_user", "admin_user"])
def test_only_reviewers_and_admin_propose(who, public_candidacy, request):
    user = request.getfixturevalue(who)
    if who == "admin_user":
        assert propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=user).pk
        return
    with pytest.raises(PermissionDenied):
        propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=user)


def test_only_the_admin_decides(public_candidacy, reviewer):
    observation = propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=reviewer)
    with pytest.raises(PermissionDenied):
        decide_observation(observation, approve=True, by=reviewer)
    assert Observation.objects.get(pk=observation.pk).decision == Decision.PENDING


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"rubros": [], "rules": [1], "comment": "x"}, ReviewErrorCode.NO_RUBROS),
        ({"rubros": ["nope"], "rules": [1], "comment": "x"}, ReviewErrorCode.BAD_RUBRO),
        ({"rubros": ["general"], "rules": [], "comment": "x"}, ReviewErrorCode.NO_RULES),
        ({"rubros": ["general"], "rules": [8], "comment": "x"}, ReviewErrorCode.BAD_RULE),
        ({"rubros": ["general"], "rules": [1], "comment": "  "}, ReviewErrorCode.NO_COMMENT),
    ],
)
def test_a_proposal_needs_rubros_rules_and_a_comment(kwargs, code, public_candidacy, reviewer):
    with pytest.raises(ValidationError) as error:
        propose_observation(public_candidacy, by=reviewer, **kwargs)
    assert error.value.code == code


def test_a_rubro_still_in_capture_cannot_be_observed(candidacy, reviewer):
    with pytest.raises(ValidationError) as error:
        propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="x", by=reviewer)
    assert error.value.code == ReviewErrorCode.NOT_OBSERVABLE


def test_a_rejected_observation_changes_nothing(public_candidacy, reviewer, admin_user):
    observation = propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=reviewer)
    decide_observation(observation, approve=False, note="No procede.", by=admin_user)
    observation.refresh_from_db()
    assert (observation.decision, observation.decided_by, observation.decision_note) == (
        Decision.REJECTED,
        admin_user,
        "No procede.",
    )
    assert set(states(public_candidacy).values()) == {State.VALIDATED}
    assert not Notification.objects.filter(kind=Notification.Kind.OBSERVATION_APPROVED).exists()


def test_a_decision_is_taken_once(public_candidacy, reviewer, admin_user):
    observation = propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=reviewer)
    decide_observation(observation, approve=False, by=admin_user)
    with pytest.raises(ValidationError) as error:
        decide_observation(observation, approve=True, by=admin_user)
    assert error.value.code == ReviewErrorCode.ALREADY_DECIDED


def test_one_observation_round_by_default_and_configurable(public_candidacy, reviewer, admin_user, party_user):
    observe(public_candidacy, reviewer, admin_user, rubros=["proposals"])
    with pytest.raises(ValidationError) as error:
        propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=reviewer)
    assert error.value.code == ReviewErrorCode.NO_ROUNDS_LEFT

    ReviewRules.objects.filter(process=public_candidacy.process).update(observation_rounds=2)
    observe(public_candidacy, reviewer, admin_user, rubros=["general"], rules=[4])
    assert states(public_candidacy)["general"] == State.OBSERVED


def test_approval_rechecks_rounds_left(public_candidacy, reviewer, admin_user):
    first = propose_observation(public_candidacy, rubros=["general"], rules=[4], comment="x", by=reviewer)
    second = propose_observation(public_candidacy, rubros=["proposals"], rules=[1], comment="y", by=reviewer)
    decide_observation(first, approve=True, by=admin_user)
    with pytest.raises(ValidationError) as error:
        decide_observation(second, approve=True, by=admin_user)
    assert error.value.code == ReviewErrorCode.NO_ROUNDS_LEFT
    assert states(public_candidacy)["proposals"] == State.VALIDATED


# --- Corrections of observed rubros ---------------------------------------------------------------------------


def test_validated_rubros_are_locked_and_observed_ones_editable(public_candidacy, party_user, reviewer, admin_user):
    with pytest.raises(ValidationError) as error:
        save_rubro(public_candidacy, "motivation", {"motivation": "Otra cosa"}, by=party_user)
    assert error.value.code == ReviewErrorCode.RUBRO_LOCKED
    with pytest.raises(ValidationError) as error:
        save_photo(public_candidacy, upload(image_bytes(color=(0, 0, 0))), by=party_user)
    assert error.value.code == ReviewErrorCode.RUBRO_LOCKED

    observe(public_candidacy, reviewer, admin_user, rubros=["proposals"])
    new = {"proposal_1": "Agua para todas las colonias", "proposal_2": "Salud", "proposal_gender": "Paridad"}
    assert save_rubro(public_candidacy, "proposals", new, by=party_user).proposal_1 == new["proposal_1"]
    with pytest.raises(ValidationError):
        save_rubro(public_candidacy, "motivation", {"motivation": "Otra cosa"}, by=party_user)


def test_the_corrected_rubro_returns_online_only_once_accepted(
    public_candidacy, party_user, candidate_user, reviewer, admin_user
):
    observe(public_candidacy, reviewer, admin_user)
    new = {"proposal_1": "Agua para todas las colonias", "proposal_2": "Salud", "proposal_gender": "Paridad"}
    save_rubro(public_candidacy, "proposals", new, by=party_user)

    with pytest.raises(PermissionDenied):
        submit_correction(public_candidacy, "proposals", by=candidate_user)  # the actor validates, not the person
    submit_correction(public_candidacy, "proposals", by=party_user)
    assert states(public_candidacy)["proposals"] == State.CORRECTED
    assert not is_public(public_candidacy, "proposals", today=START)
    with pytest.raises(ValidationError):  # awaiting review: locked again
        save_rubro(public_candidacy, "proposals", new | {"proposal_2": "Otra"}, by=party_user)

    with pytest.raises(PermissionDenied):
        accept_correction(public_candidacy, "proposals", by=party_user)
    accept_correction(public_candidacy, "proposals", by=reviewer)
    assert is_public(public_candidacy, "proposals", today=START)
    assert Notification.objects.filter(kind=Notification.Kind.CORRECTION_REVIEWED, user=party_user).exists()


def test_an_incomplete_correction_is_not_sent(public_candidacy, party_user, reviewer, admin_user):
    observe(public_candidacy, reviewer, admin_user)
    save_rubro(
        public_candidacy, "proposals", {"proposal_1": "", "proposal_2": "Salud", "proposal_gender": "P"}, by=party_user
    )
    with pytest.raises(ValidationError) as error:
        submit_correction(public_candidacy, "proposals", by=party_user)
    assert error.value.code == ReviewErrorCode.INCOMPLETE
    assert states(public_candidacy)["proposals"] == State.OBSERVED


def test_a_corrected_rubro_can_be_observed_again_in_another_round(public_candidacy, party_user, reviewer, admin_user):
    ReviewRules.objects.create(process=public_candidacy.process, observation_rounds=2)
    observe(public_candidacy, reviewer, admin_user)
    submit_correction(public_candidacy, "proposals", by=party_user, note="La propuesta es original.")
    observe(public_candidacy, reviewer, admin_user)
    assert states(public_candidacy)["proposals"] == State.OBSERVED


# --- Correction requests --------------------------------------------------------------------------------------


def test_correction_request_approved_reopens_the_rubros_until_validated_again(public_candidacy, party_user, admin_user):
    request = request_correction(public_candidacy, rubros=["motivation"], reason="Error de dedo.", by=party_user)
    assert workflow_of(public_candidacy).state == State.CORRECTION_REQUESTED
    assert states(public_candidacy)["motivation"] == State.CORRECTION_REQUESTED
    assert is_public(public_candidacy, "motivation", today=START)  # still shown while the admin decides

    decide_correction_request(request, approve=True, by=admin_user)
    assert workflow_of(public_candidacy).state == State.CORRECTION_APPROVED
    assert not is_public(public_candidacy, "motivation", today=START)
    assert is_public(public_candidacy, "proposals", today=START)
    save_rubro(public_candidacy, "motivation", {"motivation": "Servir a Chetumal"}, by=party_user)
    assert Notification.objects.filter(kind=Notification.Kind.CORRECTION_DECIDED, user=party_user).exists()

    validate_candidacy(public_candidacy, by=party_user)
    assert workflow_of(public_candidacy).state == State.VALIDATED
    assert is_public(public_candidacy, "motivation", today=START)


def test_correction_request_rejected_leaves_everything_validated(public_candidacy, party_user, admin_user):
    request = request_correction(public_candidacy, rubros=["motivation"], reason="Error.", by=party_user)
    decide_correction_request(request, approve=False, note="Fuera de plazo.", by=admin_user)
    assert workflow_of(public_candidacy).state == State.VALIDATED
    assert set(states(public_candidacy).values()) == {State.VALIDATED}
    with pytest.raises(ValidationError):
        save_rubro(public_candidacy, "motivation", {"motivation": "x"}, by=party_user)


def test_one_correction_request_by_default(public_candidacy, party_user, admin_user):
    request = request_correction(public_candidacy, rubros=["motivation"], reason="Error.", by=party_user)
    decide_correction_request(request, approve=False, by=admin_user)
    with pytest.raises(ValidationError) as error:
        request_correction(public_candidacy, rubros=["political"], reason="Otro.", by=party_user)
    assert error.value.code == ReviewErrorCode.NO_REQUESTS_LEFT


@pytest.mark.parametrize(
    ("who", "raises"),
    [("candidate_user", PermissionDenied), ("other_party_user", PermissionDenied), ("reviewer", PermissionDenied)],
)
def test_only_its_actor_asks_for_a_correction(who, raises, public_candidacy, request):
    with pytest.raises(raises):
        request_correction(public_candidacy, rubros=["motivation"], reason="x", by=request.getfixturevalue(who))


def test_a_correction_request_needs_a_validated_candidacy_and_validated_rubros(
    candidacy, party_user, reviewer, admin_user
):
    with pytest.raises(ValidationError) as error:
        request_correction(candidacy, rubros=["motivation"], reason="x", by=party_user)
    assert error.value.code == ReviewErrorCode.NOT_VALIDATED
    published(candidacy, party_user)
    observe(candidacy, reviewer, admin_user, rubros=["motivation"])
    with pytest.raises(ValidationError) as error:
        request_correction(candidacy, rubros=["motivation"], reason="x", by=party_user)
    assert error.value.code == ReviewErrorCode.NOT_VALIDATED
