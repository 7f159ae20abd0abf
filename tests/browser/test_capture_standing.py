"""Issue 14, point 4 in a real browser: the party filters its capture list by state, validates the complete ones in
bulk after one confirmation and reads the result list; and axe-core on the capture pages (the list, a candidacy,
a rubro, the bulk confirmation and result) at 360 px and 1280 px: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.services import accept_notice
from conoceles.review.services import validate_candidacy, workflow_of
from conoceles.review.states import State
from tests.browser.test_accessibility import DESKTOP, OVERFLOWING, PHONE, SERIOUS, describe
from tests.review.helpers import fill

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"


@pytest.fixture
def party(transactional_db, world, notices):
    """PAN's operator with three complete candidacies, one still in capture and one validated."""
    pan = world.actors["PAN"]
    user = create_account("pan-qroo", Role.PARTY, password=PASSWORD, actor=pan, must_change_password=False)
    for notice in notices.values():
        accept_notice(user, notice)
    complete = [world.candidacy(first_name=name) for name in ("Alba", "Berta", "Carmen")]
    for c in complete:
        fill(c, user)
    capturing = world.candidacy(first_name="Dalia")
    validated = world.candidacy(contest="MR15", first_name="Elena")
    fill(validated, user)
    validate_candidacy(validated, by=user)
    return user, complete, capturing


def sign_in(page: Page, live_server) -> None:
    page.goto(live_server.url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("pan-qroo")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def test_the_party_filters_by_state_and_validates_the_complete_ones(live_server, party, page: Page):
    _, complete, capturing = party
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server)
    page.goto(live_server.url + "/captura/")
    counts = page.get_by_role("navigation", name="Candidaturas por estado")
    expect(counts.get_by_role("link", name="Completa: 3")).to_be_visible()
    expect(counts.get_by_role("link", name="En captura: 1")).to_be_visible()
    expect(counts.get_by_role("link", name="Validada: 1")).to_be_visible()

    page.get_by_label("Estado", exact=True).select_option(label="Completa")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.locator(".capture-list > li")).to_have_count(3)
    expect(page.get_by_text("Dalia")).to_have_count(0)

    # One marked, confirmed, validated.
    page.get_by_label("Marcar para validar a Alba López Hernández").check()
    page.get_by_role("button", name="Validar las marcadas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Validar 1 candidatura?")
    assert workflow_of(complete[0]).state == State.DRAFT
    page.get_by_role("button", name="Validar 1 candidatura").click()
    expect(page.get_by_role("heading", name="Validadas (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Alba López Hernández")).to_be_visible()

    # Then every complete one left under the filter, after one confirmation listing them.
    page.get_by_role("link", name="Volver a la lista").click()
    page.get_by_label("Estado", exact=True).select_option(label="Completa")
    page.get_by_role("button", name="Filtrar").click()
    page.get_by_role("button", name="Validar todas las completas (2)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Validar 2 candidaturas?")
    listed = page.get_by_role("list").filter(has_text="Berta")
    expect(listed).to_contain_text("Carmen López Hernández")
    page.get_by_role("button", name="Validar 2 candidaturas").click()
    expect(page.get_by_role("heading", name="Validadas (2)")).to_be_visible()
    assert {workflow_of(c).state for c in complete} == {State.VALIDATED}
    assert workflow_of(capturing).state == State.DRAFT

    page.get_by_role("link", name="Volver a la lista").click()
    counts = page.get_by_role("navigation", name="Candidaturas por estado")
    expect(counts.get_by_role("link", name="Validada: 4")).to_be_visible()


def test_the_capture_pages_are_accessible_at_both_widths(live_server, party, page: Page):
    _, complete, capturing = party
    sign_in(page, live_server)
    axe = Axe()
    problems = []

    def check(where: str) -> None:
        violations = axe.run(page).response["violations"]
        problems.extend(f"{where}: {describe(v)}" for v in violations if v["impact"] in SERIOUS)
    pages = [
        "/captura/",
        "/captura/?estado=completa",
        f"/captura/{capturing.pk}/",
        f"/captura/{capturing.pk}/curricular/proposals/",
        f"/captura/{capturing.pk}/historial/",
        f"/captura/{complete[0].pk}/validacion/",
    ]
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        for url in pages:
            page.goto(live_server.url + url)
            check(f"{url} @{viewport['width']}")
            if viewport is PHONE and (wide := page.evaluate(OVERFLOWING)) is not None:
                problems.append(f"{url}: scrolls sideways at 360 px; widest: {', '.join(wide) or '?'}")
        # The bulk confirmation and its result.
        page.goto(live_server.url + "/captura/?estado=completa")
        page.get_by_role("button", name="Validar todas las completas").click()
        check(f"confirmación @{viewport['width']}")
        if viewport is DESKTOP:
            page.get_by_role("button", name="Validar 3 candidaturas").click()
            expect(page.get_by_role("heading", name="Validadas (3)")).to_be_visible()
            check("resultado")
    assert not problems, "\n".join(problems)
