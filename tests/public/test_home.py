import re

import pytest
from django.urls import reverse

from tests.factories import CandidacyFactory
from tests.public.test_search import candidate

pytestmark = pytest.mark.django_db


def test_home_without_process_says_so(client):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert "Aún no hay un proceso electoral publicado" in response.content.decode()


def test_home_shows_the_current_process_and_counts(client, world):
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], formula_number=1)
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], formula_number=1, position="alternate")
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PT"], status="cancelled")
    page = client.get(reverse("public:home")).content.decode()
    assert world.process.name in page and "Quintana Roo" in page and "6 de junio de 2027" in page
    assert '<dd class="stat-number">2</dd>' in page  # cancelled candidacies are not counted
    assert "Gubernatura" in page and "Diputación local MR" in page


def test_home_page_query_count_does_not_grow_with_candidacies(client, django_assert_max_num_queries, world):
    for number in range(1, 30):
        CandidacyFactory(contest=world.contests["RP"], actor=world.actors["MORENA"], formula_number=number)
    with django_assert_max_num_queries(10):
        client.get(reverse("public:home"))


def test_home_never_shows_private_contact_data(client, world):
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], private_email="secreta@example.org")
    world.actors["PAN"].contact_email = "enlace@pan.example"
    world.actors["PAN"].save()
    page = client.get(reverse("public:home")).content.decode()
    assert "secreta@example.org" not in page and "enlace@pan.example" not in page


@pytest.mark.usefixtures("open_world")
def test_home_has_the_section_box_and_the_name_search_which_work_without_javascript(client, world):
    published = candidate(world, "GUB", "PAN", first_name="Inicianda")
    page = client.get(reverse("public:home")).content.decode()
    ballot_form = re.search(r'<form method="get" action="([^"]+)"[^>]*data-ballot-lookup[^>]*>(.*?)</form>', page, re.S)
    search_form = re.search(r'<form method="get" action="([^"]+)"[^>]*role="search"[^>]*>(.*?)</form>', page, re.S)
    assert ballot_form and 'name="seccion"' in ballot_form.group(2) and 'for="id_seccion"' in ballot_form.group(2)
    assert search_form and 'name="q"' in search_form.group(2) and 'for="inicio-nombre"' in search_form.group(2)
    # Submitted as a browser without JavaScript does: the application answers both.
    ballot = client.get(ballot_form.group(1), {"seccion": "101"}, follow=True)
    assert ballot.redirect_chain and "Gubernatura" in ballot.content.decode()
    found = client.get(search_form.group(1), {"q": "inicianda"}).content.decode()
    assert published.full_name in found and reverse("public:profile", args=[published.pk]) in found
