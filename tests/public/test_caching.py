"""The public site's cache (conoceles.public.caching): hits cost no query, 304 on a matching ETag, any change to
published data invalidates every page, signed-in users and error pages are never served from or put in the cache."""

import re

import pytest
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.public.search import PAGE_SIZE
from conoceles.public.version import publication_version
from conoceles.review.models import RubroState
from conoceles.review.states import State
from conoceles.review.workflow import transition
from tests.factories import CandidacyFactory, announce
from tests.public.published import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


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
    # An approved observation takes a rubro off the site: one transition of the workflow, nothing else.
    admin = create_account("coordinacion", Role.ADMIN, password=None)
    transition(RubroState.objects.get(candidacy=candidacy, rubro="proposals"), State.OBSERVED, by=admin)
    assert publication_version() > version
    with django_assert_max_num_queries(50) as captured:
        client.get(home_url)
    assert len(captured) > 0  # rendered again, not served from the cache
    # Closing the cargo's window unpublishes the candidacy at once.
    cargo = world.cargos["GUB"]
    cargo.publication_start = None
    cargo.save()
    announce(cargo)  # as the Gestión admin does (tests/core/test_changes.py)
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


# --------------------------------------------------------------------------------------------
# The host and the query string (conoceles.public.caching: host checked first, known parameters only)
# --------------------------------------------------------------------------------------------

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


@pytest.fixture
def published(world):
    return publish(CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="Ximena"))


@pytest.fixture
def two_hosts(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["conoceles.ieqroo.org.mx", "espejo.ieqroo.org.mx"]


def test_a_page_cached_for_one_host_is_not_served_to_another(client, published, two_hosts):
    url = reverse("public:profile", args=[published.pk])
    mirror = client.get(url, headers={"Host": "espejo.ieqroo.org.mx"})
    own = client.get(url, headers={"Host": "conoceles.ieqroo.org.mx"})
    assert CANONICAL.search(mirror.content.decode()).group(1) == f"http://espejo.ieqroo.org.mx{url}"
    assert CANONICAL.search(own.content.decode()).group(1) == f"http://conoceles.ieqroo.org.mx{url}"
    again = client.get(url, headers={"Host": "espejo.ieqroo.org.mx"})
    assert again.content == mirror.content


def test_a_host_not_allowed_gets_400_even_for_a_cached_page(client, published, two_hosts):
    url = reverse("public:profile", args=[published.pk])
    assert client.get(url, headers={"Host": "conoceles.ieqroo.org.mx"}).status_code == 200  # now cached
    response = client.get(url, headers={"Host": "otro.example.com"})
    assert response.status_code == 400 and "Ximena" not in response.content.decode()


def test_junk_query_strings_render_the_pdf_once(client, published, django_assert_max_num_queries):
    url = reverse("public:profile_pdf", args=[published.pk])
    with django_assert_max_num_queries(50) as rendering:
        first = client.get(url, {"utm_source": "x0"})
    assert first.status_code == 200 and len(rendering) > 0  # a render costs queries, a cache hit none
    with django_assert_max_num_queries(0):
        for number in range(1, 1000):
            response = client.get(f"{url}?x{number}={number}&utm_source=x{number}")
            assert response.content == first.content


def test_known_parameters_in_any_order_share_one_entry_and_junk_never_reaches_the_page(
    client, world, django_assert_max_num_queries
):
    for number in range(1, PAGE_SIZE + 2):  # two pages of results: the page links carry the query
        publish(CandidacyFactory(contest=world.contests["RP"], actor=world.actors["PAN"], formula_number=number))
    url = reverse("public:search")
    first = client.get(f"{url}?q=maria&sexo=M&junk=%3Cb%3E")
    with django_assert_max_num_queries(0):
        second = client.get(f"{url}?rastreo=1&sexo=M&q=maria")
    page = first.content.decode()
    assert second.content == first.content
    assert 'href="/buscar/?q=maria&amp;sexo=M&amp;pagina=2"' in page and "junk" not in page


def test_the_order_of_one_parameters_values_still_counts(client, world):
    """`c` lists the columns of a comparison, in order: sorting parameters by name must not sort their values."""
    ana = publish(CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="Ana"))
    eva = publish(CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PT"], first_name="Eva"))
    url = reverse("public:compare")
    forward = client.get(f"{url}?c={ana.pk}&c={eva.pk}").content.decode()
    backward = client.get(f"{url}?c={eva.pk}&c={ana.pk}").content.decode()
    assert forward.index("Ana") < forward.index("Eva") and backward.index("Eva") < backward.index("Ana")


def test_pages_leave_compressed_for_a_client_that_takes_gzip_and_plain_for_one_that_does_not(client, world):
    """CompressedTextMiddleware: nginx keeps the compressed answer in its cache (deploy/nginx/conoceles.conf)."""
    import gzip

    url = reverse("public:search") + "?q=ana"
    plain = client.get(url)
    assert "Content-Encoding" not in plain and b"<html" in plain.content
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content  # the same page, from the same cache entry
    assert packed["ETag"] == "W/" + plain["ETag"]
    # nginx revalidates its copy with the weak ETag it holds: 304, no body
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_a_page_reads_the_publication_version_once(client, world, monkeypatch):
    """Its cache key, catalogs and the snapshot's freshness agree on one version, read once from the shared cache."""
    from django.core.cache import cache

    from conoceles.public.version import VERSION_KEY

    publish(CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="Ximena"))
    reads, get = [], cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: (reads.append(key), get(key, *args, **kwargs))[1])
    assert "Ximena" in client.get(reverse("public:search"), {"q": "ximena"}).content.decode()
    assert reads.count(VERSION_KEY) == 1
    assert publication_version() == get(VERSION_KEY)  # outside a page: the shared cache's, as before
