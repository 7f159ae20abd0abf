"""Informes in a real browser: the analyst asks for an avance cuantitativo through the form, follows it to «Listo» and
downloads its PDF; the reports' screens pass axe-core (no serious or critical violation) and fit a 360 px phone.
SCREENSHOTS=1 rewrites the manual's pictures of the screens (docs/img)."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.reports.models import GeneratedReport
from tests.browser.test_accessibility import DESKTOP, OVERFLOWING, PHONE, SERIOUS, describe
from tests.review.helpers import published

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def office(transactional_db, world):
    analyst = create_account("analista", Role.ANALYST, password=PASSWORD, must_change_password=False)
    party = create_account("enlace-pan", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"])
    published(world.candidacy(), party)
    world.candidacy(contest="MR15", first_name="Rosa")
    return analyst


def test_the_analyst_generates_an_avance_and_downloads_it(live_server, office, world, page: Page):
    page.goto(live_server.url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("analista")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("link", name="Informes: avance cuantitativo, omisos, informe final y mensual").click()
    expect(page.get_by_role("heading", name="Informes", exact=True)).to_be_visible()
    card = page.locator("section", has=page.get_by_role("heading", name="Avance cuantitativo"))
    card.get_by_role("button", name="Generar").click()
    expect(page.get_by_role("status")).to_contain_text("Listo.")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF para el Consejo General").click()
    assert download.value.suggested_filename.startswith("avance-cuantitativo-")
    if SCREENSHOTS:
        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + "/gestion/informes/")
        page.screenshot(path=IMAGES / "informes.png", full_page=True)

    axe, problems = Axe(), []
    report = GeneratedReport.objects.get()  # not pk 1: an earlier test of this worker may have used it (demo reports)
    for url in ["/gestion/informes/", "/gestion/informes/avance/", f"/gestion/informes/{report.pk}/"]:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            assert page.goto(live_server.url + url).status == 200
            violations = axe.run(page).response["violations"]
            problems += [f"{url} at {size['width']} px: {describe(v)}" for v in violations if v["impact"] in SERIOUS]
            wide = page.evaluate(OVERFLOWING)
            if wide is not None:
                problems.append(f"{url}: scrolls sideways at {size['width']} px; widest: {', '.join(wide) or '?'}")
    assert not problems, "\n".join(problems)
