"""The second step of signing in, through the forms exactly as a browser submits them: every input the page renders
(hidden ones included, as they come), plus the code of a real authenticator computed from the key the enrolment
page shows. Under the production setting (TWO_FACTOR_ROLES=admin,reviewer,analyst).

The older tests posted a hand-made form with `otp_device` filled in; the page rendered that hidden input empty, so
every real verification crashed (KeyError 'device_required', 500) while they passed."""

import base64
import datetime
import re
import time
from html.parser import HTMLParser

import pytest
from django.db.models import F
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from tests.fixtures.accounts import STAFF_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

STEP = 30  # seconds: what authenticator apps use, and django-otp's default


class _FormInputs(HTMLParser):
    """The inputs of the page's form with `novalidate` (the sign-in forms; the header's «Salir» form is another)."""

    def __init__(self):
        super().__init__()
        self.inside, self.inputs = False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "novalidate" in attrs:
            self.inside = True
        elif tag == "input" and self.inside:
            self.inputs[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_inputs(html: str) -> dict[str, str]:
    parser = _FormInputs()
    parser.feed(html)
    return parser.inputs


def key_on_page(html: str) -> bytes:
    """The key the enrolment page shows to type into an app by hand («ABCD EFGH …»), as bytes."""
    grouped = re.search(r'<code[^>]*id="clave">([A-Z2-7 ]+)</code>', html).group(1)
    secret = grouped.replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


class Authenticator:
    """A phone app holding the key: the code of a 30-second window."""

    def __init__(self, key: bytes):
        self.key = key

    def code(self, window: int) -> str:
        return f"{hotp(self.key, window):06d}"


def current_window() -> int:
    return int(time.time()) // STEP


def sign_in(client):
    """Sign in as the shared `reviewer` (tests/fixtures/accounts.py)."""
    return client.post(reverse("accounts:login"), {"username": "revisora", "password": STAFF_PASSWORD}, follow=True)


def enrol(client) -> tuple[Authenticator, int]:
    """Sign in, enrol through the page; the authenticator and the window whose code confirmed it."""
    page = sign_in(client)
    assert page.redirect_chain[-1][0] == "/cuenta/verificacion/activar/"
    html = page.content.decode()
    app = Authenticator(key_on_page(html))
    window = current_window()
    data = {**form_inputs(html), "token": app.code(window)}
    confirmed = client.post("/cuenta/verificacion/activar/", data)
    assert confirmed.status_code == 302, confirmed.content.decode()
    return app, window


def verify_page(client):
    client.post(reverse("accounts:logout"))
    page = sign_in(client)
    assert page.redirect_chain[-1][0] == "/cuenta/verificacion/"
    return page.content.decode()


def wait_out_throttling(user) -> None:
    """django-otp refuses any code for 1 s after a wrong one (doubling with each failure): let that time pass."""
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(minutes=1)
    )


def test_the_verification_form_as_rendered_accepts_a_real_code_and_reaches_the_review_queue(client, reviewer):
    app, enrolled_in = enrol(client)
    html = verify_page(client)
    inputs = form_inputs(html)
    assert "otp_token" in inputs

    # The code of the window after the one used to enrol (a code is accepted once; a phone a few seconds ahead
    # shows it: django-otp accepts one window of clock difference), typed as apps show it: «123 456».
    code = app.code(max(current_window(), enrolled_in + 1))
    data = {**inputs, "otp_token": f"{code[:3]} {code[3:]}"}
    response = client.post("/cuenta/verificacion/", data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/cuenta/", 302), ("/revision/", 302)]
    assert "Revisión de candidaturas" in response.content.decode()
    assert client.get("/revision/").status_code == 200


def test_a_wrong_or_reused_code_is_refused_in_spanish_and_failures_are_throttled(client, reviewer):
    app, enrolled_in = enrol(client)
    inputs = form_inputs(verify_page(client))
    right = app.code(max(current_window(), enrolled_in + 1))
    accepted = {app.code(w) for w in range(current_window() - 2, current_window() + 3)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)

    response = client.post("/cuenta/verificacion/", {**inputs, "otp_token": wrong})
    assert response.status_code == 200
    assert "El código no es válido o ya expiró" in response.content.decode()
    assert client.get("/revision/").status_code == 302

    # Right after a wrong code even the right one is refused for a moment (django-otp's throttling).
    response = client.post("/cuenta/verificacion/", {**inputs, "otp_token": right})
    assert response.status_code == 200
    assert "Demasiados códigos incorrectos" in response.content.decode()
    assert client.get("/revision/").status_code == 302

    # The code that confirmed the enrolment cannot be replayed.
    wait_out_throttling(reviewer)
    response = client.post("/cuenta/verificacion/", {**inputs, "otp_token": app.code(enrolled_in)})
    assert response.status_code == 200
    assert "El código no es válido o ya expiró" in response.content.decode()

    response = client.post("/cuenta/verificacion/", {**inputs, "otp_token": ""})
    assert response.status_code == 200
    assert "Escriba el código de su aplicación de autenticación" in response.content.decode()

    wait_out_throttling(reviewer)
    assert client.post("/cuenta/verificacion/", {**inputs, "otp_token": right})["Location"] == "/cuenta/"
    assert client.get("/revision/").status_code == 200


def test_the_device_is_the_accounts_own_whatever_the_browser_sends(client, reviewer):
    """django-otp's fields that a crafted request may still send (another account's device, a challenge) change
    nothing: the code is checked against this account's authenticator, without a crash."""
    app, enrolled_in = enrol(client)
    inputs = form_inputs(verify_page(client))
    other = create_account("inst-analisis", Role.ANALYST, password=STAFF_PASSWORD, must_change_password=False)
    other_device = TOTPDevice.objects.create(user=other, name="otra", confirmed=True)
    other_code = f"{hotp(other_device.bin_key, current_window()):06d}"

    crafted = {**inputs, "otp_device": other_device.persistent_id, "otp_challenge": "1", "otp_token": other_code}
    response = client.post("/cuenta/verificacion/", crafted)
    assert response.status_code == 200
    assert "El código no es válido o ya expiró" in response.content.decode()
    assert client.get("/revision/").status_code == 302

    wait_out_throttling(reviewer)
    crafted["otp_token"] = app.code(max(current_window(), enrolled_in + 1))
    response = client.post("/cuenta/verificacion/", crafted)
    assert response.status_code == 302
    assert client.get("/revision/").status_code == 200


def test_without_an_enrolled_device_the_verification_page_sends_to_enrolment(client, reviewer):
    """Administración removed a lost phone's device: the next sign-in enrols a new one instead of asking a code."""
    enrol(client)
    client.post(reverse("accounts:logout"))
    TOTPDevice.objects.filter(user=reviewer).delete()
    page = sign_in(client)
    assert page.redirect_chain[-1][0] == "/cuenta/verificacion/activar/"
    assert client.get("/cuenta/verificacion/?next=/revision/")["Location"] == (
        "/cuenta/verificacion/activar/?next=%2Frevision%2F"
    )
