"""The administration's screens in a real browser: the admin signs in and lands on the dashboard; the dashboard,
the process settings and the deliverables calendar pass axe-core (no serious or critical violation) and fit a 360 px
phone; a date out of order is refused with its Spanish message. SCREENSHOTS=1 rewrites the manual's picture of the
dashboard (docs/img)."""

import datetime
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.elections.services import create_process
from conoceles.gestion.services import ensure_default_deliverables
from conoceles.imports.models import ImportJob
from conoceles.review.models import Observation
from tests.browser.test_accessibility import DESKTOP, OVERFLOWING, PHONE, SERIOUS, describe
from tests.review.helpers import published

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def office(transactional_db, world):
    """The administration's account, a published candidacy and one still in capture, a proposed observation and an
    import."""
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD, must_change_password=False)
    party = create_account("enlace-pan", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"])
    reviewer = create_account("revisora", Role.REVIEWER, password=PASSWORD, must_change_password=False)
    shown = published(world.candidacy(), party)
    world.candidacy(contest="MR15", first_name="Rosa")
    Observation.objects.create(candidacy=shown, rubros=["general"], rules=[7], comment="Lema.", proposed_by=reviewer)
    ImportJob.objects.create(
        process=world.process,
        kind=ImportJob.Kind.CANDIDACIES,
        file="imports/registro.csv",
        original_name="registro.csv",
        status=ImportJob.Status.APPLIED,
        rows_total=2,
        rows_processed=2,
    )
    return admin


def sign_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("instancia")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()


def test_the_admin_lands_on_an_accessible_dashboard_and_settings(live_server, office, world, page: Page):
    sign_in(page, live_server.url)
    expect(page).to_have_url(live_server.url + "/gestion/panel/")
    expect(page.get_by_role("heading", name="Panel de administración")).to_be_visible()
    expect(page.get_by_text("1 observación propuesta")).to_be_visible()
    if SCREENSHOTS:
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=IMAGES / "gestion-panel.png", full_page=True)

    pk = world.process.pk
    pictures = {"/gestion/proceso/": "procesos.png", f"/gestion/proceso/{pk}/ciclo-de-vida/": "ciclo-de-vida.png"}
    axe, problems = Axe(), []
    first = ensure_default_deliverables(world.process)[0]
    # An earlier process: the layout shows the process selector, and the processes' screen lists both.
    create_process(name="Proceso Electoral Local Ordinario 2024", entity=23, election_day=datetime.date(2024, 6, 2))
    for url in ["/gestion/panel/", f"/gestion/proceso/{pk}/fechas/", f"/gestion/proceso/{pk}/revision/",
                f"/gestion/proceso/{pk}/captura/", f"/gestion/proceso/{pk}/entregables/",
                f"/gestion/proceso/{pk}/entregables/{first.pk}/", "/gestion/proceso/", "/gestion/proceso/nuevo/",
                f"/gestion/proceso/{pk}/ciclo-de-vida/", f"/gestion/proceso/{pk}/datos-bloqueados/", "/gestion/arco/"]:
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            assert page.goto(live_server.url + url).status == 200
            if SCREENSHOTS and size == DESKTOP and url in pictures:
                page.screenshot(path=IMAGES / pictures[url], full_page=True)
            violations = axe.run(page).response["violations"]
            problems += [f"{url} at {size['width']} px: {describe(v)}" for v in violations if v["impact"] in SERIOUS]
            wide = page.evaluate(OVERFLOWING)
            if wide is not None:
                problems.append(f"{url}: scrolls sideways at {size['width']} px; widest: {', '.join(wide) or '?'}")
    assert not problems, "\n".join(problems)


def test_a_date_out_of_order_is_refused_in_spanish(live_server, office, world, page: Page):
    sign_in(page, live_server.url)
    page.goto(live_server.url + f"/gestion/proceso/{world.process.pk}/fechas/")
    page.get_by_label("Fin de la publicación").fill("2027-07-31")
    page.get_by_label("Fecha de archivo").fill("2027-07-01")
    page.get_by_role("button", name="Guardar las fechas").click()
    message = page.get_by_text("Esta fecha debe ser posterior a la de «fin de la publicación» (31/07/2027).")
    expect(message).to_be_visible()
    expect(page.get_by_label("Fecha de archivo")).to_have_attribute("aria-invalid", "true")
