"""Issue 14, points 1, 9 and the review words of 13: a correction must change something (or say why), the reviewer
sees its diff and may reject it; «revisada sin observaciones», «siguiente», districts in numeric order; ids and
confirmations of the decision forms; «1 supuesto»; thousands separators."""

import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from conoceles.notifications.models import Notification
from conoceles.questionnaires.services import save_photo, save_rubro
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.forms import ConsentFormatFilterForm, QueueFilterForm
from conoceles.review.models import ReviewRules, WorkflowEvent
from conoceles.review.services import (
    accept_correction,
    clean_review_at,
    correction_diff,
    curricular_for,
    decide_correction_request,
    decide_observation,
    mark_reviewed,
    propose_observation,
    reject_correction,
    request_correction,
    rubro_states_of,
    submit_correction,
    validate_candidacy,
)
from conoceles.review.states import EventKind, State
from tests.factories import CandidacyFactory, ContestFactory, DistrictFactory
from tests.review.helpers import TEXTS, published
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

NEW_PROPOSALS = TEXTS["proposals"] | {"proposal_1": "Agua potable en cada colonia"}


def observe(candidacy, reviewer, admin_user, rubros=("proposals",), rules=(1,)):
    observation = propose_observation(candidacy, rubros=rubros, rules=rules, comment="Copia textual.", by=reviewer)
    return decide_observation(observation, approve=True, note="Procede.", by=admin_user)


def state_of(candidacy, code="proposals"):
    return rubro_states_of(candidacy)[code].state


@pytest.fixture
def observed(candidacy, party_user, reviewer, admin_user):
    published(candidacy, party_user)
    observe(candidacy, reviewer, admin_user)
    return candidacy


# --- Point 1: a correction without a change ------------------------------------------------------------------------


def test_an_unchanged_correction_is_refused_without_a_reason(observed, party_user):
    with pytest.raises(ValidationError) as error:
        submit_correction(observed, "proposals", by=party_user)
    assert error.value.code == ReviewErrorCode.UNCHANGED
    assert "«Propuestas»" in error.value.messages[0]
    assert state_of(observed) == State.OBSERVED


def test_an_unchanged_correction_goes_with_a_written_reason_kept_for_the_reviewer(observed, party_user):
    submit_correction(observed, "proposals", by=party_user, note="  La propuesta es nuestra; no copia a nadie. ")
    assert state_of(observed) == State.CORRECTED
    event = WorkflowEvent.objects.filter(candidacy=observed, rubro="proposals", to_state=State.CORRECTED).get()
    assert event.reason == "La propuesta es nuestra; no copia a nadie."


def test_a_changed_correction_goes_and_the_diff_shows_before_and_after(observed, party_user):
    save_rubro(observed, "proposals", NEW_PROPOSALS, by=party_user)
    submit_correction(observed, "proposals", by=party_user)
    diff = correction_diff(rubro_states_of(observed)["proposals"], curricular_for(observed))
    assert [(d["field"].name, d["before"], d["after"]) for d in diff] == [
        ("proposal_1", "Agua potable", "Agua potable en cada colonia")
    ]


def test_a_new_photo_is_a_change_shown_without_its_file_name(client, candidacy, party_user, reviewer, admin_user):
    published(candidacy, party_user)
    observe(candidacy, reviewer, admin_user, rubros=("general",), rules=(4,))
    save_photo(candidacy, upload(image_bytes(color=(0, 0, 0))), by=party_user)
    submit_correction(candidacy, "general", by=party_user)
    client.force_login(reviewer)
    page = client.get(reverse("review:candidacy", args=[candidacy.pk])).content.decode()
    assert "Fotografía anterior" in page and "Fotografía nueva" in page
    assert candidacy.curricular.photo.name not in page.split("Cambios de la corrección")[1].split("</table>")[0]


