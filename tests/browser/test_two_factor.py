"""Two-step verification in a real browser, under the production setting (TOTP for admin, reviewer, analyst): a
reviewer enrols an authenticator from the key the page shows, signs out, signs in again with a fresh code and
reaches the review queue. The authenticator is this test: it computes each code from the key read on the page."""

import base64
import re
import time

import pytest
from django_otp.oath import hotp
from playwright.sync_api import Page, expect

from tests.fixtures.accounts import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]

STEP = 30  # seconds per code, as in authenticator apps


class Authenticator:
    """A phone app: the key typed from the enrolment page, the code of the current 30-second window."""

    def __init__(self, grouped_key: str):
        secret = grouped_key.replace(" ", "")
        self.key = base64.b32decode(secret + "=" * (-len(secret) % 8))

    @staticmethod
    def window() -> int:
        return int(time.time()) // STEP

    def code(self, window: int) -> str:
        return f"{hotp(self.key, window):06d}"

    def next_code(self, after_window: int, not_before: float = 0.0) -> str:
        """The code of the window after `after_window` (each code is accepted only once, so the one used before is
        no good). django-otp accepts a code one window early or late (TOTPDevice.tolerance = 1, for phones whose
        clock drifts), so the test need not wait half a minute for it, only for `not_before`."""
        time.sleep(max(0.0, not_before - time.time()))
        return self.code(after_window + 1)


def sign_in(page: Page, base_url: str) -> None:
    """Sign in as the shared `reviewer` (tests/fixtures/accounts.py)."""
    page.goto(base_url + "/cuenta/entrar/")
    page.get_by_label("Usuario").fill("revisora")
    page.get_by_label("Contraseña", exact=True).fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Entrar").click()


@pytest.mark.usefixtures("world", "reviewer")
def test_a_reviewer_enrols_signs_out_and_signs_in_with_a_fresh_code(live_server, page: Page):
    sign_in(page, live_server.url)

    # First time: enrolment, with the key to type by hand in 4-character groups.
    expect(page).to_have_url(re.compile(r"/cuenta/verificacion/activar/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activar verificación en dos pasos")
    grouped_key = page.locator("#clave").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", grouped_key), grouped_key
    app = Authenticator(grouped_key)
    enrolled_in = app.window()
    page.get_by_label("Código de 6 dígitos").fill(app.code(enrolled_in))
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_role("status")).to_contain_text("la verificación en dos pasos quedó activada")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisión de candidaturas")

    page.get_by_role("button", name="Salir").click()
    expect(page).to_have_url(re.compile(r"/cuenta/entrar/"))

    # Next time: the password, then a code; no new enrolment.
    sign_in(page, live_server.url)
    expect(page).to_have_url(re.compile(r"/cuenta/verificacion/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verificación en dos pasos")

    # A mistyped code is refused with a message the person understands.
    near = {app.code(window) for window in range(app.window() - 2, app.window() + 3)}
    page.get_by_label("Código de 6 dígitos").fill(next(c for c in ("123456", "654321", "111111") if c not in near))
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_role("alert")).to_contain_text("El código no es válido o ya expiró")
    mistyped_at = time.time()

    # The app's next code (the enrolment one was used; after a wrong code django-otp waits 1 s before another).
    page.get_by_label("Código de 6 dígitos").fill(app.next_code(enrolled_in, not_before=mistyped_at + 1.5))
    page.get_by_role("button", name="Verificar").click()
    expect(page).to_have_url(live_server.url + "/revision/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisión de candidaturas")
