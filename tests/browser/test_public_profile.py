"""The public profile and the comparison on a phone (360 px), in a real browser: nothing makes the whole page
scroll sideways; the comparison table scrolls inside its own focusable region."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import CandidacyFactory
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LONG_URL = "https://un-sitio-web-de-campana-con-un-nombre-muy-largo.example.mx/perfil/propuestas/completas"


@pytest.fixture
def candidacies(transactional_db, settings, world):
    settings.PUBLIC_CACHE_ENABLED = False
    made = []
    for number, actor in enumerate(["PAN", "MORENA", "SHH", "PT"], start=1):
        candidacy = CandidacyFactory(
            contest=world.contests["GUB"],
            actor=world.actors[actor],
            formula_number=number,
            first_name="Maximiliana Guadalupe",
            last_name="Villanueva-Hernández",
        )
        fill(candidacy, website=LONG_URL, professional_history="Servidora pública. " * 150)
        publish(candidacy)
        made.append(candidacy)
    return made


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_profile_fits_a_phone(live_server, candidacies, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("public:profile", args=[candidacies[0].pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maximiliana Guadalupe")
    expect(page.get_by_role("link", name=LONG_URL)).to_be_visible()
    assert page_width(page) <= PHONE["width"]


def test_comparison_scrolls_inside_its_region(live_server, candidacies, page: Page):
    page.set_viewport_size(PHONE)
    query = "&".join(f"c={c.pk}" for c in candidacies)
    page.goto(f"{live_server.url}{reverse('public:compare')}?{query}")
    region = page.get_by_role("region", name="Comparación de 4 candidaturas")
    expect(region).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the table scrolls inside its region"
    region.focus()  # keyboard users scroll it with the arrow keys
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
