"""Ids in URLs (conoceles.core.converters): a number beyond 64 bits is no id, so 404 or an ignored filter, never 500."""

import re

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from hypothesis import given
from hypothesis import strategies as st

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.core.converters import MAX_ID, IdConverter, parse_id
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"  # 20 digits: more than a signed 64-bit integer holds


def project_routes(patterns=None, prefix=""):
    """(route, pattern) of every URL pattern whose view is this project's."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from project_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.callback.__module__.startswith("conoceles."):
            yield prefix + str(entry.pattern), entry


def routes_with_ids():
    """The routes with a number in their path (`<id:…>`, or `<int:…>` where it crept back)."""
    return sorted(
        route
        for route, entry in project_routes()
        if any(isinstance(c, IdConverter | IntConverter) for c in getattr(entry.pattern, "converters", {}).values())
    )


def test_no_route_of_the_project_uses_the_int_converter():
    with_int = [
        route
        for route, entry in project_routes()
        if any(isinstance(c, IntConverter) for c in getattr(entry.pattern, "converters", {}).values())
    ]
    assert not with_int, f"use <id:…> instead of <int:…> (conoceles.core.converters): {with_int}"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.PARTY])
def test_an_id_beyond_64_bits_is_404_on_every_route(client, role, world):
    actor = world.actors["PAN"] if role == Role.PARTY else None
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    client.force_login(create_account("cuenta", role, password=None, actor=actor, must_change_password=False))
    assert len(routes_with_ids()) >= 20  # the walk sees the project's routes
    for route in routes_with_ids():
        if role == Role.PARTY and route.startswith("gestion/"):
            continue  # Gestión sends whoever is not the administration to its login, whatever the address
        url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: TOO_BIG if m.group(1) in ("id", "int") else "x", route)
        for method in (client.get, client.post):
            assert method(url).status_code == 404, f"{method.__name__.upper()} {url}"


@pytest.mark.usefixtures("world")
def test_the_largest_id_still_reaches_its_view(client):
    assert resolve(f"/candidatura/{MAX_ID}/").kwargs == {"pk": MAX_ID}
    with pytest.raises(Resolver404):
        resolve(f"/candidatura/{MAX_ID + 1}/")
    assert client.get(f"/candidatura/{MAX_ID}/").status_code == 404  # the view's own answer: not published


@given(st.integers(min_value=0, max_value=10**25))
def test_parse_id_takes_exactly_the_64_bit_ids(number):
    assert parse_id(str(number)) == (number if number <= MAX_ID else None)


@pytest.mark.parametrize("value", ["", "-1", "+1", " 1", "1.0", "١٢", "１２", "1" * 5000, None])
def test_parse_id_refuses_what_is_not_plain_digits(value):
    assert parse_id(value) is None


def test_query_filters_beyond_64_bits_are_ignored(client, world):
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="Zoila")
    client.force_login(create_account("enlace", Role.PARTY, password=None, actor=world.actors["PAN"]))
    page = client.get(reverse("capture:dashboard"), {"cargo": TOO_BIG, "contienda": TOO_BIG})
    assert page.status_code == 200 and "Zoila" in page.content.decode()
    client.force_login(create_account("jefa", Role.ADMIN, password=None, must_change_password=False))
    assert client.get(reverse("staff_accounts:issue"), {"users": TOO_BIG}).status_code == 200
