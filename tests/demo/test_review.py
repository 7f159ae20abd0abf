"""The demo election has review work in every state, made through the services (bitácora and avisos included)."""

import io

import pytest
from django.core.management import call_command

from conoceles.notifications.models import Notification
from conoceles.review.models import CorrectionRequest, Observation, RubroState, WorkflowEvent
from conoceles.review.states import Decision, EventKind, State
from conoceles.screening.models import Finding

pytestmark = pytest.mark.django_db


def test_the_demo_brings_observations_corrections_requests_and_findings():
    out = io.StringIO()
    call_command("demo", "--candidacies", "600", stdout=out)
    assert "Revisión: 2 observaciones aprobadas (1 ya subsanada)" in out.getvalue()

    assert Observation.objects.filter(decision=Decision.APPROVED).count() == 2
    assert Observation.objects.filter(decision=Decision.PENDING).count() == 3
    assert CorrectionRequest.objects.filter(decision=Decision.PENDING).count() == 1
    assert RubroState.objects.filter(state=State.CORRECTED).count() == 1
    assert RubroState.objects.filter(state=State.OBSERVED).count() >= 1
    approved = Observation.objects.filter(decision=Decision.APPROVED).first()
    assert approved.candidacy.actor.acronym == "MORENA"  # the demo «partido» account sees it
    assert Notification.objects.filter(user__username="partido", kind="observation_approved").count() == 2
    assert WorkflowEvent.objects.filter(kind=EventKind.OBSERVATION_PROPOSED).count() == 5
    assert Finding.objects.exists()
