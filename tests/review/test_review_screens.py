"""The review screens on real HTTP requests: queue, a candidacy rubro by rubro, decisions, audit, the actor's page."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conoceles.questionnaires.services import accept_notice
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.forms import CorrectionRequestForm, ObservationForm
from conoceles.review.models import CandidacyWorkflow, CorrectionRequest, Observation, RubroState
from conoceles.review.publication import is_public
from conoceles.review.services import (
    decide_correction_request,
    decide_observation,
    propose_observation,
    request_correction,
    rubro_states_of,
    workflow_of,
)
from conoceles.review.states import Decision, State
from conoceles.screening.models import Finding
from tests.review.helpers import START, fill, published

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def error_codes(form) -> dict:
    """{field name or "__all__": [codes]} of a bound form's errors."""
    return {name: [e.code for e in errors] for name, errors in form.errors.as_data().items()}


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Access --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "who", "expected"),
    [
        ("review:queue", "reviewer", 200),
        ("review:queue", "admin_user", 200),
        ("review:queue", "party_user", 403),
        ("review:queue", "candidate_user", 403),
        ("review:decisions", "admin_user", 200),
        ("review:decisions", "reviewer", 403),
        ("review:audit", "reviewer", 200),
        ("review:audit", "party_user", 403),
    ],
)
def test_who_reaches_the_staff_screens(name, who, expected, client, request):
    assert login(client, request.getfixturevalue(who)).get(reverse(name)).status_code == expected


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("review:queue"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_actor_page_is_a_404_for_another_actor(client, candidacy, other_party_user, notices):
    for notice in notices.values():
        accept_notice(other_party_user, notice)
    response = login(client, other_party_user).get(reverse("review_actor:status", args=[candidacy.pk]))
    assert response.status_code == 404
    response = client.post(reverse("review_actor:validate", args=[candidacy.pk]))
    assert response.status_code == 404
    assert workflow_of(candidacy).state == State.DRAFT


# --- The actor validates, corrects and asks ---------------------------------------------------------------------


def test_the_actor_page_lists_what_is_missing_and_then_validates(party_client, candidacy, party_user):
    page = party_client.get(reverse("review_actor:status", args=[candidacy.pk])).content.decode()
    assert "Aún no se puede validar" in page and "Fotografía" in page

    fill(candidacy, party_user)
    page = party_client.get(reverse("review_actor:status", args=[candidacy.pk])).content.decode()
    assert "Validar candidatura" in page
    response = party_client.post(reverse("review_actor:validate", args=[candidacy.pk]), follow=True)
    assert "Candidatura validada" in response.content.decode()
    assert workflow_of(candidacy).state == State.VALIDATED


def test_a_validated_rubro_form_is_read_only_and_refuses_a_post(party_client, candidacy, party_user):
    published(candidacy, party_user)
    url = reverse("capture:rubro", args=[candidacy.pk, "motivation"])
    page = party_client.get(url).content.decode()
    assert "no se puede modificar" in page and "disabled" in page
    response = party_client.post(url, {"motivation": "Cambiado a escondidas"}, follow=True)
    assert "no se puede modificar" in response.content.decode()
    candidacy.curricular.refresh_from_db()
    assert candidacy.curricular.motivation == "Servir a mi comunidad"


def test_the_actor_sends_a_correction_of_an_observed_rubro(party_client, candidacy, party_user, reviewer, admin_user):
    published(candidacy, party_user)
    observation = propose_observation(candidacy, rubros=["motivation"], rules=[7], comment="Lema.", by=reviewer)
    login(party_client, admin_user).post(
        reverse("review:decide_observation", args=[observation.pk]), {"decision": "approve"}
    )
    login(party_client, party_user)
    page = party_client.get(reverse("review_actor:status", args=[candidacy.pk])).content.decode()
    assert "Lema." in page and "7. Usar lemas" in page and "Corregir" in page
    party_client.post(reverse("capture:rubro", args=[candidacy.pk, "motivation"]), {"motivation": "Servir bien"})
    party_client.post(reverse("review_actor:submit", args=[candidacy.pk, "motivation"]))
    assert rubro_states_of(candidacy)["motivation"].state == State.CORRECTED


def test_the_actor_asks_to_reopen_rubros(party_client, candidacy, party_user):
    published(candidacy, party_user)
    url = reverse("review_actor:request_correction", args=[candidacy.pk])
    response = party_client.post(url, {"rubros": ["political"], "reason": ""})
    assert response.status_code == 400 and "obligatorio" in response.content.decode()
    party_client.post(url, {"rubros": ["political"], "reason": "Faltó un cargo."})
    request = CorrectionRequest.objects.get(candidacy=candidacy)
    assert request.rubros == ["political"] and request.decision == Decision.PENDING


def test_a_correction_request_without_reason_is_refused_next_to_the_reason(
    party_client, candidacy, party_user, monkeypatch
):
    published(candidacy, party_user)
    monkeypatch.setattr(CorrectionRequestForm.base_fields["reason"], "required", False)  # the service's own check
    url = reverse("review_actor:request_correction", args=[candidacy.pk])
    response = party_client.post(url, {"rubros": ["political"], "reason": ""})
    assert response.status_code == 400
    assert error_codes(response.context["request_form"]) == {"reason": [ReviewErrorCode.NO_REASON]}
    page = response.content.decode()
    assert '<div class="invalid-feedback d-block" id="id_reason_error">Explique por qué necesita corregir' in page
    assert not CorrectionRequest.objects.exists()


def test_a_correction_request_over_the_limit_is_refused_on_the_form(party_client, candidacy, party_user, admin_user):
    published(candidacy, party_user)
    earlier = request_correction(candidacy, rubros=["motivation"], reason="Error.", by=party_user)
    decide_correction_request(earlier, approve=False, by=admin_user)
    url = reverse("review_actor:request_correction", args=[candidacy.pk])
    response = party_client.post(url, {"rubros": ["political"], "reason": "Otro."})
    assert response.status_code == 400
    assert error_codes(response.context["request_form"]) == {"__all__": [ReviewErrorCode.NO_REQUESTS_LEFT]}
    assert '<div class="alert alert-danger" role="alert"><p class="mb-0">Esta candidatura ya usó sus solicitudes' in (
        response.content.decode()
    )


def test_a_refused_validation_is_one_message_per_reason(party_client, candidacy):
    response = party_client.post(reverse("review_actor:validate", args=[candidacy.pk]))
    assert response.status_code == 302
    [message] = flashed(response)
    assert message.startswith("No se puede validar: faltan datos obligatorios.")
    assert workflow_of(candidacy).state == State.DRAFT


# --- Staff: queue, candidacy, decisions, audit -------------------------------------------------------------------


def test_the_queue_filters_by_state_and_pending_work(
    client, candidacy, other_candidacy, party_user, reviewer, admin_user
):
    other_candidacy.first_name = "Rosa"
    other_candidacy.save()
    published(candidacy, party_user)
    propose_observation(candidacy, rubros=["general"], rules=[4], comment="Foto de otra.", by=reviewer)
    login(client, reviewer)

    def names(**params):
        page = client.get(reverse("review:queue"), params).content.decode()
        return {c.full_name for c in (candidacy, other_candidacy) if c.full_name in page}

    assert names() == {candidacy.full_name, other_candidacy.full_name}
    assert names(state="validated") == {candidacy.full_name}
    assert names(state="draft") == {other_candidacy.full_name}
    assert names(pending="proposals") == {candidacy.full_name}
    assert names(actor=other_candidacy.actor_id) == {other_candidacy.full_name}
    assert names(q="rosa") == {other_candidacy.full_name}


def test_a_reviewer_reads_rubro_by_rubro_and_proposes(client, candidacy, party_user, reviewer):
    published(candidacy, party_user)
    login(client, reviewer)
    page = client.get(reverse("review:candidacy", args=[candidacy.pk])).content.decode()
    assert "Servir a mi comunidad" in page and "Agua potable" in page and "Proponer observación" in page

    url = reverse("review:propose", args=[candidacy.pk])
    response = client.post(url, {"rubros": ["proposals"], "rules": ["1"], "comment": ""})
    assert response.status_code == 400
    client.post(url, {"rubros": ["proposals"], "rules": ["1", "5"], "comment": "Copia de otra candidatura."})
    observation = Observation.objects.get(candidacy=candidacy)
    assert (observation.rubros, observation.rules, observation.proposed_by) == (["proposals"], [1, 5], reviewer)


def test_a_refused_proposal_says_so_next_to_the_rubros(client, candidacy, reviewer):
    login(client, reviewer)
    url = reverse("review:propose", args=[candidacy.pk])
    response = client.post(url, {"rubros": ["proposals"], "rules": ["1"], "comment": "Copia."})
    assert response.status_code == 400
    assert error_codes(response.context["form"]) == {"rubros": [ReviewErrorCode.NOT_OBSERVABLE]}
    assert '<div class="invalid-feedback d-block" id="id_rubros_error">Solo se observan rubros validados' in (
        response.content.decode()
    )
    assert not Observation.objects.exists()


def test_a_proposal_without_comment_is_refused_next_to_the_comment(
    client, candidacy, party_user, reviewer, monkeypatch
):
    published(candidacy, party_user)
    monkeypatch.setattr(ObservationForm.base_fields["comment"], "required", False)  # the service's own check
    url = reverse("review:propose", args=[candidacy.pk])
    response = login(client, reviewer).post(url, {"rubros": ["proposals"], "rules": ["1"], "comment": " "})
    assert response.status_code == 400
    assert error_codes(response.context["form"]) == {"comment": [ReviewErrorCode.NO_COMMENT]}
    page = response.content.decode()
    assert '<div class="invalid-feedback d-block" id="id_comment_error">Explique al actor político qué debe' in page
    assert not Observation.objects.exists()


def test_a_decision_taken_twice_is_refused_with_a_message(client, candidacy, party_user, reviewer, admin_user):
    published(candidacy, party_user)
    observation = propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    decide_observation(observation, approve=False, by=admin_user)
    response = login(client, admin_user).post(
        reverse("review:decide_observation", args=[observation.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert flashed(response) == ["Ya se decidió (rechazada)."]
    assert Observation.objects.get(pk=observation.pk).decision == Decision.REJECTED


def test_the_admin_decides_from_the_decisions_page(client, candidacy, party_user, reviewer, admin_user):
    published(candidacy, party_user)
    observation = propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    request = request_correction(candidacy, rubros=["political"], reason="Faltó un cargo.", by=party_user)
    login(client, admin_user)
    page = client.get(reverse("review:decisions")).content.decode()
    assert "Copia." in page and "Faltó un cargo." in page

    client.post(reverse("review:decide_observation", args=[observation.pk]), {"decision": "approve"})
    client.post(reverse("review:decide_correction", args=[request.pk]), {"decision": "reject", "note": "No."})
    assert not is_public(candidacy, "proposals", today=START)
    request.refresh_from_db()
    assert (request.decision, request.decision_note) == (Decision.REJECTED, "No.")
    page = client.get(reverse("review:decisions")).content.decode()
    assert "No hay observaciones por decidir" in page and "No hay solicitudes por decidir" in page


def test_a_reviewer_cannot_decide(client, candidacy, party_user, reviewer):
    published(candidacy, party_user)
    observation = propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    response = login(client, reviewer).post(
        reverse("review:decide_observation", args=[observation.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert Observation.objects.get(pk=observation.pk).decision == Decision.PENDING


def test_the_audit_shows_who_did_what_per_candidacy_and_globally(
    client, candidacy, other_candidacy, party_user, reviewer, admin_user
):
    published(candidacy, party_user)
    propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="Copia textual.", by=reviewer)
    login(client, reviewer)
    page = client.get(reverse("review:candidacy_audit", args=[candidacy.pk])).content.decode()
    assert "Observación propuesta" in page and "Copia textual." in page
    assert "enlace-pan" in page and "En captura → Validada" in page
    everything = client.get(reverse("review:audit")).content.decode()
    assert candidacy.full_name in everything
    only_proposals = client.get(reverse("review:audit"), {"kind": "observation_proposed"}).content.decode()
    assert "Copia textual." in only_proposals and "En captura → Validada" not in only_proposals
    nobody = client.get(reverse("review:audit"), {"user": "nadie"}).content.decode()
    assert "No hay eventos con esos filtros" in nobody


def test_the_assistants_flag_the_queue_and_show_their_evidence(
    client, candidacy, other_candidacy, party_user, reviewer, world
):
    from conoceles.screening.engine import scan_candidacy
    from conoceles.screening.models import WatchedTerm

    WatchedTerm.objects.create(process=world.process, term="vota por")
    other_candidacy.first_name = "Rosa"
    other_candidacy.save()
    published(candidacy, party_user)
    candidacy.curricular.motivation = "Servir. ¡Vota por el cambio <b>ya</b>!"
    candidacy.curricular.save()  # a direct write, as a re-scan sees it
    scan_candidacy(candidacy)
    login(client, reviewer)

    flagged = client.get(reverse("review:queue"), {"flag": 7}).content.decode()
    assert candidacy.full_name in flagged and other_candidacy.full_name not in flagged
    assert "Supuesto 7" in flagged
    page = client.get(reverse("review:candidacy", args=[candidacy.pk])).content.decode()
    assert re.search(r"<mark>(<span[^>]*>[^<]*</span>)?Vota por(<span[^>]*>[^<]*</span>)?</mark>", page)
    assert "&lt;b&gt;ya&lt;/b&gt;" in page and "<b>ya</b>" not in page


# --- Query counts -----------------------------------------------------------------------------------------------


def add_queue_rows(world, reviewer, count: int, tag: str) -> None:
    """`count` candidacies with all a row of the queue shows: a validation state, an observed and a corrected rubro,
    a pending observation and two assistants' findings."""
    contests, actors = ["GUB", "MR1", "MR15", "RP", "PM_OPB", "PM_BJ"], ["PAN", "MORENA", "PT", "SHH"]
    for n in range(count):
        c = world.candidacy(contests[n % len(contests)], actors[n % len(actors)], first_name=f"{tag}{n}")
        CandidacyWorkflow.objects.create(candidacy=c, state=State.OBSERVED if n % 2 else State.VALIDATED)
        RubroState.objects.create(candidacy=c, rubro="proposals", state=State.OBSERVED)
        RubroState.objects.create(candidacy=c, rubro="motivation", state=State.CORRECTED)
        Observation.objects.create(candidacy=c, rubros=["general"], rules=[4], comment="Foto.", proposed_by=reviewer)
        for rule in (1, 7):
            Finding.objects.create(
                candidacy=c, rule=rule, rubro="proposals", field="proposal_1", excerpt="x", mark_start=0, mark_end=1
            )


def test_the_queue_runs_as_many_queries_for_three_times_the_rows(client, world, reviewer, django_assert_num_queries):
    url = reverse("review:queue")
    login(client, reviewer)
    add_queue_rows(world, reviewer, 4, "a")
    client.get(url)  # what the first request of a session reads once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).content.decode().count("observado<br>") == 4
    add_queue_rows(world, reviewer, 8, "b")
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.count("observado<br>") == page.count("Propuesta sin decidir") == 12  # every row, all it shows
    assert page.count("Supuesto 7") == 12 and "b7 López Hernández" in page
