"""A political actor's first login in a real browser: temporary password, forced change, its own candidacies."""

import re

import pytest
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.browser

TEMPORARY = "tmp-pass-xy7k-2027"
CHOSEN = "Laguna-Bacalar-siete-colores"


@pytest.fixture
def party_account(transactional_db, world):
    pan, morena = world.actors["PAN"], world.actors["MORENA"]
    own = [
        CandidacyFactory(
            process=world.process,
            contest=world.contests["MR1"],
            actor=pan,
            first_name="Itzel",
            last_name="Canché",
            second_last_name="Pool",
        ),
        CandidacyFactory(
            process=world.process,
            contest=world.contests["PM_OPB"],
            actor=pan,
            first_name="Rodrigo",
            last_name="Ek",
            second_last_name="Tun",
        ),
    ]
    other = CandidacyFactory(
        process=world.process,
        contest=world.contests["MR1"],
        actor=morena,
        first_name="Gaspar",
        last_name="Uc",
        second_last_name="Dzib",
    )
    create_account("pan-qroo", Role.PARTY, password=TEMPORARY, actor=pan, must_change_password=True)
    return {"own": [c.full_name for c in own], "other": other.full_name}


def sign_in(page: Page, base_url: str, password: str) -> None:
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("pan-qroo")
    page.get_by_label("Contraseña", exact=True).fill(password)
    page.get_by_role("button", name="Entrar").click()


def test_first_login_with_a_temporary_password(live_server, party_account, page: Page):
    sign_in(page, live_server.url, TEMPORARY)

    # The temporary password must be replaced before anything else.
    expect(page.get_by_role("heading", level=1)).to_have_text("Elija su contraseña")
    expect(page).to_have_url(re.compile(r"/cuenta/contrasena/"))
    page.get_by_label("Contraseña actual").fill(TEMPORARY)
    page.get_by_label("Contraseña nueva", exact=True).fill(CHOSEN)
    page.get_by_label("Confirmación de contraseña nueva").fill(CHOSEN)
    page.get_by_role("button", name="Guardar contraseña").click()

    # Its candidacies, and only its candidacies.
    expect(page).to_have_url(live_server.url + "/candidaturas/")
    expect(page.get_by_role("status")).to_contain_text("Su contraseña quedó guardada.")
    table = page.get_by_role("table")
    for name in party_account["own"]:
        expect(table.get_by_role("link", name=name)).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(1 + len(party_account["own"]))
    expect(page.get_by_role("main")).not_to_contain_text(party_account["other"])

    page.get_by_role("button", name="Salir").click()
    expect(page).to_have_url(re.compile(r"/cuenta/entrar/"))
    expect(page.get_by_role("button", name="Salir")).to_have_count(0)

    # The temporary password no longer works.
    sign_in(page, live_server.url, TEMPORARY)
    expect(page.get_by_role("alert")).to_contain_text("Usuario o contraseña incorrectos")
    expect(page.get_by_role("heading", level=1)).to_have_text("Entrar")

    # The chosen one does, straight to the candidacies (no second forced change).
    sign_in(page, live_server.url, CHOSEN)
    expect(page).to_have_url(live_server.url + "/candidaturas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidaturas")
    expect(page.get_by_role("link", name=party_account["own"][0])).to_be_visible()
