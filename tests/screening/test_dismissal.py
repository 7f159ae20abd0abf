"""Issue 14 point 9: a reviewer dismisses a false-positive finding (with a reason, audited); it stays gone while the
compared texts are the same and comes back when either changes. The copied passage is shown beside its source."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conoceles.review.models import WorkflowEvent
from conoceles.review.states import EventKind
from conoceles.screening import engine, services
from conoceles.screening.models import DismissedFinding, Finding
from tests.screening.test_screening import COPIED, OTHER, candidacy, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    a = fill(candidacy(world, "PAN"), proposal_1=COPIED, proposal_2=OTHER)
    b = fill(candidacy(world, "MORENA", "MR15", first_name="Rosa"), proposal_2="Mi propuesta: " + COPIED)
    engine.scan_process(world.process)
    return a, b


def test_a_dismissed_finding_is_gone_audited_and_back_when_a_text_changes(client, pair, reviewer):
    a, b = pair
    (finding,) = services.findings_for(a)
    client.force_login(reviewer)
    url = reverse("review:dismiss_finding", args=[a.pk, finding.pk])
    response = client.post(url, {"reason": "Es la plataforma común de la coalición.", "queue": "flag=1"})
    assert response.url == reverse("review:candidacy", args=[a.pk]) + "?flag=1"

    assert services.findings_for(a) == []
    assert services.flags_for([a.pk, b.pk]) == {b.pk: {1}}  # only a's side was dismissed
    assert list(services.candidacies_flagged(type(a).objects.filter(pk=a.pk))) == []
    event = WorkflowEvent.objects.get(candidacy=a, kind=EventKind.FINDING_DISMISSED)
    assert event.by == reviewer and "plataforma común" in event.reason and event.rubro == "proposals"
    page = client.get(reverse("review:candidacy", args=[a.pk])).content.decode()
    assert "Construiré un sistema de agua" not in page.split('id="screening-findings-title"')[1].split("</section>")[0]

    engine.scan_process(a.process)  # a re-scan with the same texts: still dismissed
    assert services.findings_for(a) == []
    fill(b, proposal_2="Mi propuesta, corregida: " + COPIED)  # the other text changes
    engine.scan_candidacy(b)
    assert [f.other_candidacy for f in services.findings_for(a)] == [b]


def test_a_dismissal_needs_a_reason(pair, reviewer):
    a, _ = pair
    finding = Finding.objects.get(candidacy=a)
    with pytest.raises(ValidationError):
        services.dismiss_finding(finding, reason=" ", by=reviewer)
    assert not DismissedFinding.objects.exists() and not WorkflowEvent.objects.exists()


def test_the_copied_passage_is_shown_beside_its_source(client, pair, reviewer):
    a, b = pair
    (finding,) = services.findings_for(a)
    before, passage, after = finding.source
    assert passage.startswith("Construiré un sistema") and "Mi propuesta" in before
    client.force_login(reviewer)
    page = client.get(reverse("review:candidacy", args=[a.pk])).content.decode()
    assert "Esta candidatura" in page and f"Fuente: {b}" in page
    assert "[inicio del pasaje en la fuente]" in page
    assert "(supuesto 1)" in page  # one rule: singular
