"""The actor's validation (complete required rubros only) and the publication gate `is_public`."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, get_candidacy_or_404
from conoceles.questionnaires.rubros import RUBROS
from conoceles.questionnaires.services import save_photo, save_rubro
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.models import WorkflowEvent
from conoceles.review.publication import is_public
from conoceles.review.services import rubro_states_of, validate_candidacy, workflow_of
from conoceles.review.states import State
from conoceles.review.workflow import transition
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 4, 15)
ELECTION_DAY = datetime.date(2027, 6, 6)  # tests.factories.ProcessFactory


def fill_except_photo(candidacy, by):
    save_rubro(candidacy, "education", {"education_level": "Maestría", "education_status": "Título"}, by=by)
    save_rubro(candidacy, "professional", {"professional_history": "Docente rural"}, by=by)
    save_rubro(candidacy, "political", {"political_trajectory": "Regidora 2018–2021"}, by=by)
    save_rubro(candidacy, "motivation", {"motivation": "Servir"}, by=by)
    save_rubro(
        candidacy, "proposals", {"proposal_1": "Agua", "proposal_2": "Salud", "proposal_gender": "Paridad"}, by=by
    )


def fill(candidacy, by):
    save_photo(candidacy, upload(image_bytes()), by=by)
    fill_except_photo(candidacy, by)


def open_window(candidacy, start=START, end=None):
    cargo = candidacy.contest.cargo
    cargo.publication_start, cargo.publication_end = start, end
    cargo.save()


def test_incomplete_is_refused_with_what_is_missing(candidacy, party_user):
    fill_except_photo(candidacy, party_user)
    save_rubro(candidacy, "proposals", {"proposal_2": ""}, by=party_user)
    with pytest.raises(ValidationError) as error:
        validate_candidacy(candidacy, by=party_user)
    assert error.value.code == ReviewErrorCode.INCOMPLETE
    assert error.value.params["missing"] == {"general": ("Fotografía",), "proposals": ("Propuesta 2",)}
    message = error.value.messages[0]
    assert "Datos generales: Fotografía" in message and "Propuestas: Propuesta 2" in message
    assert workflow_of(candidacy).state == State.DRAFT
    assert not WorkflowEvent.objects.exists()


def test_nothing_captured_lists_every_required_rubro(candidacy, party_user):
    with pytest.raises(ValidationError) as error:
        validate_candidacy(candidacy, by=party_user)
    assert set(error.value.params["missing"]) == {r.code for r in RUBROS if r.required_fields}


def test_complete_is_validated_with_its_rubros(candidacy, party_user):
    fill(candidacy, party_user)
    workflow = validate_candidacy(candidacy, by=party_user)
    assert workflow.state == State.VALIDATED
    assert {r.state for r in rubro_states_of(candidacy).values()} == {State.VALIDATED}
    events = WorkflowEvent.objects.filter(candidacy=candidacy)
    assert events.count() == 1 + len(RUBROS)
    assert {e.rubro for e in events} == {"", *(r.code for r in RUBROS)}
    assert all(e.by == party_user and (e.from_state, e.to_state) == (State.DRAFT, State.VALIDATED) for e in events)
    with pytest.raises(ValidationError) as error:  # validated once: not again
        validate_candidacy(candidacy, by=party_user)
    assert error.value.code == ReviewErrorCode.INVALID_TRANSITION


@pytest.mark.parametrize("who", ["other_party_user", "candidate_user", "reviewer", "admin_user"])
def test_only_its_party_validates(who, candidacy, party_user, request):
    fill(candidacy, party_user)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        validate_candidacy(candidacy, by=user)
    assert workflow_of(candidacy).state == State.DRAFT


def test_another_actor_gets_a_404_where_views_load_the_candidacy(candidacy, other_party_user):
    with pytest.raises(Http404):
        get_candidacy_or_404(other_party_user, Action.VALIDATE_CANDIDACY, candidacy.pk)


def test_substituted_candidacy_cannot_be_validated(candidacy, party_user):
    fill(candidacy, party_user)
    Candidacy.objects.filter(pk=candidacy.pk).update(status=Candidacy.Status.SUBSTITUTED)
    candidacy.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        validate_candidacy(candidacy, by=party_user)
    assert error.value.code == ReviewErrorCode.NOT_ACTIVE


def test_revalidation_after_an_approved_correction(candidacy, party_user, admin_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    workflow, proposals = workflow_of(candidacy), rubro_states_of(candidacy)["proposals"]
    transition(workflow, State.CORRECTION_REQUESTED, by=party_user, reason="Cambiar propuestas")
    transition(proposals, State.CORRECTION_REQUESTED, by=party_user)
    transition(workflow, State.CORRECTION_APPROVED, by=admin_user)
    transition(proposals, State.CORRECTION_APPROVED, by=admin_user)
    validate_candidacy(candidacy, by=party_user)
    assert workflow_of(candidacy).state == State.VALIDATED
    assert rubro_states_of(candidacy)["proposals"].state == State.VALIDATED


@pytest.mark.parametrize(
    "today,expected",
    [
        (START - datetime.timedelta(days=1), False),
        (START, True),
        (ELECTION_DAY, True),
        (ELECTION_DAY + datetime.timedelta(days=1), False),
    ],
)
def test_public_window_ends_on_election_day_without_an_end(today, expected, candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    open_window(candidacy)
    assert is_public(candidacy, today=today) is expected
    assert is_public(candidacy, "proposals", today=today) is expected


@pytest.mark.parametrize(
    "today,expected",
    [
        (datetime.date(2027, 5, 1), False),
        (datetime.date(2027, 5, 2), True),
        (datetime.date(2027, 5, 20), True),
        (datetime.date(2027, 5, 21), False),
        (ELECTION_DAY, False),
    ],
)
def test_public_window_with_an_end_date(today, expected, candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    open_window(candidacy, datetime.date(2027, 5, 2), datetime.date(2027, 5, 20))
    assert is_public(candidacy, today=today) is expected


def test_nothing_public_without_a_start_date(candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    open_window(candidacy, start=None)
    assert not is_public(candidacy, today=ELECTION_DAY)


def test_not_validated_is_never_public(candidacy, party_user):
    fill(candidacy, party_user)
    open_window(candidacy)
    assert not is_public(candidacy, today=START)
    assert not is_public(candidacy, "general", today=START)


def test_substituted_is_never_public(candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    open_window(candidacy)
    assert is_public(candidacy, today=START)
    for status in (Candidacy.Status.SUBSTITUTED, Candidacy.Status.CANCELLED):
        Candidacy.objects.filter(pk=candidacy.pk).update(status=status)
        candidacy.refresh_from_db()
        assert not is_public(candidacy, today=START)
        assert not is_public(candidacy, "general", today=START)


def test_an_observed_rubro_leaves_the_site_the_rest_stays(candidacy, party_user, reviewer, admin_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    open_window(candidacy)
    proposals = rubro_states_of(candidacy)["proposals"]
    transition(proposals, State.OBSERVED, by=admin_user, reason="Supuesto 7")
    assert is_public(candidacy, today=START)
    assert not is_public(candidacy, "proposals", today=START)
    assert is_public(candidacy, "general", today=START)
    transition(proposals, State.CORRECTED, by=party_user)
    assert not is_public(candidacy, "proposals", today=START)
    transition(proposals, State.VALIDATED, by=reviewer)
    assert is_public(candidacy, "proposals", today=START)


def test_unknown_rubro_is_an_error(candidacy):
    with pytest.raises(ValueError):
        is_public(candidacy, "nope", today=START)
