"""The database itself keeps the data honest, whatever code writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import Contest, PoliticalActor
from tests.factories import CandidacyFactory, ContestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"sex": "Q"},
        {"position": "boss"},
        {"status": "maybe"},
        {"affirmative_action": "aliens"},
        {"birth_date": None, "declared_age": None},
        {"birth_date": None, "declared_age": 12},
        {"formula_number": 0},
        {"first_name": ""},
        {"registration_id": ""},
    ],
)
def test_invalid_candidacies_are_refused_by_the_database(world, changes):
    valid = {"contest": world.contests["GUB"], "actor": world.actors["PAN"], "formula_number": 1}
    CandidacyFactory(**valid)  # the same candidacy without the change is accepted
    Candidacy.objects.all().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidacyFactory(**{**valid, **changes})


def test_one_active_candidacy_per_seat_but_substituted_ones_stay(world):
    contest, actor = world.contests["GUB"], world.actors["PAN"]
    first = CandidacyFactory(contest=contest, actor=actor, formula_number=1, registration_id="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidacyFactory(contest=contest, actor=actor, formula_number=1, registration_id="B")
    first.status = Candidacy.Status.SUBSTITUTED
    first.save()
    second = CandidacyFactory(contest=contest, actor=actor, formula_number=1, registration_id="B", replaces=first)
    assert first.replaced_by == second


def test_registration_id_is_unique_per_process(world):
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], registration_id="R-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PT"], registration_id="R-1")


def test_contest_cannot_be_in_a_district_and_a_municipality(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contest.objects.create(
            process=world.process,
            cargo=world.cargos["PM"],
            district=world.districts[1],
            municipality=world.municipalities["23004"],
            name="Imposible",
        )


def test_contest_unique_per_place(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContestFactory(process=world.process, cargo=world.cargos["DIP_MR"], district=world.districts[1], name="Otra")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContestFactory(process=world.process, cargo=world.cargos["GUB"], name="Otra gubernatura")


def test_actor_colour_and_siglas(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PoliticalActor.objects.create(process=world.process, acronym="X", name="X", kind="party", color="red")
    with pytest.raises(IntegrityError), transaction.atomic():
        PoliticalActor.objects.create(process=world.process, acronym="PAN", name="Otro", kind="party")


def test_age_is_computed_on_election_day(world):
    candidacy = CandidacyFactory(
        contest=world.contests["GUB"], actor=world.actors["PAN"], birth_date=datetime.date(2000, 6, 7)
    )
    assert candidacy.age == 26  # turns 27 the day after the election (2027-06-06)
    candidacy.birth_date, candidacy.declared_age = None, 33
    assert candidacy.age == 33
