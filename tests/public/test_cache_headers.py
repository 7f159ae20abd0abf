"""What the public cache keeps of a view's own choices: the photo's long lifetime; what it does not count as a
visit (a photo a page loads); and the whole page, not a fragment, for htmx restoring its history."""

import pytest
from django.urls import reverse

from conoceles.public.models import DailyVisit
from conoceles.public.visits import flush_visits
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_candidacy(candidacy):
    fill(candidacy)
    publish(candidacy)
    return candidacy


def test_the_photo_keeps_its_own_lifetime_through_the_cache(client, published_candidacy):
    url = reverse("public:photo", args=[published_candidacy.pk])
    for response in (client.get(url), client.get(url)):  # stored, then served from the cache
        assert response.status_code == 200
        assert "max-age=86400" in response["Cache-Control"] and "max-age=60" not in response["Cache-Control"]


def test_a_photo_is_not_a_visit_its_profile_is(client, published_candidacy):
    browser = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36"}
    client.get(reverse("public:photo", args=[published_candidacy.pk]), headers=browser)
    client.get(reverse("public:profile", args=[published_candidacy.pk]), headers=browser)
    flush_visits()
    assert dict(DailyVisit.objects.values_list("page", "count")) == {"profile": 1}


def test_htmx_restoring_its_history_gets_the_whole_page(client, published_candidacy):
    url = reverse("public:search") + "?q=maria"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}).content.decode()
    assert "<html" in restored


def test_photos_are_never_compressed_again(client, published_candidacy):
    """CompressedTextMiddleware compresses text only: a JPEG is compressed already."""
    response = client.get(reverse("public:photo", args=[published_candidacy.pk]), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "Content-Encoding" not in response
