"""Login security on real requests: lockout, login log, forced password change, TOTP, password reset by e-mail,
idle sessions and the production password hasher."""

import base64
import datetime
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conoceles.accounts.models import LoginEvent, Role
from conoceles.accounts.services import create_account
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Chetumal-bahia-2027"
NEW_PASSWORD = "Bacalar-siete-colores-88"
LOGIN_URL = "/cuenta/entrar/"


@pytest.fixture
def accounts(world):
    candidacy = CandidacyFactory(process=world.process, contest=world.contests["GUB"], actor=world.actors["PAN"])
    make = create_account
    return {
        "admin": make("inst-admin", Role.ADMIN, password=PASSWORD, must_change_password=False),
        "reviewer": make("inst-revision", Role.REVIEWER, password=PASSWORD, must_change_password=False),
        "analyst": make("inst-analisis", Role.ANALYST, password=PASSWORD, must_change_password=False),
        "party": make(
            "actor-pan", Role.PARTY, password=PASSWORD, actor=world.actors["PAN"], must_change_password=False
        ),
        "candidate": make(
            "cand-gub", Role.CANDIDATE, password=PASSWORD, candidacy=candidacy, must_change_password=False
        ),
    }


def login(client, username, password, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --------------------------------------------------------------------------------------------
# Lockout (django-axes): 5 failures for one username from one IP
# --------------------------------------------------------------------------------------------


def test_five_failed_logins_lock_out_even_the_right_password(client, accounts):
    for attempt in range(1, 5):
        response = login(client, "actor-pan", f"equivocada-{attempt}")
        assert response.status_code == 200, attempt
        assert "Usuario o contraseña incorrectos" in response.content.decode()
    response = login(client, "actor-pan", "equivocada-5")
    assert response.status_code == 429
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.LOCKED, username="actor-pan").exists()

    response = login(client, "actor-pan", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Acceso bloqueado temporalmente" in body
    assert "bloqueado" in body
    assert not signed_in(client)
    assert not LoginEvent.objects.filter(kind=LoginEvent.Kind.LOGIN).exists()


def test_a_lockout_affects_only_that_username_from_that_ip(client, accounts):
    for attempt in range(5):
        login(client, "actor-pan", f"equivocada-{attempt}")
    assert login(client, "actor-pan", PASSWORD).status_code == 429

    other_user = login(client, "cand-gub", PASSWORD)
    assert other_user.status_code == 302
    assert signed_in(client)
    client.logout()

    from_elsewhere = login(client, "actor-pan", PASSWORD, REMOTE_ADDR="198.51.100.23")
    assert from_elsewhere.status_code == 302
    assert signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, accounts, settings):
    assert settings.LOGIN_FAILURE_LIMIT == 5
    assert datetime.timedelta(hours=settings.AXES_COOLOFF_TIME) == datetime.timedelta(minutes=15)
    for attempt in range(5):
        login(client, "actor-pan", f"equivocada-{attempt}")

    def age_attempts(minutes):
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))

    age_attempts(14)
    assert login(client, "actor-pan", PASSWORD).status_code == 429, "still inside the 15 minutes"

    age_attempts(16)
    response = login(client, "actor-pan", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_successful_login_resets_the_failure_count(client, accounts):
    for attempt in range(4):
        login(client, "actor-pan", f"equivocada-{attempt}")
    assert login(client, "actor-pan", PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert login(client, "actor-pan", f"otra-vez-{attempt}").status_code == 200
    assert login(client, "actor-pan", PASSWORD).status_code == 302


# --------------------------------------------------------------------------------------------
# Login log
# --------------------------------------------------------------------------------------------


def test_every_login_failed_login_and_logout_is_recorded_with_username_and_ip(client, accounts):
    party = accounts["party"]
    ip = "203.0.113.7"
    login(client, "actor-pan", "equivocada", REMOTE_ADDR=ip, HTTP_USER_AGENT="Firefox de prueba")
    login(client, "nadie-con-este-nombre", "equivocada", REMOTE_ADDR=ip)
    login(client, "actor-pan", PASSWORD, REMOTE_ADDR=ip, HTTP_USER_AGENT="Firefox de prueba")
    client.post(reverse("accounts:logout"), REMOTE_ADDR=ip)

    events = list(LoginEvent.objects.order_by("pk").values_list("kind", "username", "user", "ip_address"))
    assert events == [
        ("failed", "actor-pan", party.pk, ip),
        ("failed", "nadie-con-este-nombre", None, ip),
        ("login", "actor-pan", party.pk, ip),
        ("logout", "actor-pan", party.pk, ip),
    ]
    assert LoginEvent.objects.filter(kind="login").get().user_agent == "Firefox de prueba"


# --------------------------------------------------------------------------------------------
# Forced password change
# --------------------------------------------------------------------------------------------


@pytest.fixture
def temporary_account(world):
    return create_account(
        "actor-morena",
        Role.PARTY,
        password="tmp-pass-xy7k-2027",
        actor=world.actors["MORENA"],
        must_change_password=True,
    )


@pytest.mark.parametrize("path", ["/candidaturas/", "/gestion/importaciones/", "/cuenta/"])
def test_a_temporary_password_must_be_replaced_before_anything_else(client, temporary_account, path):
    assert login(client, "actor-morena", "tmp-pass-xy7k-2027").status_code == 302
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/cuenta/contrasena/")
    assert "Elija su contraseña" in response.content.decode()


def test_the_forced_change_page_keeps_the_page_asked_for(client, temporary_account):
    login(client, "actor-morena", "tmp-pass-xy7k-2027")
    response = client.get("/candidaturas/")
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/contrasena/?next=/candidaturas/"


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("corta-1", "demasiado corta"),
        ("password123", "muy común"),
        ("1234567890123", "numérica"),
    ],
    ids=["too-short", "common", "numeric"],
)
def test_the_new_password_must_pass_the_validators(client, temporary_account, new_password, message):
    login(client, "actor-morena", "tmp-pass-xy7k-2027")
    response = client.post(
        "/cuenta/contrasena/?next=/candidaturas/",
        {"old_password": "tmp-pass-xy7k-2027", "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Elija su contraseña" in body
    temporary_account.refresh_from_db()
    assert temporary_account.must_change_password
    assert temporary_account.check_password("tmp-pass-xy7k-2027")


def test_the_current_password_is_required_and_checked(client, temporary_account):
    login(client, "actor-morena", "tmp-pass-xy7k-2027")
    response = client.post(
        "/cuenta/contrasena/",
        {"old_password": "no-es-la-temporal", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "La antigua contraseña introducida es incorrecta" in response.content.decode()
    temporary_account.refresh_from_db()
    assert temporary_account.must_change_password


def test_after_a_valid_change_the_user_reaches_the_page(client, temporary_account):
    login(client, "actor-morena", "tmp-pass-xy7k-2027")
    response = client.post(
        "/cuenta/contrasena/?next=/candidaturas/",
        {
            "old_password": "tmp-pass-xy7k-2027",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": "/candidaturas/",
        },
        follow=True,
    )
    assert response.redirect_chain == [("/candidaturas/", 302)]
    assert response.status_code == 200
    assert "Su contraseña quedó guardada." in response.content.decode()
    assert signed_in(client), "changing the password keeps the session"
    temporary_account.refresh_from_db()
    assert not temporary_account.must_change_password
    assert temporary_account.check_password(NEW_PASSWORD)
    assert client.get("/candidaturas/").status_code == 200


def test_the_forced_change_does_not_follow_a_next_to_another_site(client, temporary_account):
    login(client, "actor-morena", "tmp-pass-xy7k-2027")
    response = client.post(
        "/cuenta/contrasena/",
        {
            "old_password": "tmp-pass-xy7k-2027",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "next": "https://example.com/robar",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/"


# --------------------------------------------------------------------------------------------
# TOTP for the institute's roles
# --------------------------------------------------------------------------------------------


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _wrong_code(device: TOTPDevice) -> str:
    accepted = {_code(device, drift) for drift in range(-device.tolerance - 1, device.tolerance + 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def _wait_out_throttling(device: TOTPDevice) -> None:
    """django-otp refuses any code for 1 s after a wrong one (doubling with each failure): let that time pass."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - datetime.timedelta(minutes=1)
    )


@pytest.mark.two_factor
@pytest.mark.parametrize(
    ("role", "landing"), [("admin", "/gestion/panel/"), ("reviewer", "/revision/"), ("analyst", "/candidaturas/")]
)
def test_institute_roles_enrol_an_authenticator_then_need_a_code_every_session(client, accounts, role, landing):
    user = accounts[role]
    response = login(client, user.username, PASSWORD, follow=True)
    assert response.redirect_chain[-1][0] == "/cuenta/verificacion/activar/"
    body = response.content.decode()
    qr = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', body).group(1)
    svg = unquote(qr.split(",", 1)[1])
    assert svg.startswith("<svg") and "xmlns='http://www.w3.org/2000/svg'" in svg  # a browser can draw it
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(r'<code[^>]*id="clave">([A-Z2-7 ]+)</code>', body).group(1)
    assert key.replace(" ", "") == base64.b32encode(device.bin_key).decode().rstrip("=")

    # Every other page waits for the second factor.
    blocked = client.get(landing)
    assert blocked.status_code == 302
    assert blocked["Location"] == f"/cuenta/verificacion/activar/?next={landing}"

    wrong = client.post(
        f"/cuenta/verificacion/activar/?next={landing}", {"token": _wrong_code(device), "next": landing}
    )
    assert wrong.status_code == 200
    assert "El código no coincide" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(landing).status_code == 302

    _wait_out_throttling(device)
    enrolment_code = _code(device)
    right = client.post(f"/cuenta/verificacion/activar/?next={landing}", {"token": enrolment_code, "next": landing})
    assert right.status_code == 302
    assert right["Location"] == landing
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(landing).status_code == 200

    # A new session: the password is not enough, a code is asked again (no new enrolment).
    client.post(reverse("accounts:logout"))
    response = login(client, user.username, PASSWORD, follow=True)
    assert response.redirect_chain[-1][0] == "/cuenta/verificacion/"
    assert client.get(landing)["Location"] == f"/cuenta/verificacion/?next={landing}"
    assert client.get("/cuenta/verificacion/activar/")["Location"] == "/cuenta/verificacion/"
    form = {"otp_device": device.persistent_id, "otp_token": _wrong_code(device), "next": landing}
    wrong = client.post(f"/cuenta/verificacion/?next={landing}", form)
    assert wrong.status_code == 200
    assert "El código no es válido o ya expiró" in wrong.content.decode()
    assert client.get(landing).status_code == 302
    # Right after a wrong code even a right one waits (throttling against guessing).
    form["otp_token"] = _code(device, drift=1)
    throttled = client.post(f"/cuenta/verificacion/?next={landing}", form)
    assert throttled.status_code == 200
    assert "Demasiados códigos incorrectos" in throttled.content.decode()
    # The code used at enrolment cannot be replayed.
    _wait_out_throttling(device)
    form["otp_token"] = enrolment_code
    replayed = client.post(f"/cuenta/verificacion/?next={landing}", form)
    assert replayed.status_code == 200
    assert "El código no es válido o ya expiró" in replayed.content.decode()
    # The next code (within the device's tolerance) is accepted.
    _wait_out_throttling(device)
    device.refresh_from_db()
    form["otp_token"] = _code(device, drift=device.drift + 1)
    right = client.post(f"/cuenta/verificacion/?next={landing}", form)
    assert right.status_code == 302
    assert right["Location"] == landing
    assert client.get(landing).status_code == 200
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.two_factor
@pytest.mark.parametrize("role", ["party", "candidate"])
def test_party_and_candidate_accounts_are_never_asked_for_a_code(client, accounts, role):
    response = login(client, accounts[role].username, PASSWORD, follow=True)
    landing = response.redirect_chain[-1][0]
    # A candidate lands on her own capture page (issue 14, point 10), through the aviso de privacidad first.
    assert landing.startswith("/captura/") if role == "candidate" else landing == "/candidaturas/"
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()


@pytest.mark.two_factor
@pytest.mark.parametrize("role", ["admin", "reviewer", "analyst", "party", "candidate"])
def test_without_two_factor_roles_nobody_is_asked_for_a_code(client, accounts, settings, role):
    settings.TWO_FACTOR_ROLES = []
    response = login(client, accounts[role].username, PASSWORD, follow=True)
    expected = {"admin": "/gestion/panel/", "reviewer": "/revision/"}.get(role, "/candidaturas/")
    landing = response.redirect_chain[-1][0]
    assert landing.startswith("/captura/") if role == "candidate" else landing == expected
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()


def test_two_factor_is_on_for_the_institute_roles_by_default(tmp_path):
    """The suite turns TOTP off unless a test asks for it: the production default must still be on."""
    env = {key: value for key, value in os.environ.items() if key != "TWO_FACTOR_ROLES"}
    env["CONOCELES_VAR_DIR"] = str(tmp_path)
    assert _setting_in_fresh_interpreter("TWO_FACTOR_ROLES", env) == "['admin', 'reviewer', 'analyst']"


# --------------------------------------------------------------------------------------------
# Password reset by e-mail
# --------------------------------------------------------------------------------------------


def test_password_reset_by_email_works_once(client, accounts, mailoutbox):
    party = accounts["party"]
    party.email = "enlace@partido.example"
    party.save()

    response = client.post(reverse("accounts:password_reset"), {"email": "enlace@partido.example"}, follow=True)
    assert "Revise su correo" in response.content.decode()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["enlace@partido.example"]
    assert "actor-pan" in message.body
    link = re.search(r"https?://testserver(/cuenta/recuperar/[^/\s]+/[^/\s]+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Elija su contraseña nueva" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:password_reset_complete")
    assert "Contraseña guardada" in done.content.decode()
    party.refresh_from_db()
    assert party.check_password(NEW_PASSWORD)

    again = client.get(link, follow=True)
    assert "Enlace no válido" in again.content.decode()
    assert 'name="new_password1"' not in again.content.decode()

    client.logout()
    assert login(client, "actor-pan", PASSWORD).status_code == 200
    assert login(client, "actor-pan", NEW_PASSWORD).status_code == 302


def test_a_password_chosen_through_the_link_replaces_the_temporary_one(client, temporary_account, mailoutbox):
    """Someone who lost the sheet with the temporary password picks one by e-mail: it is hers, no second change."""
    temporary_account.email = "enlace@morena.example"
    temporary_account.save()
    client.post(reverse("accounts:password_reset"), {"email": "enlace@morena.example"})
    link = re.search(r"https?://testserver(/cuenta/recuperar/[^/\s]+/[^/\s]+/)", mailoutbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    temporary_account.refresh_from_db()
    assert temporary_account.check_password(NEW_PASSWORD)
    assert not temporary_account.must_change_password

    response = login(client, "actor-morena", NEW_PASSWORD, follow=True)
    assert response.redirect_chain[-1][0] == "/candidaturas/"
    assert "Elija su contraseña" not in response.content.decode()


def test_password_reset_does_not_reveal_whether_an_email_has_an_account(client, accounts, mailoutbox):
    party = accounts["party"]
    party.email = "enlace@partido.example"
    party.save()
    known = client.post(reverse("accounts:password_reset"), {"email": "enlace@partido.example"}, follow=True)
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nadie@ningun.example"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert known.content == unknown.content
    assert "Revise su correo" in unknown.content.decode()
    assert len(mailoutbox) == 1


# --------------------------------------------------------------------------------------------
# Idle sessions
# --------------------------------------------------------------------------------------------


def _session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_the_session_expires_after_the_idle_time_counted_from_the_last_request(client, accounts, settings):
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    login(client, "actor-pan", PASSWORD)
    response = client.get("/candidaturas/")
    assert response.status_code == 200
    # The cookie itself lives until the browser closes; the server keeps the session for SESSION_COOKIE_AGE.
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"]
    remaining = _session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 30) < remaining
    assert remaining <= datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    # Every request pushes the expiry back: an hour of idling, then one request, and two hours are left again.
    Session.objects.filter(pk=_session_row(client).pk).update(expire_date=timezone.now() + datetime.timedelta(hours=1))
    assert client.get("/candidaturas/").status_code == 200
    remaining = _session_row(client).expire_date - timezone.now()
    assert remaining > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 30)


def test_an_expired_session_sends_the_user_to_the_login_page(client, accounts):
    login(client, "actor-pan", PASSWORD)
    assert client.get("/candidaturas/").status_code == 200
    Session.objects.filter(pk=_session_row(client).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/candidaturas/")
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/entrar/?next=/candidaturas/"


def test_the_idle_time_follows_the_environment(tmp_path):
    env = {**os.environ, "SESSION_IDLE_MINUTES": "30", "CONOCELES_VAR_DIR": str(tmp_path)}
    assert _setting_in_fresh_interpreter("SESSION_COOKIE_AGE", env) == str(30 * 60)


# --------------------------------------------------------------------------------------------
# Password hashing in production
# --------------------------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[2] / "src"


def _setting_in_fresh_interpreter(name: str, env: dict) -> str:
    """The value of conoceles.settings.<name> as a fresh interpreter (no pytest overrides) computes it."""
    env = {**env, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", f"import conoceles.settings as s; print(s.{name})"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_argon2_is_the_first_password_hasher_in_production(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "FAST_PASSWORD_HASHER"}
    env["CONOCELES_VAR_DIR"] = str(tmp_path)
    hashers = _setting_in_fresh_interpreter("PASSWORD_HASHERS", env)
    assert hashers.startswith("['django.contrib.auth.hashers.Argon2PasswordHasher'")
    # and argon2-cffi, which that hasher needs, is installed
    from django.contrib.auth.hashers import Argon2PasswordHasher

    encoded = Argon2PasswordHasher().encode(PASSWORD, "sal-de-prueba-123")
    assert encoded.startswith("argon2$")
    assert Argon2PasswordHasher().verify(PASSWORD, encoded)
