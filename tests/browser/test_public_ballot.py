"""A citizen on her phone, over the demo election: finds her ballot by sección, opens a profile and compares two
candidacies of a contest; searches a name without accents; no page scrolls sideways at 360 px."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from conoceles.candidacies.models import Candidacy
from conoceles.core.text import fold
from conoceles.elections.models import ElectoralProcess, Section
from conoceles.public.ballots import ballot_contests
from conoceles.review.publication import published_candidacies

pytestmark = pytest.mark.browser

DEMO_PROCESS = "Proceso Electoral Local Ordinario 2027"
PHONE = {"width": 360, "height": 780}
# SCREENSHOTS=1 rewrites the pictures in docs/img (committed); a normal run leaves them alone.
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def demo_election(transactional_db):
    call_command("demo", "--candidacies", "300", stdout=io.StringIO())
    process = ElectoralProcess.objects.get(name=DEMO_PROCESS)
    assert published_candidacies(queryset=Candidacy.objects.filter(process=process)).exists()  # the demo publishes
    return process


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_citizen_finds_her_ballot_and_a_name_on_her_phone(live_server, demo_election, page: Page):
    page.set_viewport_size(PHONE)
    public = published_candidacies(queryset=Candidacy.objects.filter(process=demo_election))
    # A sección whose ballot has someone published on it, and its contests in ballot order.
    section = next(
        s
        for s in Section.objects.filter(process=demo_election).select_related("district", "municipality")
        if public.filter(contest__in=ballot_contests(s)).exclude(contest__cargo__code="GUB").exists()
    )
    contests = [c.name for c in ballot_contests(section)]

    page.goto(live_server.url + "/mi-boleta/")
    page.get_by_label("Sección electoral").fill(str(section.number))
    page.get_by_role("button", name="Ver mi boleta").click()
    expect(page).to_have_url(re.compile(rf"seccion={section.number}$"))
    expect(page.get_by_role("heading", level=2, name=f"Sección {section.number}")).to_be_visible()
    headings = page.locator("h3[id^=contienda-]")
    expect(headings).to_have_count(len(contests))
    assert [h.strip() for h in headings.all_inner_texts()] == contests
    someone = public.filter(contest__in=ballot_contests(section)).exclude(contest__cargo__code="GUB").first()
    # On a phone the contests are folded: the list at the top opens the one it points to.
    jump_list = page.get_by_role("navigation", name="Contiendas de tu boleta")
    jump_list.get_by_role("link", name=someone.contest.name).click()
    expect(page.get_by_role("link", name=someone.full_name, exact=True).first).to_be_visible()
    assert no_horizontal_scroll(page), "the ballot scrolls sideways at 360 px"
    if SCREENSHOTS:
        page.screenshot(path=IMAGES / "boleta.png", full_page=True, clip={"x": 0, "y": 0, "width": 360, "height": 1500})

    page.get_by_text("Buscar otra sección").click()  # the form, folded on a ballot's page
    page.get_by_label("Sección electoral").fill("abc")
    page.get_by_role("button", name="Ver mi boleta").click()
    expect(page.get_by_role("alert")).to_contain_text("La sección electoral es un número")

    # A name with accents, typed without them and in lower case; htmx updates the results as she types.
    accented = next(c for c in public.order_by("pk") if fold(c.full_name) != c.full_name.lower())
    typed = fold(f"{accented.first_name} {accented.last_name}")
    page.goto(live_server.url + "/buscar/")
    page.get_by_label("Nombre", exact=True).fill(typed)
    result = page.get_by_role("link", name=accented.full_name, exact=True)
    expect(result).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=" + re.escape(typed.split()[0])))  # the state is a shareable URL
    assert "<html" not in page.locator("#resultados").inner_html(), "htmx swapped only the results"
    assert no_horizontal_scroll(page), "the search scrolls sideways at 360 px"
    if SCREENSHOTS:
        page.screenshot(path=IMAGES / "busqueda.png", full_page=True)

    # The pushed URL, opened afresh (a shared link), shows the same results.
    page.goto(page.url)
    expect(page.get_by_role("link", name=accented.full_name, exact=True)).to_be_visible()
    result.click()
    expect(page).to_have_url(re.compile(rf"/candidatura/{accented.pk}/$"))


def test_citizen_goes_from_her_ballot_to_a_profile_and_compares_two(live_server, demo_election, page: Page):
    page.set_viewport_size(PHONE)
    public = published_candidacies(queryset=Candidacy.objects.filter(process=demo_election))
    # A sección with a contest (not the gubernatura) where at least two candidacies are published.
    section, contest = next(
        (s, c)
        for s in Section.objects.filter(process=demo_election).select_related("district", "municipality")
        for c in ballot_contests(s)
        if c.cargo.code != "GUB" and public.filter(contest=c).count() >= 2
    )
    first, second = public.filter(contest=contest).order_by("actor__order", "formula_number", "position")[:2]

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Sitio público").get_by_role("link", name="Tu boleta").click()
    page.get_by_label("Sección electoral").fill(str(section.number))
    page.get_by_role("button", name="Ver mi boleta").click()
    page.locator(f"#contienda-{contest.pk} > summary").click()  # folded on a phone
    page.locator(f"#contienda-{contest.pk}").get_by_role("link", name=first.full_name, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(first.full_name)
    expect(page.get_by_role("main")).to_contain_text("responsabilidad")  # the disclaimer
    assert no_horizontal_scroll(page), "the profile scrolls sideways at 360 px"
    page.get_by_role("link", name=f"Otras candidaturas de {contest.name}").click()
    page.get_by_label(f"Comparar a {first.full_name}").check()
    page.get_by_label(f"Comparar a {second.full_name}").check()
    page.get_by_role("button", name="Comparar (2)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Comparar candidaturas")
    table = page.get_by_role("table")
    expect(table).to_contain_text(first.full_name)
    expect(table).to_contain_text(second.full_name)
    expect(table).to_contain_text("Propuestas")
    assert no_horizontal_scroll(page), "the comparison scrolls sideways at 360 px"