def test_the_reviewer_rejects_a_correction_even_without_rounds_left(observed, party_user, reviewer, admin_user):
    assert ReviewRules.objects.get(process=observed.process).observation_rounds == 1  # the one round is used
    save_rubro(observed, "proposals", NEW_PROPOSALS, by=party_user)
    submit_correction(observed, "proposals", by=party_user)
    with pytest.raises(ValidationError) as error:
        reject_correction(observed, "proposals", reason="  ", by=reviewer)
    assert error.value.code == ReviewErrorCode.NO_REASON
    assert state_of(observed) == State.CORRECTED

    reject_correction(observed, "proposals", reason="Sigue siendo la misma propuesta.", by=reviewer)
    assert state_of(observed) == State.CORRECTION_REJECTED
    event = WorkflowEvent.objects.get(candidacy=observed, to_state=State.CORRECTION_REJECTED)
    assert (event.by, event.reason, event.from_state) == (reviewer, "Sigue siendo la misma propuesta.", State.CORRECTED)
    notice = Notification.objects.get(user=party_user, subject__startswith="Corrección rechazada")
    assert "Sigue siendo la misma propuesta." in notice.body

    # Back to the actor: editable, and sending it again needs another change (or a reason)
    with pytest.raises(ValidationError) as error:
        submit_correction(observed, "proposals", by=party_user)
    assert error.value.code == ReviewErrorCode.UNCHANGED
    save_rubro(observed, "proposals", NEW_PROPOSALS | {"proposal_2": "Clínicas móviles"}, by=party_user)
    submit_correction(observed, "proposals", by=party_user)
    accept_correction(observed, "proposals", by=reviewer)
    assert state_of(observed) == State.VALIDATED


def test_the_actor_sees_an_error_and_keeps_the_reason_typed(party_client, observed, party_user):
    url = reverse("review_actor:submit", args=[observed.pk, "proposals"])
    response = party_client.post(url, {"note": ""})
    assert response.status_code == 400 and "No ha cambiado nada en «Propuestas»" in response.content.decode()
    assert state_of(observed) == State.OBSERVED
    save_rubro(observed, "proposals", NEW_PROPOSALS | {"proposal_2": ""}, by=party_user)
    response = party_client.post(url, {"note": "Quitamos la segunda propuesta."})
    page = response.content.decode()
    assert response.status_code == 400 and "Complete el rubro" in page
    assert ">Quitamos la segunda propuesta.</textarea>" in page  # nothing typed is lost
    party_client.post(url, {"note": "Es nuestra."})
    assert state_of(observed) == State.OBSERVED  # still incomplete
    save_rubro(observed, "proposals", NEW_PROPOSALS, by=party_user)
    party_client.post(url, {"note": ""})
    assert state_of(observed) == State.CORRECTED


