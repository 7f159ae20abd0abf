"""GET /api/v1/candidacies/ID: the public profile's projection (conoceles.public.profiles), nothing more: the
fórmula partner, rubros under review emptied as on the page, the group badges by consent, a substituted candidacy
pointing to its substitute (410) and 404 for anything unpublished."""

import pytest
from django.urls import reverse

from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.candidacies.models import Candidacy, Position
from conoceles.public.error_codes import PublicErrorCode
from conoceles.public.profiles import UNAVAILABLE
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import ConsentItem
from conoceles.questionnaires.rubros import NOT_PROVIDED, RUBRO_NOT_PROVIDED, RUBROS
from conoceles.review.states import State
from tests.factories import CandidacyFactory, announce
from tests.public.profile_data import FULL, answer, consent, fill, publish

from .helpers import data, get

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world):
    candidacy = CandidacyFactory(
        contest=world.contests["MR1"],
        actor=world.actors["SHH"],
        formula_number=1,
        first_name="María",
        private_email="maria.privado@example.com",
        affirmative_action=Group.YOUTH,
    )
    fill(candidacy)
    publish(candidacy)
    return candidacy


@pytest.fixture
def alternate(owner):
    candidacy = CandidacyFactory(
        contest=owner.contest,
        actor=owner.actor,
        formula_number=1,
        position=Position.ALTERNATE,
        first_name="Rosa",
        last_name="Canul",
        second_last_name="Pech",
    )
    fill(candidacy, photo=False, professional_history="Enfermera en el hospital general.", motivation="")
    publish(candidacy)
    return candidacy


def detail(client, candidacy, status=200):
    response = get(client, "candidacy", candidacy.pk)
    assert response.status_code == status, response.content
    return data(response)


def fields(body, rubro) -> dict:
    found = next(r for r in body["rubros"] if r["code"] == rubro)
    return {f["name"]: f["value"] for f in found["fields"]}


def test_the_profile_of_a_fórmula(client, world, owner, alternate):
    body = detail(client, owner)
    assert (body["id"], body["name"], body["position_label"], body["sex"], body["age"]) == (
        owner.pk,
        "María López Hernández",
        "Propietaria",
        "Mujer",
        owner.age,
    )
    assert body["cargo"] == "Diputación local MR"
    assert body["contest"] == {"id": owner.contest_id, "name": owner.contest.name}
    assert body["district"] == str(world.districts[1]) and body["municipality"] == ""
    assert body["actor"]["acronym"] == "SHH" and body["actor"]["kind"] == "Coalición"
    assert body["actor"]["members"] == [
        {"acronym": "MORENA", "name": "Morena"},
        {"acronym": "PT", "name": "Partido del Trabajo"},
    ]
    assert body["affirmative_action"] == Group.YOUTH.label and body["groups"] == [Group.YOUTH.label]
    assert [r["code"] for r in body["rubros"]] == [r.code for r in RUBROS]
    assert fields(body, "proposals")["proposal_1"] == FULL["proposal_1"]
    assert fields(body, "general")["public_email"] == FULL["public_email"]
    assert body["photo_url"].startswith(f"http://testserver{reverse('public:photo', args=[owner.pk])}?v=")
    assert body["profile_url"] == f"http://testserver{reverse('public:profile', args=[owner.pk])}"
    assert body["pdf_url"] == f"http://testserver{reverse('public:profile_pdf', args=[owner.pk])}"
    partner = body["partner"]
    assert partner["id"] == alternate.pk and partner["position_label"] == "Suplente" and "partner" not in partner
    assert partner["photo_url"] is None
    assert fields(partner, "professional")["professional_history"] == "Enfermera en el hospital general."
    motivation = next(r for r in partner["rubros"] if r["code"] == "motivation")
    assert motivation["message"] == RUBRO_NOT_PROVIDED and motivation["fields"][0]["value"] == NOT_PROVIDED
    assert detail(client, alternate)["partner"]["id"] == owner.pk


def test_nothing_but_the_projection(client, owner):
    """The answer has exactly the schema's fields: no private e-mail, no registration data the profile does not show."""
    body = detail(client, owner)
    assert set(body) == {
        "id", "name", "position", "position_label", "sex", "age", "cargo", "contest", "district", "municipality",
        "formula_number", "actor", "consecutive_election", "affirmative_action", "groups", "photo_url", "profile_url",
        "pdf_url", "url", "rubros", "partner",
    }  # fmt: skip
    text = str(body)
    for private in ("maria.privado@example.com", owner.registration_id, str(owner.birth_date)):
        assert private not in text


def test_a_rubro_under_review_is_emptied_as_on_the_page(client, owner):
    publish(owner, {"proposals": State.OBSERVED, "general": State.CORRECTED})
    body = detail(client, owner)
    for code in ("proposals", "general"):
        rubro = next(r for r in body["rubros"] if r["code"] == code)
        assert (rubro["available"], rubro["message"], rubro["fields"]) == (False, UNAVAILABLE, [])
    assert body["photo_url"] is None
    assert FULL["proposal_1"] not in str(body) and FULL["website"] not in str(body)


def test_groups_answered_yes_show_only_with_consent_to_publish(client, owner):
    answer(owner, Group.MIGRANT, YES)
    announce(owner)  # rows written directly: announced as a writer would (the answers are cached by version)
    assert detail(client, owner)["groups"] == [Group.YOUTH.label]
    consent(owner, True, item=ConsentItem.PUBLICATION)
    announce(owner)
    assert detail(client, owner)["groups"] == [Group.MIGRANT.label, Group.YOUTH.label]
    consent(owner, False, item=ConsentItem.PUBLICATION)
    announce(owner)
    assert detail(client, owner)["groups"] == [Group.YOUTH.label]


def test_unpublished_is_404_with_its_code(client, world, owner):
    draft = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    fill(draft)
    for candidacy in (draft, Candidacy(pk=owner.pk + 1000)):
        body = detail(client, candidacy, status=404)
        assert body == {"code": PublicErrorCode.NOT_PUBLISHED, "detail": "Esta candidatura no está publicada."}
    cargo = owner.contest.cargo
    cargo.publication_start = None
    cargo.save()
    announce(cargo)
    assert detail(client, owner, status=404)["code"] == PublicErrorCode.NOT_PUBLISHED


def test_a_substituted_candidacy_points_to_its_substitute_and_says_nothing_else(client, world, owner):
    substitute = CandidacyFactory(
        contest=owner.contest, actor=owner.actor, formula_number=5, first_name="Lucía", last_name="Poot"
    )
    Candidacy.objects.filter(pk=owner.pk).update(status=Candidacy.Status.SUBSTITUTED)
    substitute.replaces = owner
    substitute.formula_number = 1
    substitute.save()
    assert detail(client, owner, status=404)["code"] == PublicErrorCode.NOT_PUBLISHED  # substitute not public yet
    fill(substitute)
    publish(substitute)
    body = detail(client, owner, status=410)
    assert body == {
        "code": PublicErrorCode.SUBSTITUTED,
        "detail": "Esta candidatura fue sustituida.",
        "substitute": {"id": substitute.pk, "url": f"http://testserver/api/v1/candidacies/{substitute.pk}"},
    }
    assert detail(client, substitute)["name"] == "Lucía Poot Hernández"
