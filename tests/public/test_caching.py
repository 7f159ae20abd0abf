"""The public site's cache (conoceles.public.caching): hits cost no query, 304 on a matching ETag, any change to
published data invalidates every page, signed-in users and error pages are never served from or put in the cache."""

import pytest
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.public.caching import publication_version
from conoceles.review.models import RubroState
from conoceles.review.workflow import State
from tests.factories import CandidacyFactory, build_world
from tests.public.published import open_window, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    open_window(world.cargos["GUB"])
    return world


def test_second_anonymous_request_is_served_from_the_cache(client, world, django_assert_num_queries):
    url = reverse("public:home")
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert "stale-while-revalidate=60" in first["Cache-Control"]
    assert "HX-Request" in first["Vary"]
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second  # headers of the inner middleware are kept


def test_matching_etag_gets_304_without_body(client, world, django_assert_num_queries):
    url = reverse("public:home")
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"otro"'}).status_code == 200


def test_a_change_to_published_data_invalidates_every_public_page(client, world, django_assert_max_num_queries):
    candidacy = publish(CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="Ximena"))
    profile_url = reverse("public:profile", args=[candidacy.pk])
    home_url = reverse("public:home")
    assert client.get(profile_url).status_code == 200
    client.get(home_url)
    version = publication_version()
    # A reviewer's observation takes a rubro off the site: a RubroState write, nothing else.
    state = RubroState.objects.get(candidacy=candidacy, rubro="proposals")
    state.state = State.OBSERVED
    state.save()
    assert publication_version() > version
    with django_assert_max_num_queries(50) as captured:
        client.get(home_url)
    assert len(captured) > 0  # rendered again, not served from the cache
    # Closing the cargo's window unpublishes the candidacy at once.
    cargo = world.cargos["GUB"]
    cargo.publication_start = None
    cargo.save()
    assert client.get(profile_url).status_code == 404


def test_the_date_is_part_of_the_key(client, world, settings, django_assert_max_num_queries):
    import datetime
    from unittest import mock

    url = reverse("public:home")
    client.get(url)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with (
        mock.patch("conoceles.public.caching.timezone.localdate", return_value=tomorrow),
        django_assert_max_num_queries(50) as captured,
    ):
        client.get(url)
    assert len(captured) > 0


def test_signed_in_users_bypass_the_cache(client, world):
    url = reverse("public:home")
    client.get(url)  # cached for anonymous visitors
    client.force_login(create_account("revisora", Role.REVIEWER, password=None, first_name="Rita", last_name="Pérez"))
    response = client.get(url)
    assert "Rita Pérez" in response.content.decode()
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "ETag" not in response
    client.logout()
    assert "Rita Pérez" not in client.get(url).content.decode()


def test_a_signed_in_page_is_never_stored_for_anonymous_visitors(client, world):
    url = reverse("public:home")
    client.force_login(create_account("revisora", Role.REVIEWER, password=None, first_name="Rita", last_name="Pérez"))
    client.get(url)
    client.logout()
    assert "Rita Pérez" not in client.get(url).content.decode()


def test_hx_request_varies_the_cached_page(client, world):
    url = reverse("public:search")
    full = client.get(url, {"q": "maria"})
    partial = client.get(url, {"q": "maria"}, headers={"HX-Request": "true"})
    assert "HX-Request" in full["Vary"] and "HX-Request" in partial["Vary"]
    assert full.content != partial.content
    assert client.get(url, {"q": "maria"}).content == full.content


def test_error_pages_are_not_cached(client, world, django_assert_max_num_queries):
    url = reverse("public:profile", args=[999999])
    assert client.get(url).status_code == 404
    with django_assert_max_num_queries(50) as captured:
        response = client.get(url)
    assert response.status_code == 404 and len(captured) > 0
    assert "ETag" not in response


def test_pages_outside_the_public_site_are_untouched(client, world):
    response = client.get(reverse("accounts:login"))
    assert "ETag" not in response and "public" not in response.get("Cache-Control", "")


def test_a_transaction_bumps_the_version_once_more_when_it_commits(world):
    from django.db import connection

    from conoceles.public.caching import bump_publication_version

    for number in range(1, 4):
        CandidacyFactory(contest=world.contests["RP"], actor=world.actors["PAN"], formula_number=number)
    # The test runs inside a transaction: many saves, one callback waiting for the commit.
    queued = [callback for _, callback, _ in connection.run_on_commit if callback is bump_publication_version]
    assert queued == [bump_publication_version]
    version = publication_version()
    queued[0]()
    assert publication_version() == version + 1
