"""Helpers for the API's tests: published candidacies of `world` and JSON requests through the test client."""

import json
import re

from django.urls import reverse

from tests.factories import CandidacyFactory
from tests.public.published import publish


def url(name: str, *args) -> str:
    return reverse(f"api-v1:{name}", args=args)


def get(client, name: str, *args, params=None, **headers):
    return client.get(url(name, *args), params or {}, headers=headers)


def data(response) -> dict | list:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def published(world, contest="GUB", actor="PAN", *, hidden_rubros=(), curricular=None, **fields):
    """A published candidacy of `world` (windows open: the `open_world` fixture), every rubro public but
    `hidden_rubros`."""
    candidacy = CandidacyFactory(contest=world.contests[contest], actor=world.actors[actor], **fields)
    return publish(candidacy, hidden_rubros=hidden_rubros, **(curricular or {}))


def search_page_ids(client, params: dict) -> list[int]:
    """The candidacies the public search page lists for `params`, in its order (its first page)."""
    page = client.get(reverse("public:search"), params).content.decode()
    return [int(pk) for pk in re.findall(r'<h3 class="h6[^"]*"><a href="/candidatura/(\d+)/">', page)]
