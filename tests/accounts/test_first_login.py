"""A delivered account's first login, through the real login form: the temporary password must be replaced."""

import pytest
from django.urls import reverse

from conoceles.accounts.models import User
from conoceles.accounts.services import generate_accounts
from tests.accounts.helpers import csv_rows

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mi-Clave-Propia-2027"


def test_first_login_forces_a_new_password_then_reaches_the_candidacies(staff_client, client, world):
    generate_accounts(world.process, per_candidacy=False)
    pan = User.objects.get(username="pan-2027")
    response = staff_client.post(
        reverse("staff_accounts:issue"), {"scope": "selected", "users": [pan.pk], "format": "csv"}
    )
    temporary = csv_rows(response.content)[0]["contrasena_temporal"]
    staff_client.logout()

    response = client.post(reverse("accounts:login"), {"username": "pan-2027", "password": temporary}, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:password_change"))
    assert "Entró con una contraseña temporal" in response.content.decode()
    # nothing else is reachable before the change
    response = client.get(reverse("candidacies:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:password_change"))

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("candidacies:list") == "/candidaturas/"
    assert response.status_code == 200
    pan.refresh_from_db()
    assert not pan.must_change_password
    assert pan.check_password(NEW_PASSWORD) and not pan.check_password(temporary)
    assert pan.last_login is not None


def test_a_generated_account_without_credentials_cannot_sign_in(client, world):
    generate_accounts(world.process, per_candidacy=False)
    response = client.post(reverse("accounts:login"), {"username": "pan-2027", "password": ""})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:login"), {"username": "pan-2027", "password": "!"})
    assert "Usuario o contraseña incorrectos" in response.content.decode()
