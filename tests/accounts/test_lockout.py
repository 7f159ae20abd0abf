"""Lockout against guesses spread over many addresses, and its two ways out before the cool-off: Administración's
«Desbloquear» and a new password chosen through «Olvidé mi contraseña». Also the hourly cap on reset e-mails.

Everything on real requests; addresses are REMOTE_ADDR, which is what the lockout counts by default
(TRUSTED_PROXY_COUNT=0)."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from django.urls import reverse

from conoceles.accounts.models import AccountEvent, LoginEvent, Role
from conoceles.accounts.services import create_account
from conoceles.accounts.templatetags.account_text import duration
from tests.fixtures.accounts import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

PASSWORD = "Chetumal-bahia-2027"
NEW_PASSWORD = "Bacalar-siete-colores-88"
ADDRESSES = [f"198.51.100.{n}" for n in range(1, 7)]  # six addresses, as in the report


@pytest.fixture
def party(world):
    return create_account(
        "actor-pan",
        Role.PARTY,
        password=PASSWORD,
        actor=world.actors["PAN"],
        email="enlace@partido.example",
        must_change_password=False,
    )


def login(client, username, password, ip="192.0.2.10", **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def spread_guesses(client, count, username="actor-pan"):
    """`count` wrong passwords, taking turns among six addresses; the status of each answer."""
    return [
        login(client, username, f"equivocada-{n}", ip=ADDRESSES[n % len(ADDRESSES)]).status_code for n in range(count)
    ]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# ------------------------------------------------------------------------------------ locking per username


def test_guesses_spread_over_six_addresses_lock_the_account_at_the_tenth(client, party, settings):
    assert (settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_USERNAME_FAILURE_LIMIT) == (5, 10)
    statuses = spread_guesses(client, 24)
    # No address reached 5 failures (at most 4 each), yet the account is locked from the 10th failure on.
    assert statuses == [200] * 9 + [429] * 15
    assert LoginEvent.objects.filter(kind=LoginEvent.Kind.LOCKED, username="actor-pan").exists()

    # Locked for everyone: even the right password from an address that never failed.
    response = login(client, "actor-pan", PASSWORD, ip="203.0.113.99")
    assert response.status_code == 429
    assert "Acceso bloqueado temporalmente" in response.content.decode()
    assert not signed_in(client)


def test_below_the_username_limit_a_lock_stays_with_the_address(client, party):
    for n in range(5):
        login(client, "actor-pan", f"equivocada-{n}", ip="192.0.2.66")
    assert login(client, "actor-pan", PASSWORD, ip="192.0.2.66").status_code == 429
    # 5 (+1 refused) failures in all, below 10: the owner, elsewhere, still gets in.
    assert login(client, "actor-pan", PASSWORD, ip="192.0.2.10").status_code == 302


def test_other_accounts_are_not_affected(client, party, world):
    create_account(
        "actor-morena", Role.PARTY, password=PASSWORD, actor=world.actors["MORENA"], must_change_password=False
    )
    spread_guesses(client, 12)
    assert login(client, "actor-morena", PASSWORD, ip=ADDRESSES[0]).status_code == 302


def test_the_username_lock_ends_after_the_cool_off(client, party):
    spread_guesses(client, 10)
    assert login(client, "actor-pan", PASSWORD).status_code == 429

    def age_attempts(minutes):
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))

    age_attempts(14)
    assert login(client, "actor-pan", PASSWORD).status_code == 429, "still inside the 15 minutes"
    age_attempts(16)
    assert login(client, "actor-pan", PASSWORD).status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_lock(client, party):
    """With TRUSTED_PROXY_COUNT=0 (no proxy in front) the header is the client's own words and is ignored: five
    failures from one connection lock it whatever address each request claims."""
    statuses = [
        login(client, "actor-pan", f"equivocada-{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response = login(client, "actor-pan", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}


NGINX = "127.0.0.1"  # behind nginx every request reaches the application from the proxy


def through_nginx(client, username, password, address, forged=""):
    """A login as nginx passes it on: REMOTE_ADDR is the proxy, and `proxy_add_x_forwarded_for` appended the address
    the request came from to whatever X-Forwarded-For the client sent (`forged`)."""
    forwarded = f"{forged}, {address}" if forged else address
    return login(client, username, password, ip=NGINX, HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_nginx_guesses_spread_over_six_addresses_lock_the_account(client, party, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # the production setting behind nginx (docs/despliegue.md)
    statuses = [
        through_nginx(client, "actor-pan", f"equivocada-{n}", ADDRESSES[n % len(ADDRESSES)]).status_code
        for n in range(24)
    ]
    assert statuses == [200] * 9 + [429] * 15  # counted per real address, and per username
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == set(ADDRESSES)
    failed = LoginEvent.objects.filter(kind=LoginEvent.Kind.FAILED).values_list("ip_address", flat=True)
    assert set(failed) == set(ADDRESSES)  # the login log records the person's address, not the proxy's


def test_behind_nginx_one_address_locks_only_itself_and_forged_hops_are_ignored(client, party, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):  # each claims another origin in front of what nginx appends: only nginx's entry counts
        through_nginx(client, "actor-pan", f"equivocada-{n}", "192.0.2.66", forged=f"203.0.113.{n}")
    assert through_nginx(client, "actor-pan", PASSWORD, "192.0.2.66", forged="203.0.113.50").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.66"}
    # If the proxy were the address, everyone behind nginx would be locked out now; the owner elsewhere is not.
    assert through_nginx(client, "actor-pan", PASSWORD, "192.0.2.10").status_code == 302


def _setting_in_fresh_interpreter(name: str, **environment) -> str:
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, **environment, "PYTHONPATH": str(src)}
    result = subprocess.run(
        [sys.executable, "-c", f"import conoceles.settings as s; print(s.{name})"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_the_limits_follow_the_environment(tmp_path):
    var = str(tmp_path)
    assert (
        _setting_in_fresh_interpreter(
            "LOGIN_USERNAME_FAILURE_LIMIT", CONOCELES_VAR_DIR=var, LOGIN_USERNAME_FAILURE_LIMIT="25"
        )
        == "25"
    )
    # Never below the per-address limit: the per-address lock would otherwise never be the first.
    assert (
        _setting_in_fresh_interpreter(
            "LOGIN_USERNAME_FAILURE_LIMIT",
            CONOCELES_VAR_DIR=var,
            LOGIN_FAILURE_LIMIT="8",
            LOGIN_USERNAME_FAILURE_LIMIT="3",
        )
        == "8"
    )
    assert (
        _setting_in_fresh_interpreter(
            "PASSWORD_RESET_EMAIL_LIMIT", CONOCELES_VAR_DIR=var, PASSWORD_RESET_EMAIL_LIMIT="5"
        )
        == "5"
    )


# ------------------------------------------------------------------------------------ Administración unlocks


def accounts_list(client):
    return client.get(reverse("staff_accounts:list"), {"q": "actor-pan"}).content.decode()


def test_the_accounts_list_shows_the_lock_and_an_administrator_lifts_it(staff_client, party, admin_user):
    guesser = Client()
    page = accounts_list(staff_client)
    assert "Bloqueada" not in page and "Desbloquear" not in page

    spread_guesses(guesser, 10)
    page = accounts_list(staff_client)
    assert "Bloqueada" in page
    unlock_url = reverse("staff_accounts:unlock", args=[party.pk])
    assert f'href="{unlock_url}?next=' in page

    confirm = staff_client.get(unlock_url)
    assert confirm.status_code == 200
    assert "¿Desbloquear la cuenta actor-pan?" in confirm.content.decode()
    assert login(guesser, "actor-pan", PASSWORD).status_code == 429, "a GET unlocks nothing"

    response = staff_client.post(unlock_url, {"next": "/gestion/cuentas/?q=actor-pan"}, follow=True)
    assert response.redirect_chain == [("/gestion/cuentas/?q=actor-pan", 302)]
    body = response.content.decode()
    assert "La cuenta actor-pan quedó desbloqueada" in body
    assert "Bloqueada" not in body
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.UNLOCKED)
    assert (event.user, event.by) == (party, admin_user)

    assert login(guesser, "actor-pan", PASSWORD, ip=ADDRESSES[0]).status_code == 302


def test_a_lock_from_one_address_also_shows_and_can_be_lifted(staff_client, party):
    guesser = Client()
    for n in range(5):
        login(guesser, "actor-pan", f"equivocada-{n}")
    assert "Bloqueada" in accounts_list(staff_client)
    staff_client.post(reverse("staff_accounts:unlock", args=[party.pk]))
    assert login(guesser, "actor-pan", PASSWORD).status_code == 302


def test_unlocking_an_account_that_is_not_locked_changes_nothing(staff_client, party):
    response = staff_client.post(reverse("staff_accounts:unlock", args=[party.pk]), follow=True)
    assert "La cuenta actor-pan no estaba bloqueada." in response.content.decode()
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.UNLOCKED).exists()
    page = staff_client.get(reverse("staff_accounts:unlock", args=[party.pk])).content.decode()
    assert "La cuenta actor-pan no está bloqueada" in page


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PARTY])
def test_only_administration_may_unlock(client, party, world, role):
    scope = {"actor": world.actors["MORENA"]} if role == Role.PARTY else {}
    other = create_account("otra", role, password=STAFF_PASSWORD, must_change_password=False, **scope)
    spread_guesses(Client(), 10)
    client.force_login(other)
    assert client.post(reverse("staff_accounts:unlock", args=[party.pk])).status_code == 403
    assert login(Client(), "actor-pan", PASSWORD).status_code == 429


# ------------------------------------------------------------------------------------ unlocking by e-mail


def reset_link(mailoutbox) -> str:
    return re.search(r"https?://testserver(/cuenta/recuperar/[^/\s]+/[^/\s]+/)", mailoutbox[-1].body).group(1)


def test_the_locked_page_points_to_the_password_reset(client, party):
    spread_guesses(client, 10)
    body = login(client, "actor-pan", PASSWORD).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in body
    assert "En cuanto la guarde, su cuenta queda desbloqueada" in body
    assert "bloqueado durante 15 minutos, contados desde el último intento" in body and "0:15:00" not in body


@pytest.mark.parametrize(
    "minutes, words",
    [(1, "1 minuto"), (15, "15 minutos"), (60, "1 hora"), (90, "1 hora y 30 minutos"), (120, "2 horas")],
)
def test_the_lockout_length_is_said_in_words(minutes, words):
    assert duration(datetime.timedelta(minutes=minutes)) == words


def test_choosing_a_new_password_through_the_e_mailed_link_unlocks_the_account(client, party, mailoutbox):
    spread_guesses(client, 10)
    client.post(reverse("accounts:password_reset"), {"email": "enlace@partido.example"}, REMOTE_ADDR=ADDRESSES[0])
    assert len(mailoutbox) == 1
    assert login(client, "actor-pan", PASSWORD).status_code == 429, "asking for the link unlocks nothing"

    set_password_url = client.get(reset_link(mailoutbox), follow=True).redirect_chain[-1][0]
    assert login(client, "actor-pan", PASSWORD).status_code == 429, "opening the link unlocks nothing"
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert "Contraseña guardada" in done.content.decode()

    assert login(client, "actor-pan", PASSWORD).status_code == 200, "the old password is gone"
    assert login(client, "actor-pan", NEW_PASSWORD, ip=ADDRESSES[0]).status_code == 302
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.UNLOCKED)
    assert (event.user, event.by) == (party, party)


def test_without_the_mailbox_nothing_unlocks(client, party, mailoutbox):
    spread_guesses(client, 10)
    client.post(reverse("accounts:password_reset"), {"email": "enlace@partido.example"})
    real_link = reset_link(mailoutbox)
    uid = real_link.split("/")[3]
    # A guessed token: Django answers «Enlace no válido» and no password form.
    forged = client.get(f"/cuenta/recuperar/{uid}/cbz1ng-0123456789abcdef0123456789abcdef/", follow=True)
    assert 'name="new_password1"' not in forged.content.decode()
    posted = client.post(
        f"/cuenta/recuperar/{uid}/set-password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert 'name="new_password1"' not in posted.content.decode()
    assert login(client, "actor-pan", PASSWORD).status_code == 429
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.UNLOCKED).exists()


# ------------------------------------------------------------------------------------ reset e-mails per hour


def ask_reset(email, ip="192.0.2.10"):
    return Client().post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip, follow=True)


def test_at_most_three_links_an_hour_to_one_address_even_from_many_addresses(party, mailoutbox, settings):
    assert settings.PASSWORD_RESET_EMAIL_LIMIT == 3
    answers = [ask_reset("enlace@partido.example", ip=ADDRESSES[n]) for n in range(5)]
    assert len(mailoutbox) == 3
    assert {m.to[0] for m in mailoutbox} == {"enlace@partido.example"}
    # The same address written differently is the same mailbox.
    ask_reset("  ENLACE@partido.example ", ip=ADDRESSES[5])
    assert len(mailoutbox) == 3

    # A refused request answers exactly as a sent one, and as one for an address without an account.
    unknown = ask_reset("nadie@ningun.example", ip="203.0.113.50")
    for answer in answers:
        assert answer.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
        assert answer.content == unknown.content


def test_at_most_twenty_requests_an_hour_from_one_address(party, mailoutbox, settings):
    assert settings.PASSWORD_RESET_IP_LIMIT == 20
    for n in range(20):
        ask_reset(f"persona-{n}@ningun.example", ip="192.0.2.77")  # no account: nothing sent, but they count
    answer = ask_reset("enlace@partido.example", ip="192.0.2.77")
    assert mailoutbox == []
    assert answer.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert answer.content == ask_reset("nadie@ningun.example", ip="203.0.113.51").content

    ask_reset("enlace@partido.example", ip="192.0.2.78")  # another connection is not affected
    assert [m.to for m in mailoutbox] == [["enlace@partido.example"]]


def test_a_refused_reset_is_logged_without_the_address(party, mailoutbox, caplog):
    for _ in range(4):
        ask_reset("enlace@partido.example", ip="192.0.2.79")
    refused = [r for r in caplog.records if r.name == "conoceles.accounts.throttling"]
    assert len(refused) == 1
    assert "192.0.2.79" in refused[0].getMessage()
    assert "enlace@partido.example" not in refused[0].getMessage()
