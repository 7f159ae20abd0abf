"""Accounts inspected and corrected in Gestión keep their role rules."""

import pytest
from django.urls import reverse

from conoceles.accounts.models import LoginEvent, User

pytestmark = pytest.mark.django_db


def test_adding_a_reviewer_in_gestion_gives_no_admin_rights(admin_client):
    response = admin_client.post(reverse("admin:accounts_user_add"), {
        "username": "revisor2", "usable_password": "true", "password1": "Una-Clave-Larga-2027",
        "password2": "Una-Clave-Larga-2027", "role": "reviewer",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="revisor2")
    assert user.role == "reviewer" and not user.is_staff and not user.is_superuser


@pytest.mark.usefixtures("world")
def test_a_party_account_without_its_actor_is_a_spanish_error(admin_client):
    response = admin_client.post(reverse("admin:accounts_user_add"), {
        "username": "enlace", "usable_password": "true", "password1": "Una-Clave-Larga-2027",
        "password2": "Una-Clave-Larga-2027", "role": "party",
    })
    assert response.status_code == 200
    assert "Una cuenta de actor político lleva su actor" in response.content.decode()
    assert not User.objects.filter(username="enlace").exists()


def test_login_log_is_read_only(admin_client):
    LoginEvent.objects.create(username="x", kind="failed")
    assert admin_client.get(reverse("admin:accounts_loginevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_loginevent_add")).status_code == 403
