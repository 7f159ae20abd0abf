"""Issue 14, point 4: the party's capture list shows where each candidacy stands (one rule:
conoceles.review.standing), counts and filters by it, and validates the complete ones in bulk after one confirmation,
through the same service as a single validation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.services import save_rubro
from conoceles.review.models import WorkflowEvent
from conoceles.review.services import (
    decide_correction_request,
    decide_observation,
    propose_observation,
    reject_correction,
    request_correction,
    submit_correction,
    validate_candidacy,
    workflow_of,
)
from conoceles.review.standing import Standing, standing, standings
from conoceles.review.states import State
from tests.factories import announce, make_user
from tests.review.helpers import fill

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("capture:dashboard")
BULK = reverse("capture:bulk_validate")


@pytest.mark.parametrize(
    ("workflow_state", "flags", "expected"),
    [
        (None, {"complete": False}, Standing.CAPTURING),
        (State.DRAFT, {"complete": True}, Standing.COMPLETE),
        (State.VALIDATED, {}, Standing.VALIDATED),
        (State.VALIDATED, {"published": True}, Standing.PUBLISHED),
        (State.VALIDATED, {"observed": True, "published": True}, Standing.OBSERVED),
        (State.VALIDATED, {"corrected": True}, Standing.CORRECTED),
        (State.CORRECTION_REQUESTED, {"published": True}, Standing.CORRECTION_REQUESTED),
        (State.CORRECTION_APPROVED, {"complete": True}, Standing.REOPENED),
    ],
)
def test_the_rule(workflow_state, flags, expected):
    arguments = {"observed": False, "corrected": False, "published": False, "complete": None} | flags
    assert standing(workflow_state, **arguments) == expected


def _observe(candidacy, reviewer, admin_user):
    observation = propose_observation(candidacy, rubros=["motivation"], rules=[7], comment="Lema.", by=reviewer)
    decide_observation(observation, approve=True, by=admin_user)


@pytest.fixture
def scene(world, candidacy, party_user, reviewer, admin_user):
    """One PAN candidacy in each standing (the GUB cargo publishes since yesterday), and one of MORENA."""
    made = {Standing.CAPTURING: candidacy}
    for key in Standing:
        if key == Standing.CAPTURING:
            continue
        contest = "GUB" if key == Standing.PUBLISHED else "MR1"
        c = world.candidacy(contest=contest, first_name=f"Caso {key.label}")
        made[key] = c
        fill(c, party_user)
        if key == Standing.COMPLETE:
            continue
        validate_candidacy(c, by=party_user)
        if key in (Standing.OBSERVED, Standing.CORRECTED):
            _observe(c, reviewer, admin_user)
        if key == Standing.CORRECTED:
            save_rubro(c, "motivation", {"motivation": "Servir a mi comunidad, sin lemas"}, by=party_user)
            submit_correction(c, "motivation", by=party_user)
        if key in (Standing.CORRECTION_REQUESTED, Standing.REOPENED):
            pending = request_correction(c, rubros=["motivation"], reason="Un error.", by=party_user)
            if key == Standing.REOPENED:
                decide_correction_request(pending, approve=True, by=admin_user)
    cargo = world.cargos["GUB"]
    cargo.publication_start = timezone.localdate() - datetime.timedelta(days=1)
    cargo.save()
    announce(cargo)
    world.candidacy(actor="MORENA", first_name="Ajena")
    return made


def test_standings_derives_each_state(scene):
    derived = standings(Candidacy.objects.filter(actor__acronym="PAN"))
    assert {key: derived[c.pk] for key, c in scene.items()} == {key: key for key in scene}


def test_the_list_shows_the_state_of_each_candidacy_with_counts(party_client, scene):
    page = party_client.get(DASHBOARD).content.decode()
    for key in Standing:
        assert f"{key.label}: 1</a>" in page
        assert f">{key.label}</span>" in page
    assert "Ajena" not in page


def test_the_list_filters_by_state_with_the_other_filters(party_client, scene, world):
    response = party_client.get(DASHBOARD, {"estado": Standing.COMPLETE.value})
    assert [c.pk for c in response.context["rows"]] == [scene[Standing.COMPLETE].pk]
    response = party_client.get(DASHBOARD, {"estado": Standing.PUBLISHED.value, "contienda": world.contests["MR1"].pk})
    assert response.context["rows"] == []
    response = party_client.get(DASHBOARD, {"estado": Standing.PUBLISHED.value, "contienda": world.contests["GUB"].pk})
    assert [c.pk for c in response.context["rows"]] == [scene[Standing.PUBLISHED].pk]


def test_the_list_makes_a_fixed_number_of_queries(party_client, world, party_user, django_assert_max_num_queries):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert party_client.get(DASHBOARD).status_code == 200
        return len(queries)

    for n in range(3):
        fill(world.candidacy(first_name=f"Uno {n}"), party_user)
    few = count_queries()
    assert few < 40
    for n in range(40):
        c = world.candidacy(first_name=f"Otra {n}")
        if n % 2:
            fill(c, party_user)
        if n % 4 == 1:
            validate_candidacy(c, by=party_user)
    with django_assert_max_num_queries(few):
        party_client.get(DASHBOARD)


def test_bulk_validation_confirms_then_validates_and_reports(party_client, scene, party_user):
    complete, capturing = scene[Standing.COMPLETE], scene[Standing.CAPTURING]
    marked = {"seleccion": "marcadas", "candidatura": [complete.pk, capturing.pk]}
    confirm = party_client.post(BULK, marked)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "¿Validar 2 candidaturas?" in page and complete.full_name in page and capturing.full_name in page
    assert workflow_of(complete).state == State.DRAFT  # nothing happens before the confirmation

    events_before = WorkflowEvent.objects.count()
    result = party_client.post(BULK, {"ids": confirm.context["ids"], "confirmar": "1"})
    assert [c.pk for c in result.context["validated"]] == [complete.pk]
    [(refused, reason)] = result.context["refused"]
    assert refused.pk == capturing.pk and reason.startswith("No se puede validar: faltan datos obligatorios.")
    assert workflow_of(complete).state == State.VALIDATED
    assert WorkflowEvent.objects.count() > events_before
    page = result.content.decode()
    assert "Validadas (1)" in page and "Sin validar (1)" in page


def test_all_the_complete_ones_under_the_filters(party_client, scene, world, party_user):
    other = world.candidacy(contest="MR15", first_name="Distrito quince")
    fill(other, party_user)
    form = {"seleccion": "completas", "contienda": str(world.contests["MR1"].pk), "q": "", "cargo": ""}
    confirm = party_client.post(BULK, form)
    assert [c.pk for c in confirm.context["chosen"]] == [scene[Standing.COMPLETE].pk]
    party_client.post(BULK, {"ids": confirm.context["ids"], "confirmar": "1"})
    assert workflow_of(scene[Standing.COMPLETE]).state == State.VALIDATED
    assert workflow_of(other).state == State.DRAFT


def test_bulk_validation_ignores_another_actors_candidacies(party_client, other_candidacy, other_party_user):
    foreign = other_candidacy
    fill(foreign, other_party_user)
    response = party_client.post(BULK, {"ids": str(foreign.pk), "confirmar": "1"}, follow=True)
    assert "Marque al menos una candidatura completa" in response.content.decode()
    assert workflow_of(foreign).state == State.DRAFT


def test_a_candidate_cannot_validate_in_bulk(client, candidacy, candidate_user):
    client.force_login(candidate_user)
    assert client.post(BULK, {"ids": str(candidacy.pk), "confirmar": "1"}).status_code == 403


def test_the_staff_see_the_states_without_counting_everything(client, scene, reviewer):
    client.force_login(reviewer)
    response = client.get(DASHBOARD)
    assert response.context["standing_counts"] is None
    assert {c.standing for c in response.context["rows"]} >= {Standing.CAPTURING, Standing.PUBLISHED}
    response = client.get(DASHBOARD, {"estado": Standing.OBSERVED.value})
    assert [c.pk for c in response.context["rows"]] == [scene[Standing.OBSERVED].pk]


def test_an_account_without_candidacies_sees_no_bulk_form(client, world):
    client.force_login(make_user("sin-actor", "party", actor=world.actors["PT"]))
    page = client.get(DASHBOARD).content.decode()
    assert 'id="validacion-masiva"' not in page


def test_bulk_validation_asks_for_the_aviso_first(client, world, candidacy, party_user, notices):
    client.force_login(party_user)
    fill(candidacy, party_user)
    response = client.post(BULK, {"ids": str(candidacy.pk), "confirmar": "1"})
    assert response.status_code == 302 and reverse("capture:notice", args=[world.process.pk]) in response["Location"]
    assert workflow_of(candidacy).state == State.DRAFT


def test_a_rejected_correction_stands_as_observed(world, candidacy, party_user, reviewer, admin_user):
    """A correction the reviewer rejected waits on the actor again, like an observation (not «Validada»)."""
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    _observe(candidacy, reviewer, admin_user)
    save_rubro(candidacy, "motivation", {"motivation": "Servir a mi comunidad, sin lemas"}, by=party_user)
    submit_correction(candidacy, "motivation", by=party_user)
    reject_correction(candidacy, "motivation", reason="Sigue el lema.", by=reviewer)
    assert standings(Candidacy.objects.filter(pk=candidacy.pk)) == {candidacy.pk: Standing.OBSERVED}
