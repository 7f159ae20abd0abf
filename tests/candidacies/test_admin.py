"""Staff correct candidacies in Gestión (Django admin): Spanish errors, not server errors."""

import pytest
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.django_db


def form_data(candidacy, **changes):
    data = {
        "process": candidacy.process_id,
        "registration_id": candidacy.registration_id,
        "contest": candidacy.contest_id,
        "actor": candidacy.actor_id,
        "formula_number": candidacy.formula_number,
        "position": candidacy.position,
        "first_name": candidacy.first_name,
        "last_name": candidacy.last_name,
        "second_last_name": candidacy.second_last_name,
        "sex": candidacy.sex,
        "birth_date": "1980-05-17",
        "declared_age": "",
        "affirmative_action": "",
        "private_email": "",
    }
    data.update(changes)
    return data


def test_moving_a_candidacy_into_an_occupied_seat_is_a_spanish_error(staff_client, world):
    client = staff_client
    first = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], formula_number=1)
    second = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], formula_number=2)
    url = reverse("admin:candidacies_candidacy_change", args=[second.pk])
    response = client.post(url, form_data(second, formula_number=1))
    assert response.status_code == 200
    assert f"Ese lugar de la fórmula ya lo ocupa {first}" in response.content.decode()
    second.refresh_from_db()
    assert second.formula_number == 2


def test_correcting_a_name_is_saved_with_history(staff_client, world):
    client = staff_client
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    url = reverse("admin:candidacies_candidacy_change", args=[candidacy.pk])
    response = client.post(url, form_data(candidacy, first_name="María José"))
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.first_name == "María José" and candidacy.search_name.startswith("maria jose")
    assert candidacy.history.count() == 2
    assert candidacy.history.first().history_user.username == "coordinadora"  # admin_user


def test_history_cannot_be_reverted(staff_client, world):
    client = staff_client
    candidacy = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    record = candidacy.history.first()
    url = reverse("admin:candidacies_candidacy_simple_history", args=[candidacy.pk, record.history_id])
    response = client.post(url, form_data(candidacy, first_name="Otra"))
    assert response.status_code == 403
    assert Candidacy.objects.get(pk=candidacy.pk).first_name != "Otra"


def test_staff_search_ignores_accents(staff_client, world):
    client = staff_client
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="José", last_name="Muñoz")
    page = client.get(reverse("admin:candidacies_candidacy_changelist"), {"q": "jose munoz"}).content.decode()
    assert "José Muñoz" in page
