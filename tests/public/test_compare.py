"""Comparing 2–4 published candidacies side by side (/comparar/?c=…), from the same projection as the profile."""

import re

import pytest
from django.urls import reverse

from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.public.profiles import UNAVAILABLE
from conoceles.questionnaires.identity_catalog import YES
from conoceles.review.states import State
from tests.factories import CandidacyFactory
from tests.public.profile_data import FULL, answer, consent, fill, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False


@pytest.fixture
def published(world):
    """Five published owners of the gubernatura, each with its own proposal 1."""
    candidacies = []
    for number, (actor, name) in enumerate(
        [("PAN", "Ana"), ("MORENA", "Berta"), ("PT", "Carmen"), ("SHH", "Dolores"), ("PAN", "Elena")], start=1
    ):
        candidacy = CandidacyFactory(
            contest=world.contests["GUB"], actor=world.actors[actor], formula_number=number, first_name=name
        )
        fill(candidacy, proposal_1=f"Propuesta de {name}")
        publish(candidacy)
        candidacies.append(candidacy)
    return candidacies


def compare(client, *ids):
    return client.get(reverse("public:compare"), {"c": [str(i) for i in ids]})


def test_two_side_by_side(client, published):
    a, b = published[:2]
    response = compare(client, a.pk, b.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Propuesta de Ana" in html and "Propuesta de Berta" in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert html.count('<th scope="col"') == 2
    assert "table-responsive" in html  # scrolls inside its box at 360 px
    assert reverse("public:profile", args=[a.pk]) in html
    # Rubro by rubro: every rubro of the questionnaire has its header row, in order.
    headers = re.findall(r'<th scope="colgroup"[^>]*>([^<]+)</th>', html)
    assert headers == [
        "Datos generales",
        "Formación académica",
        "Historia profesional y/o laboral",
        "Trayectoria política y/o participación social",
        "¿Por qué quiere ocupar un cargo público?",
        "Propuestas",
    ]


def test_fewer_than_two(client, published):
    html = compare(client, published[0].pk).content.decode()
    assert "al menos 2 candidaturas" in html
    assert "<table" not in html
    # Other candidacies of the same contest are offered to add.
    assert f"?c={published[0].pk}&amp;c={published[1].pk}" in html
    assert "Elige de 2 a 4" in compare(client).content.decode()


def test_more_than_four_keeps_the_first_four(client, published):
    html = compare(client, *(c.pk for c in published)).content.decode()
    assert "hasta 4 candidaturas" in html
    assert html.count('<th scope="col"') == 4
    assert "Propuesta de Elena" not in html


def test_unknown_and_unpublished_ids_are_ignored_with_a_note(client, published, world):
    hidden = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["MORENA"], formula_number=9)
    fill(hidden, proposal_1="Propuesta oculta")
    html = compare(client, published[0].pk, hidden.pk, 999_999, "x", published[1].pk).content.decode()
    assert "Se omitieron 3 candidaturas" in html
    assert "Propuesta oculta" not in html
    assert html.count('<th scope="col"') == 2


def test_repeated_ids_count_once(client, published):
    html = compare(client, published[0].pk, published[0].pk).content.decode()
    assert "al menos 2 candidaturas" in html


def test_observed_rubro_is_unavailable_in_its_column(client, published):
    a, b = published[:2]
    publish(b, {"proposals": State.OBSERVED})
    html = compare(client, a.pk, b.pk).content.decode()
    assert "Propuesta de Ana" in html and "Propuesta de Berta" not in html
    assert UNAVAILABLE in html
    assert FULL["proposal_2"] in html  # Ana's second proposal stays


def test_group_badges_follow_the_same_rule(client, published):
    a, b = published[:2]
    answer(a, Group.MIGRANT, YES)
    answer(b, Group.MIGRANT, YES)
    consent(a, True)
    html = compare(client, a.pk, b.pk).content.decode()
    assert html.count(Group.MIGRANT.label) == 1


def test_remove_link(client, published):
    a, b, c = published[:3]
    html = compare(client, a.pk, b.pk, c.pk).content.decode()
    assert f'href="{reverse("public:compare")}?c={b.pk}&amp;c={c.pk}"' in html


def test_queries_do_not_grow_with_the_columns(client, published, django_assert_max_num_queries):
    # 9, of which 7 once per publication version (conoceles.public.catalog): the process with its cargos, actors
    # (and their parties) and capture rules, the group questions' «Sí» options, and whether the archive of earlier
    # processes lists any (the footer). The other 2: the candidacies and their public rubros.
    with django_assert_max_num_queries(9):
        response = compare(client, *(c.pk for c in published[:4]))
    assert response.status_code == 200


def test_odd_ids_are_notes_not_errors(client, published):
    html = compare(client, published[0].pk, published[1].pk, "²", "-3", "99999999999999999999", " ").content.decode()
    assert "Se omitieron 4 candidaturas" in html
    assert html.count('<th scope="col"') == 2
