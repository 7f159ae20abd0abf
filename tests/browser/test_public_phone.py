"""A voter on a 360 px phone, over the demo election (one demo load for the module): the ballot folds its contests
under a jump list and shows every registered fórmula, an unpublished propietaria by name only; the contest page
keeps «Comparar (n)» on screen; the comparison keeps its labels' column in view while swiped; the statistics'
tables scroll in regions a keyboard reaches."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from conoceles.candidacies.models import Candidacy, Position
from conoceles.elections.models import ElectoralProcess
from conoceles.public.ballots import ballot_contests
from conoceles.review.models import CandidacyWorkflow
from conoceles.review.publication import published_candidacies
from conoceles.review.states import State
from tests.factories import announce

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--candidacies", "300", stdout=io.StringIO())
    return ElectoralProcess.objects.current()


def formula_with_both_published(process):
    """A published owner of a district's contest whose suplente is published too."""
    public = published_candidacies(queryset=Candidacy.objects.filter(process=process))
    for owner in public.filter(position=Position.OWNER, contest__district__isnull=False).order_by("pk"):
        alternate = public.filter(
            contest=owner.contest, actor=owner.actor, formula_number=owner.formula_number, position=Position.ALTERNATE
        ).first()
        others = public.filter(contest=owner.contest).exclude(pk__in=[owner.pk, alternate.pk if alternate else 0])
        if alternate is not None and others.count() >= 2:
            return owner, alternate
    raise AssertionError("the demo has a fórmula with both people published")


def test_a_voter_on_her_phone_sees_every_formula_and_compares(live_server, demo, page: Page):
    page.set_viewport_size(PHONE)
    owner, alternate = formula_with_both_published(demo)
    CandidacyWorkflow.objects.filter(candidacy=owner).update(state=State.DRAFT)  # her party has not validated her
    announce(owner)
    contest = owner.contest
    section = next(s for s in demo.sections.filter(district=contest.district) if contest in ballot_contests(s))

    # The ballot: contests folded under a jump list; the list opens one.
    page.goto(f"{live_server.url}/mi-boleta/?seccion={section.number}")
    expect(page).to_have_url(re.compile(r"/boleta/"))
    folded = page.locator(f"details#contienda-{contest.pk}")
    expect(folded).not_to_have_attribute("open", "")
    expect(page.get_by_text(owner.full_name, exact=True)).to_be_hidden()
    page.get_by_role("navigation", name="Contiendas de tu boleta").get_by_role("link", name=contest.name).click()
    expect(folded).to_have_attribute("open", "")
    her = folded.locator("li", has_text=owner.full_name).last
    expect(her).to_be_visible()
    expect(her).to_contain_text("Información aún no publicada")
    expect(folded.get_by_role("link", name=owner.full_name, exact=True)).to_have_count(0)  # no profile link
    expect(folded.get_by_role("link", name=alternate.full_name, exact=True)).to_be_visible()
    folded.locator("summary").click()  # folds again
    expect(folded).not_to_have_attribute("open", "")

    # The contest page: her name without a link; «Comparar (n)» stays on screen while picking.
    page.goto(f"{live_server.url}/contienda/{contest.pk}/")
    expect(page.get_by_text(owner.full_name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=owner.full_name, exact=True)).to_have_count(0)
    expect(page.get_by_label(f"Comparar a {owner.full_name}")).to_have_count(0)
    button = page.get_by_role("button", name="Comparar (0)")
    expect(button).to_be_in_viewport()
    boxes = page.locator("input[name=c]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.mouse.wheel(0, 400)
    button = page.get_by_role("button", name="Comparar (2)")
    expect(button).to_be_in_viewport()
    button.click()

    # The comparison: swiped to its last candidacy, the labels' column is still in view.
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparar candidaturas")
    # The sticky column comes from public.css: measured before the stylesheet has loaded (a busy CI machine), the
    # labels scroll away with the table.
    page.wait_for_load_state("load")
    region = page.get_by_role("region", name=re.compile("Comparación de 2 candidaturas"))
    region.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    page.wait_for_function("document.querySelector('.compare-wrap').scrollLeft > 0")
    label = page.get_by_role("rowheader", name="Edad")
    box = label.bounding_box()
    assert box is not None and 0 <= box["x"] < 40 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The statistics: every table in a labelled region that a keyboard reaches.
    page.goto(f"{live_server.url}/estadisticas/")
    regions = page.locator(".table-responsive[role=region]")
    assert regions.count() >= 4
    for index in range(regions.count()):
        region = regions.nth(index)
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("aria-label", re.compile(r"^Tabla de datos: "))
    page.locator("#avance").scroll_into_view_if_needed()
    regions.first.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