def test_the_reviewer_screen_shows_the_diff_and_rejects_with_a_reason(client, observed, party_user, reviewer):
    save_rubro(observed, "proposals", NEW_PROPOSALS, by=party_user)
    submit_correction(observed, "proposals", by=party_user, note="Cambiamos la primera.")
    client.force_login(reviewer)
    page = client.get(reverse("review:candidacy", args=[observed.pk])).content.decode()
    assert "<del>Agua potable</del>" in page and "<ins>Agua potable en cada colonia</ins>" in page
    assert "Cambiamos la primera." in page
    assert 'data-confirm="¿Rechazar la corrección de «Propuestas»?' in page

    url = reverse("review:reject", args=[observed.pk, "proposals"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Explique al actor político" in response.content.decode()
    client.post(url, {"reason": "Falta la fuente."})
    assert state_of(observed) == State.CORRECTION_REJECTED

    client.force_login(party_user)
    page = client.get(reverse("review_actor:status", args=[observed.pk])).content.decode()
    assert "El Instituto rechazó su corrección" in page and "Falta la fuente." in page
    assert "Corregir" in page and "Enviar corrección" in page


# --- Point 9: «revisada sin observaciones», «siguiente», districts -----------------------------------------------


def test_revisada_sin_observaciones_is_recorded_audited_and_undone_by_a_new_validation(
    candidacy, party_user, reviewer, admin_user
):
    with pytest.raises(ValidationError) as error:
        mark_reviewed(candidacy, by=reviewer)  # not validated yet
    assert error.value.code == ReviewErrorCode.NOT_VALIDATED
    published(candidacy, party_user)
    mark_reviewed(candidacy, by=reviewer)
    assert clean_review_at(candidacy) is not None
    assert WorkflowEvent.objects.filter(candidacy=candidacy, kind=EventKind.REVIEWED_CLEAN, by=reviewer).exists()

    request = request_correction(candidacy, rubros=["motivation"], reason="Error.", by=party_user)
    decide_correction_request(request, approve=True, by=admin_user)
    validate_candidacy(candidacy, by=party_user)
    assert clean_review_at(candidacy) is None  # validated again: to be reviewed again


def test_an_approved_observation_undoes_it_and_open_corrections_forbid_it(candidacy, party_user, reviewer, admin_user):
    published(candidacy, party_user)
    ReviewRules.objects.create(process=candidacy.process, observation_rounds=2)
    mark_reviewed(candidacy, by=reviewer)
    observe(candidacy, reviewer, admin_user)
    assert clean_review_at(candidacy) is None
    with pytest.raises(ValidationError) as error:
        mark_reviewed(candidacy, by=reviewer)
    assert error.value.code == ReviewErrorCode.REVIEW_OPEN


def test_the_queue_shows_and_filters_the_reviewed_ones(client, world, party_user, reviewer):
    reviewed = published(world.candidacy(first_name="Revisada"), party_user)
    published(world.candidacy(first_name="Pendiente"), party_user)
    client.force_login(reviewer)
    client.post(reverse("review:mark_reviewed", args=[reviewed.pk]))
    page = client.get(reverse("review:queue"), {"pending": "clean"}).content.decode()
    assert "Revisada López" in page and "Pendiente López" not in page
    assert "Revisada sin observaciones" in page
    page = client.get(reverse("review:queue"), {"pending": "to_review"}).content.decode()
    assert "Pendiente López" in page and "Revisada López" not in page


def test_districts_sort_by_number_and_siguiente_follows_the_filtered_queue(client, world, reviewer):
    cargo, pan = world.cargos["DIP_MR"], world.actors["PAN"]
    contests = {1: world.contests["MR1"], 15: world.contests["MR15"]}
    for number in (2, 10):
        district = DistrictFactory(process=world.process, number=number, head_town=f"Cabecera {number}")
        contests[number] = ContestFactory(
            process=world.process, cargo=cargo, district=district, name=f"Diputación local MR – Distrito {number}"
        )
    made = {n: CandidacyFactory(contest=contests[n], actor=pan, first_name=f"D{n}") for n in (15, 10, 2, 1)}
    morena = world.candidacy(first_name="Morena", actor="MORENA", contest="MR15")

    client.force_login(reviewer)
    query = {"actor": pan.pk}
    page = client.get(reverse("review:queue"), query).content.decode()
    assert [int(n) for n in re.findall(r">D(\d+) López", page)] == [1, 2, 10, 15]

    response = client.get(reverse("review:next", args=[made[2].pk]), query)
    assert response.url == reverse("review:candidacy", args=[made[10].pk]) + f"?actor={pan.pk}"
    response = client.get(reverse("review:next", args=[made[10].pk]), query)
    assert response.url == reverse("review:candidacy", args=[made[15].pk]) + f"?actor={pan.pk}"
    response = client.get(reverse("review:next", args=[made[15].pk]), query)  # MORENA's is not in this queue
    assert response.url == reverse("review:queue") + f"?actor={pan.pk}"
    response = client.get(reverse("review:next", args=[made[15].pk]))  # unfiltered: MORENA's comes after
    assert response.url == reverse("review:candidacy", args=[morena.pk])


# --- Point 13: the words of the review screens --------------------------------------------------------------------


def test_the_decisions_page_has_distinct_ids_and_asks_before_rejecting(client, world, party_user, reviewer, admin_user):
    first, second = (published(world.candidacy(first_name=name), party_user) for name in ("Ana", "Eva"))
    propose_observation(first, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    for candidacy in (first, second):  # two correction requests: their note fields had the same id
        request_correction(candidacy, rubros=["motivation"], reason="Error.", by=party_user)
    client.force_login(admin_user)
    page = client.get(reverse("review:decisions")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert page.count('id="nota-') == 3
    rejects = re.findall(r'<button[^>]*value="reject"[^>]*>', page)
    assert len(rejects) == 3 and all("data-confirm=" in button for button in rejects)


def test_one_supuesto_is_singular_in_the_audit(candidacy, party_user, reviewer):
    published(candidacy, party_user)
    propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    propose_observation(candidacy, rubros=["motivation"], rules=[5, 7], comment="Lema.", by=reviewer)
    events = WorkflowEvent.objects.filter(kind=EventKind.OBSERVATION_PROPOSED).order_by("pk")
    reasons = list(events.values_list("reason", flat=True))
    assert "; supuesto 1." in reasons[0] and "; supuestos 5, 7." in reasons[1]


def test_the_queue_count_has_thousands_separators(reviewer):
    request = RequestFactory().get("/revision/")
    request.user = reviewer
    page = SimpleNamespace(object_list=[], paginator=SimpleNamespace(count=12345))
    process = SimpleNamespace(name="Proceso")
    context = {"form": QueueFilterForm(), "page": page, "process": process, "pending_formats": 1500}
    html = render_to_string("review/queue.html", context, request=request)
    assert "12,345 candidaturas" in html and "1,500 por revisar" in html
    html = render_to_string(
        "review/consent_formats.html",
        {"form": ConsentFormatFilterForm(), "page": page, "heading": "Pendientes de revisión"},
        request=request,
    )
    assert "Pendientes de revisión (12,345)" in html
