"""The staff pages lead back to the administration's panel (not to the raw Django admin), and only an account that
may open the panel is offered the link."""

import pytest
from django.urls import reverse

from conoceles.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PANEL = f'href="{reverse("gestion:dashboard")}"'


@pytest.mark.parametrize("name", ["imports:list", "opendata:staff"])
def test_the_admins_staff_pages_lead_back_to_the_panel(staff_client, world, name):
    page = staff_client.get(reverse(name)).content.decode()
    assert PANEL in page
    assert f'href="{reverse("admin:index")}">Gestión</a></li>' not in page


def test_the_analyst_is_not_offered_a_panel_she_may_not_open(client, world):
    client.force_login(make_user("analista", Role.ANALYST))
    assert client.get(reverse("gestion:dashboard")).status_code == 403
    page = client.get(reverse("opendata:staff"))
    assert page.status_code == 200
    assert PANEL not in page.content.decode()
