"""Delivery by e-mail: a single-use link to choose a password, never a password."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from conoceles.accounts.models import AccountEvent, User
from conoceles.accounts.services import generate_accounts, issue_credentials, send_access_emails

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/cuenta/recuperar/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "Mi-Clave-Propia-2027"


@pytest.fixture
def accounts(world):
    world.actors["PAN"].contact_email = "enlace@pan.example"
    world.actors["PAN"].save()
    world.actors["MORENA"].contact_email = "enlace@morena.example"
    world.actors["MORENA"].save()
    world.candidacy("GUB", "PT", private_email="persona@example.org", registration_id="G-1")
    return generate_accounts(world.process, per_candidacy=True)


def test_one_message_per_account_with_email(staff_client, accounts, mailoutbox):
    response = staff_client.post(
        reverse("staff_accounts:email"), {"scope": "selected", "users": [u.pk for u in accounts]}, follow=True
    )
    page = response.content.decode()
    assert "enlace para elegir contraseña a 3 cuentas" in page
    assert "2 cuentas sin correo registrado" in page
    assert sorted(m.to[0] for m in mailoutbox) == ["enlace@morena.example", "enlace@pan.example", "persona@example.org"]
    message = next(m for m in mailoutbox if m.to == ["enlace@pan.example"])
    assert message.subject == "Conóceles: su cuenta de acceso"
    assert "Usuario: pan-2027" in message.body and "Partido Acción Nacional" in message.body
    assert "sirve una sola vez" in message.body and "24 horas" in message.body
    assert AccountEvent.objects.filter(kind="emailed", by__username="coordinadora").count() == 3


def test_the_link_lets_the_person_choose_a_password_and_sign_in(accounts, mailoutbox, rf):
    pan = User.objects.get(username="pan-2027")
    result = send_access_emails([pan], request_or_domain=rf.get("/"))
    assert result == (1, 0)
    path = LINK.search(mailoutbox[0].body).group(1)
    client = Client()
    response = client.get(path, follow=True)
    assert response.status_code == 200 and 'name="new_password1"' in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert response.status_code == 200
    pan.refresh_from_db()
    assert pan.check_password(NEW_PASSWORD)
    # single use
    assert "new_password1" not in client.get(path, follow=True).content.decode()
    response = client.post(reverse("accounts:login"), {"username": "pan-2027", "password": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/candidaturas/"


def test_no_password_travels_by_email(staff_client, accounts, mailoutbox):
    pan = User.objects.get(username="pan-2027")
    credential = issue_credentials([pan])[0]
    staff_client.post(reverse("staff_accounts:email"), {"scope": "selected", "users": [pan.pk]})
    assert len(mailoutbox) == 1
    assert credential.temporary_password not in mailoutbox[0].body
    assert not re.search(r"\b[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}\b", mailoutbox[0].body)


def test_pending_scope_and_inactive_accounts(staff_client, accounts, mailoutbox, world):
    User.objects.filter(username="morena-2027").update(is_active=False)
    staff_client.post(reverse("staff_accounts:email"), {"scope": "pending", "process": world.process.pk})
    assert sorted(m.to[0] for m in mailoutbox) == ["enlace@pan.example", "persona@example.org"]
    morena = User.objects.get(username="morena-2027")
    response = staff_client.post(
        reverse("staff_accounts:email"), {"scope": "selected", "users": [morena.pk]}, follow=True
    )
    assert "están desactivadas" in response.content.decode()
    assert len(mailoutbox) == 2


def test_email_by_domain(accounts, mailoutbox):
    send_access_emails(User.objects.filter(username="pan-2027"), request_or_domain="conoceles.ieqroo.org.mx")
    assert "https://conoceles.ieqroo.org.mx/cuenta/recuperar/" in mailoutbox[0].body


def test_the_link_goes_to_the_current_address_and_counts_as_delivery(accounts, mailoutbox, rf, world):
    person = User.objects.get(candidacy__registration_id="G-1")
    candidacy_row = person.candidacy
    candidacy_row.private_email = "corregido@example.org"  # a later import corrected it
    candidacy_row.save()
    assert person.credentials_issued_at is None
    send_access_emails([person], request_or_domain=rf.get("/"))
    assert [m.to for m in mailoutbox] == [["corregido@example.org"]]
    person.refresh_from_db()
    assert person.credentials_issued_at is not None  # no longer pending: a later sheet needs confirmation
