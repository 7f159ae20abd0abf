"""The history page shows identity answer changes to the people who capture them, and to nobody else."""

import pytest
from django.urls import reverse

from conoceles.questionnaires.models import IdentityQuestion
from conoceles.questionnaires.services import save_identity_answers, seed_identity_questions

pytestmark = pytest.mark.django_db


def option(question, label):
    return question.options.get(label=label).pk


def test_owner_sees_identity_changes_and_reviewer_does_not(client, candidacy, party_user, reviewer):
    seed_identity_questions(candidacy.process)
    migrant = IdentityQuestion.objects.get(process=candidacy.process, number=11)
    save_identity_answers(candidacy, {migrant.pk: ([option(migrant, "Sí")], "")}, by=party_user)
    save_identity_answers(candidacy, {migrant.pk: ([option(migrant, "No")], "")}, by=party_user)
    url = reverse("capture:history", args=[candidacy.pk])

    client.force_login(party_user)
    page = client.get(url).content.decode()
    assert "Historial del cuestionario de identidad" in page
    assert "11. ¿Es usted migrante?" in page
    assert '<td class="text-break">Sí</td>' in page and '<td class="text-break">No</td>' in page

    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert client.get(url).status_code == 200
    assert "cuestionario de identidad" not in page and "migrante" not in page
