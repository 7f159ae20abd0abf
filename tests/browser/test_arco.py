"""An ARCO request in a real browser: the candidate opens «Mis datos personales» from her account menu, asks to
oppose the publication of her identity answers → Administración finds it in the queue, answers «procedente» and
confirms → the group badge leaves the public profile at once, and the candidate reads the answer."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.arco.models import ArcoRequest
from conoceles.questionnaires.models import IdentityQuestion, PrivacyNotice
from conoceles.questionnaires.services import (
    accept_notice,
    publish_notice,
    record_consent,
    save_identity_answers,
    seed_identity_questions,
)
from tests.factories import CandidacyFactory
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.browser

PASSWORD = "Laguna-Bacalar-siete-colores"
GROUPS = "Grupos en situación de discriminación"
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"  # rewrites the manual's pictures (docs/img)
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture
def arco_setup(transactional_db, world):
    """A published candidacy whose candidate answered «Sí» to «¿Es usted migrante?» and consented to publication;
    her account and an administration account."""
    process = world.process
    seed_identity_questions(process)
    admin = create_account("instancia", Role.ADMIN, password=PASSWORD, must_change_password=False)
    candidacy = CandidacyFactory(
        process=process, contest=world.contests["MR1"], actor=world.actors["PT"], first_name="Itzel", last_name="Canché"
    )
    fill(candidacy)
    publish(candidacy)
    candidate = create_account(
        "itzel", Role.CANDIDATE, password=PASSWORD, candidacy=candidacy, must_change_password=False
    )
    for kind in PrivacyNotice.Kind.values:
        accept_notice(candidate, publish_notice(process, kind, f"Aviso {kind}.", by=admin))
    migrant = IdentityQuestion.objects.get(process=process, number=11)
    save_identity_answers(candidacy, {migrant.pk: ([migrant.options.get(label="Sí").pk], "")}, by=candidate)
    record_consent(candidacy, {1: True, 2: True, 3: True}, by=candidate)
    return candidacy


def sign_in(browser: Browser, base_url: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page).not_to_have_url(re.compile(r"/cuenta/entrar/"))
    return page


def badges(browser: Browser, url: str):
    page = browser.new_context().new_page()
    assert page.goto(url).status == 200
    return page.get_by_role("list", name=GROUPS)


def test_opposition_requested_answered_and_applied(live_server, arco_setup, browser: Browser):
    candidacy, base = arco_setup, live_server.url
    profile = f"{base}/candidatura/{candidacy.pk}/"
    expect(badges(browser, profile)).to_contain_text("Persona migrante")

    # ------------------------------------------------------------ the candidate asks
    her = sign_in(browser, base, "itzel")
    her.get_by_role("link", name="Mis datos personales").first.click()
    expect(her.get_by_role("heading", level=1)).to_have_text("Mis datos personales")
    her.get_by_role("button", name="Presentar la solicitud").click()  # empty: refused, with reasons
    expect(her.get_by_text("Elija cancelación u oposición.")).to_be_visible()
    expect(her.get_by_text("Escriba los motivos de su solicitud.")).to_be_visible()
    her.get_by_label("Oposición: que el instituto deje de usar mis datos para un fin").check()
    her.get_by_label("La publicación de mis respuestas de identidad en el sitio público").check()
    her.get_by_label("Motivos").fill("Prefiero que mis respuestas no se publiquen.")
    her.get_by_role("button", name="Presentar la solicitud").click()
    expect(her.get_by_role("status").first).to_contain_text("Se recibió su solicitud")
    expect(her.get_by_role("table")).to_contain_text("En trámite")
    if SCREENSHOTS:
        her.screenshot(path=IMAGES / "arco-mis-datos.png", full_page=True)
    request = ArcoRequest.objects.get()

    # ------------------------------------------------------------ Administración answers
    admin = sign_in(browser, base, "instancia")
    admin.goto(f"{base}/gestion/arco/")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Solicitudes ARCO")
    if SCREENSHOTS:
        admin.screenshot(path=IMAGES / "arco-solicitudes.png", full_page=True)
    admin.get_by_role("link", name=str(request.pk), exact=True).click()
    admin.get_by_label("Procedente: se concede todo lo que pidió").check()
    admin.get_by_label("Respuesta, con su fundamentación y motivación").fill("Procede su oposición (art. 47).")
    admin.get_by_role("button", name="Revisar y confirmar").click()
    expect(admin.get_by_role("alert")).to_contain_text("dejan de mostrarlas de inmediato")
    expect(badges(browser, profile)).to_contain_text("Persona migrante")  # nothing before confirming
    admin.get_by_role("button", name="Confirmar y enviar la respuesta").click()
    expect(admin.get_by_role("heading", name="Efectos aplicados")).to_be_visible()

    # ------------------------------------------------------------ at once on the public site, and she is told
    expect(badges(browser, profile)).to_have_count(0)
    her.goto(f"{base}/cuenta/mis-datos/")
    expect(her.get_by_role("table")).to_contain_text("Procede su oposición (art. 47).")
    expect(her.get_by_role("link", name=re.compile("Avisos 1"))).to_be_visible()
