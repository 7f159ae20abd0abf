"""The whole review loop in a real browser (issue 5 point 8): the actor validates → the profile is public → a
reviewer observes a proposal → the admin approves → that rubro leaves the public profile while the rest stays →
the actor corrects → once a reviewer accepts, it is back."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services import accept_notice, publish_notice
from tests.factories import CandidacyFactory
from tests.review.helpers import fill

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"
# SCREENSHOTS=1 rewrites the manual's pictures of these screens in docs/img (committed); a normal run leaves them.
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=IMAGES / f"{name}.png", full_page=True)
OLD_PROPOSAL = "Agua potable"
NEW_PROPOSAL = "Agua potable para cada colonia, con tandeo justo"


@pytest.fixture
def loop_setup(transactional_db, world):
    candidacy = CandidacyFactory(
        process=world.process, contest=world.contests["MR1"], actor=world.actors["PAN"], first_name="Itzel"
    )
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD, must_change_password=False)
    create_account("revisora", Role.REVIEWER, password=PASSWORD, must_change_password=False)
    party = create_account(
        "pan-qroo", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"], must_change_password=False
    )
    for kind in PrivacyNotice.Kind.values:
        accept_notice(party, publish_notice(world.process, kind, f"Aviso {kind}.", by=admin))
    fill(candidacy, party)
    cargo = candidacy.contest.cargo
    cargo.publication_start = timezone.localdate() - datetime.timedelta(days=1)  # the window is open today
    cargo.save()
    return candidacy


def sign_in(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before consequential steps
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    return page


def citizen(browser: Browser, url: str) -> Page:
    """A citizen opening `url` in a new browser context: the pages say «Cache-Control: max-age=60», so a browser
    that saw the page a moment ago may show its copy; a citizen arriving now gets what the server says now."""
    page = browser.new_context().new_page()
    page.goto(url)
    return page


def proposals_of(page: Page):
    return page.get_by_role("region", name="Propuestas")


def test_validate_publish_observe_correct_and_back_online(live_server, loop_setup, browser: Browser, page: Page):
    candidacy = loop_setup
    profile = f"{live_server.url}/candidatura/{candidacy.pk}/"

    # Nothing is public before the actor validates.
    assert page.goto(profile).status == 404

    party = sign_in(browser, live_server.url, "pan-qroo")
    party.goto(f"{live_server.url}/captura/{candidacy.pk}/validacion/")
    screenshot(party, "validacion-actor")
    party.get_by_role("button", name="Validar candidatura").click()
    expect(party.get_by_role("status").first).to_contain_text("Candidatura validada")

    page = citizen(browser, profile)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Itzel")
    expect(proposals_of(page)).to_contain_text(OLD_PROPOSAL)

    reviewer = sign_in(browser, live_server.url, "revisora")
    reviewer.goto(f"{live_server.url}/revision/candidatura/{candidacy.pk}/")
    form = reviewer.locator("form", has=reviewer.get_by_role("button", name="Proponer observación"))
    form.get_by_role("group", name="Rubros observados").get_by_label("Propuestas").check()
    form.get_by_label("1. Copiar las propuestas de otra candidatura").check()
    form.get_by_label("Comentario para el actor político").fill("La propuesta 1 copia la de otra candidatura.")
    screenshot(reviewer, "revision-candidatura")
    form.get_by_role("button", name="Proponer observación").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Observación propuesta")

    expect(proposals_of(citizen(browser, profile))).to_contain_text(OLD_PROPOSAL)  # nothing until the admin approves

    admin = sign_in(browser, live_server.url, "instancia")
    admin.goto(f"{live_server.url}/revision/decisiones/")
    screenshot(admin, "revision-decisiones")
    admin.get_by_role("button", name="Aprobar").click()
    expect(admin.get_by_role("status").first).to_contain_text("Observación aprobada")

    page = citizen(browser, profile)
    expect(proposals_of(page)).to_contain_text("Información no disponible por el momento.")
    screenshot(page, "perfil-rubro-observado")
    expect(proposals_of(page)).not_to_contain_text(OLD_PROPOSAL)
    expect(page.get_by_role("region", name="¿Por qué quiere ocupar un cargo público?")).to_contain_text(
        "Servir a mi comunidad"
    )

    party.goto(f"{live_server.url}/captura/{candidacy.pk}/validacion/")
    expect(party.get_by_role("main")).to_contain_text("La propuesta 1 copia la de otra candidatura.")
    screenshot(party, "validacion-observada")
    party.get_by_role("link", name="Corregir").click()
    party.get_by_label("Propuesta 1").fill(NEW_PROPOSAL)
    party.get_by_role("button", name="Guardar", exact=True).click()
    expect(party.get_by_role("status").first).to_contain_text("Se guardó el rubro")
    party.goto(f"{live_server.url}/captura/{candidacy.pk}/validacion/")
    party.get_by_role("button", name="Enviar corrección").click()
    expect(party.get_by_role("status").first).to_contain_text("Corrección enviada")

    expect(proposals_of(citizen(browser, profile))).not_to_contain_text(NEW_PROPOSAL)  # online only once accepted

    reviewer.goto(f"{live_server.url}/revision/candidatura/{candidacy.pk}/")
    reviewer.get_by_role("button", name="Aceptar la corrección de «Propuestas»").click()
    expect(reviewer.get_by_role("status").first).to_contain_text("Corrección aceptada")

    page = citizen(browser, profile)
    expect(proposals_of(page)).to_contain_text(NEW_PROPOSAL)
    expect(proposals_of(page)).not_to_contain_text("no disponible")
