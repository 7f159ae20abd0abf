"""How the API behaves over HTTP (conoceles.api.middleware): caching like the public pages (ETag, 304, invalidated by
any change of published data), CORS open for reading, the per-address rate limit with Retry-After, JSON errors for
everything, no dependence on cookies or sign-in; the OpenAPI document and the documentation page without a CDN."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.public.error_codes import PublicErrorCode
from conoceles.review.models import RubroState
from conoceles.review.states import State
from conoceles.review.workflow import transition
from tests.factories import CandidacyFactory

from .helpers import data, get, published, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


@pytest.fixture
def ana(world):
    return published(world, "GUB", "PAN", first_name="Ana")


def test_answers_are_cached_like_the_pages_and_a_matching_etag_gets_304(client, world, ana, django_assert_num_queries):
    first = get(client, "candidacy", ana.pk)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert first["ETag"].startswith('"')
    with django_assert_num_queries(0):
        second = get(client, "candidacy", ana.pk)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Access-Control-Allow-Origin"] == "*"
    with django_assert_num_queries(0):
        unchanged = get(client, "candidacy", ana.pk, If_None_Match=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == first["ETag"]
    assert get(client, "candidacy", ana.pk, If_None_Match='"otra"').status_code == 200


def test_a_change_to_published_data_changes_the_answer_at_once(client, world, ana):
    url_ = url("candidacy", ana.pk)
    listing = url("candidacies", world.process.pk)
    before, before_list = client.get(url_), client.get(listing)
    admin = create_account("coordinacion", Role.ADMIN, password=None)
    transition(RubroState.objects.get(candidacy=ana, rubro="proposals"), State.OBSERVED, by=admin)
    after = client.get(url_, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    proposals = next(r for r in data(after)["rubros"] if r["code"] == "proposals")
    assert proposals["available"] is False
    assert client.get(listing, headers={"If-None-Match": before_list["ETag"]}).status_code == 200


def test_cors_is_open_for_reading_on_every_answer(client, world, ana):
    for response in (
        get(client, "candidacy", ana.pk),
        get(client, "candidacy", ana.pk + 999),  # 404
        client.get("/api/v1/no-existe"),
        client.head(url("candidacies", world.process.pk)),
    ):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        url("candidacies", world.process.pk),
        headers={"Origin": "https://periodico.example", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "if-none-match"},
    )  # fmt: skip
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "if-none-match"
    assert int(preflight["Access-Control-Max-Age"]) > 0
    page = client.get("/buscar/")
    assert "Access-Control-Allow-Origin" not in page  # the site itself is not opened


def test_only_reading_methods(client, world):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method(url("processes"))
        assert response.status_code == 405
        assert data(response)["code"] == PublicErrorCode.METHOD_NOT_ALLOWED
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    head = client.head(url("processes"))
    assert head.status_code == 200 and head.content == b"" and head["ETag"] == client.get(url("processes"))["ETag"]


def test_unknown_addresses_are_json_errors(client, world):
    response = client.get("/api/v1/no-existe")
    assert response.status_code == 404
    assert data(response) == {
        "code": PublicErrorCode.NOT_FOUND,
        "detail": "Esta dirección no existe en la API. Consulte /api/v1/docs.",
    }


def test_the_rate_limit_counts_per_address_and_says_when_to_come_back(client, world, settings):
    settings.API_RATE_LIMIT = "3/60"
    settings.TRUSTED_PROXY_COUNT = 1  # behind nginx: the client's address is the last of X-Forwarded-For
    first = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(3):
        assert get(client, "processes", **first).status_code == 200  # served from the cache after the first: counted
    refused = get(client, "processes", **first)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = data(refused)
    assert body["code"] == PublicErrorCode.RATE_LIMITED
    assert f"{refused['Retry-After']} segundos" in body["detail"]
    assert refused["Access-Control-Allow-Origin"] == "*"  # a browser client can read why
    assert get(client, "processes", **{"X-Forwarded-For": "203.0.113.8"}).status_code == 200  # another address
    assert client.get("/buscar/", headers=first).status_code == 200  # the site's pages are not limited
    settings.API_RATE_LIMIT = "0"
    assert get(client, "processes", **first).status_code == 200  # "0": no limit


def test_the_default_limit_allows_polling_every_endpoint_each_minute(client, world, settings, ana):
    from conoceles.api.throttling import rate_limit

    requests, seconds = rate_limit()
    assert seconds == 60 and requests >= 100  # one election-night poll of each endpoint per minute, many times over
    for _ in range(10):
        for name, args in (("processes", ()), ("candidacies", (world.process.pk,)), ("candidacy", (ana.pk,))):
            assert get(client, name, *args).status_code == 200


def test_the_api_ignores_sign_in_and_cookies(client, world, ana):
    anonymous = get(client, "candidacy", ana.pk)
    staff = create_account("revisora", Role.REVIEWER, password=None, must_change_password=True)
    client.force_login(staff)  # a session that the site would send to change its password first
    signed_in = get(client, "candidacy", ana.pk)
    assert signed_in.status_code == 200
    assert signed_in.content == anonymous.content
    assert "private" not in signed_in["Cache-Control"] and "public" in signed_in["Cache-Control"]
    # One copy for everybody in a shared cache: it varies only by whether the client takes gzip.
    assert signed_in["Vary"] == anonymous["Vary"] == "Accept-Encoding"
    assert not signed_in.cookies  # no session or CSRF cookie set by the API


def test_the_openapi_document_is_in_spanish_and_lists_every_operation(client, world):
    response = client.get(url("openapi-json"))
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "API pública de Conóceles"
    paths = {path for path in schema["paths"]}
    assert paths == {
        "/api/v1/processes",
        "/api/v1/processes/{process_id}",
        "/api/v1/processes/{process_id}/contests",
        "/api/v1/processes/{process_id}/actors",
        "/api/v1/processes/{process_id}/candidacies",
        "/api/v1/candidacies/{candidacy_id}",
        "/api/v1/processes/{process_id}/ballot",
        "/api/v1/processes/{process_id}/statistics",
        "/api/v1/processes/{process_id}/releases",
    }
    listing = schema["paths"]["/api/v1/processes/{process_id}/candidacies"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert parameters["page_size"]["schema"]["maximum"] == 500
    assert all(p.get("description") for p in parameters.values())
    assert {"429", "422", "404"} <= set(listing["responses"])


def test_the_api_accepts_every_filter_of_the_search_page(client):
    from conoceles.public.forms import SearchForm

    schema = json.loads(Client().get(url("openapi-json")).content)
    listing = schema["paths"]["/api/v1/processes/{process_id}/candidacies"]["get"]
    assert set(SearchForm.base_fields) <= {p["name"] for p in listing["parameters"]}


def test_the_documentation_page_loads_nothing_from_elsewhere(client, world):
    response = client.get(url("openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Content-Security-Policy" in response and "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # no CDN, no external URL
    assert "<script>" not in html  # no inline script: the page's settings are a JSON data block
    referenced = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    vendored = "conoceles/vendor/swagger-ui/"
    expected = {f"{vendored}swagger-ui-bundle.js", f"{vendored}swagger-ui.css", "conoceles/js/api-docs.js"}
    assert expected <= set(referenced)
    for path in referenced:
        assert finders.find(path), f"{path} is not among the site's static files"
    settings_block = re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S)
    assert json.loads(settings_block.group(1))["url"] == url("openapi-json")


def test_a_candidacy_created_meanwhile_is_not_served_from_a_stale_page(client, world, ana):
    """The page cache keys answers by the publication version, which every announced write bumps."""
    assert len(data(get(client, "candidacies", world.process.pk))["results"]) == 1
    published(world, "MR1", "MORENA", first_name="Berta")
    assert len(data(get(client, "candidacies", world.process.pk))["results"]) == 2
    CandidacyFactory(contest=world.contests["MR15"], actor=world.actors["PT"])  # not published
    assert len(data(get(client, "candidacies", world.process.pk))["results"]) == 2
