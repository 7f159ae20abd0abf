"""Issue 14, point 2: where the actor may not validate, its page shows why instead of the «Validar candidatura»
button, and a forced POST answers that reason (never a 403)."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.services import (
    decide_correction_request,
    request_correction,
    validate_candidacy,
    workflow_of,
)
from conoceles.review.states import State
from tests.factories import announce
from tests.review.helpers import fill

pytestmark = pytest.mark.django_db


def _page(client, candidacy) -> str:
    return client.get(reverse("review_actor:status", args=[candidacy.pk])).content.decode()


def _force_validate(client, candidacy):
    response = client.post(reverse("review_actor:validate", args=[candidacy.pk]), follow=True)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_a_pending_correction_request_shows_the_state_not_the_button(party_client, candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    request_correction(candidacy, rubros=["motivation"], reason="Un error de dedo.", by=party_user)

    page = _page(party_client, candidacy)
    assert "Validar candidatura" not in page
    assert "Solicitud de corrección pendiente de decisión del Instituto desde el " in page

    response, flashed = _force_validate(party_client, candidacy)
    assert response.status_code == 200
    assert any(m.startswith("Solicitud de corrección pendiente de decisión del Instituto desde") for m in flashed)
    assert workflow_of(candidacy).state == State.CORRECTION_REQUESTED


def test_a_validated_candidacy_says_so_and_refuses_a_second_validation(party_client, candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    page = _page(party_client, candidacy)
    assert "Validar candidatura" not in page and "ya está validada" in page
    response, flashed = _force_validate(party_client, candidacy)
    assert response.status_code == 200 and any("ya está validada" in m for m in flashed)


def test_a_cancelled_candidacy_shows_why_it_cannot_be_validated(party_client, candidacy, party_user):
    fill(candidacy, party_user)
    candidacy.status = Candidacy.Status.CANCELLED
    candidacy.save()
    announce(candidacy)
    page = _page(party_client, candidacy)
    assert "Validar candidatura" not in page and "Solo se validan candidaturas con registro aprobado" in page
    _, flashed = _force_validate(party_client, candidacy)
    assert any("registro aprobado" in m for m in flashed)
    assert workflow_of(candidacy).state == State.DRAFT


@pytest.mark.parametrize("approve", [True, False])
def test_after_the_decision_the_button_follows_the_state(party_client, candidacy, party_user, admin_user, approve):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    pending = request_correction(candidacy, rubros=["motivation"], reason="Un error.", by=party_user)
    decide_correction_request(pending, approve=approve, by=admin_user)
    page = _page(party_client, candidacy)
    # Approved: reopened, to validate again. Rejected: validated as before, no button.
    assert ("Validar candidatura" in page) is approve


def test_the_service_refuses_with_a_validation_error_not_a_permission_error(candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    request_correction(candidacy, rubros=["motivation"], reason="Un error.", by=party_user)
    with pytest.raises(ValidationError) as refused:
        validate_candidacy(candidacy, by=party_user)
    assert refused.value.code == ReviewErrorCode.INVALID_TRANSITION
