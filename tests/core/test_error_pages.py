import pytest

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account

pytestmark = pytest.mark.django_db


def test_not_found_page_is_in_spanish(client):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "No encontramos esa página" in response.content.decode()


def test_forbidden_page_is_in_spanish(client):
    client.force_login(create_account("revisora", Role.REVIEWER, password=None))
    response = client.get("/gestion/importaciones/")
    assert response.status_code == 403
    assert "Su cuenta no tiene acceso a esta sección" in response.content.decode()
