"""The Avisos list in a real browser at 360 px: header count, unread label, marking as read."""

import os

import pytest
from playwright.sync_api import Page, expect

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify

pytestmark = pytest.mark.browser
PASSWORD = "Laguna-Bacalar-siete-colores"


@pytest.fixture
def account(transactional_db, world):
    user = create_account(
        "pan-qroo", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"], must_change_password=False
    )
    for subject in ("Observación aprobada en Trayectoria política", "Solicitud de corrección resuelta"):
        notify([user], kind=Notification.Kind.CORRECTION_DECIDED, subject=subject, body="Detalle.", url="/captura/")
    return user


def test_avisos_on_a_phone(live_server, account, page: Page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/cuenta/entrar/")
    page.get_by_label("Usuario").fill("pan-qroo")
    page.get_by_label("Contraseña", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()

    page.get_by_role("link", name="Avisos 2 sin leer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avisos")
    expect(page.get_by_text("Sin leer", exact=True)).to_have_count(2)
    inside = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const inside = e => e.getBoundingClientRect().right <= width + 0.5;
            return [...document.querySelectorAll("main, main *")].every(inside);
        }"""
    )
    assert inside, "the list sticks out of a 360 px screen"
    if os.environ.get("NOTIFICATIONS_SCREENSHOT"):
        page.screenshot(path=os.environ["NOTIFICATIONS_SCREENSHOT"], full_page=True)

    page.get_by_role("button", name="Marcar como leído «Solicitud de corrección resuelta»").click()
    expect(page.get_by_text("Sin leer", exact=True)).to_have_count(1)
    expect(page.get_by_role("link", name="Avisos 1 sin leer")).to_be_visible()

    page.get_by_role("button", name="Marcar todos como leídos").click()
    expect(page.get_by_role("status")).to_have_text("Se marcó 1 aviso como leído.")
    expect(page.get_by_text("Sin leer", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Avisos", exact=True)).to_be_visible()
