"""GET /api/v1/processes/ID/statistics: the tables of /estadisticas/, as suppressed as the page shows them; a
reserved cell carries no figure, and the identity figures are the cut's rounded ones, never the internal counts."""

import datetime

import pytest
from django.utils import timezone

from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.public.statistics import cached_statistics
from tests.factories import CandidacyFactory
from tests.public.published import answer, consent, publish

from .helpers import data, get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world", "questions")]


def answered_yes(world, n, question, sex="M"):
    c = publish(CandidacyFactory(contest=world.contests["RP"], actor=world.actors["MORENA"], formula_number=n, sex=sex))
    answer(c, question)  # «Sí»
    consent(c, 3, True)  # to statistical use
    return c


def statistics(client, world):
    response = get(client, "statistics", world.process.pk)
    assert response.status_code == 200, response.content
    return data(response)


def test_the_tables_of_the_page_with_their_reserved_cells(client, world):
    for n in range(1, 8):
        answered_yes(world, n, 11)  # seven migrant women: 7 internally, 5 or 10 published
    answered_yes(world, 8, 9, sex="H")  # one LGBTTTIQ+ man: a small cell
    body = statistics(client, world)
    page = cached_statistics(world.process)  # what /estadisticas/ shows
    for section in ("progress", "profile", "identity"):
        assert [t["key"] for t in body[section]] == [t.key for t in page[section]]
        for table, shown in zip(body[section], page[section], strict=True):
            assert table["columns"] == shown.columns and table["title"] == shown.title
            for row, expected in zip(table["rows"], shown.rows, strict=True):
                assert row["label"] == expected.label
                assert [c["hidden"] for c in row["cells"]] == [c.hidden for c in expected.cells]
                assert [c["value"] for c in row["cells"]] == [None if c.hidden else c.value for c in expected.cells]
    assert (body["k"], body["rounding_base"], body["consented"]) == (page["k"], 5, page["consented"])
    assert datetime.datetime.fromisoformat(body["cut_at"]) == page["cut_at"]
    groups = next(t for t in body["identity"] if t["key"] == "grupos")
    rows = {r["label"]: r["cells"] for r in groups["rows"]}
    women = rows[Group.MIGRANT.label][0]
    assert women["value"] in (5, 10) and women["hidden"] == ""  # rounded at the cut: never the internal 7
    men = rows[Group.LGBT.label][1]
    assert men == {"value": None, "hidden": "small"}  # one man: reserved, and no figure travels with it
    every_identity_value = [
        c["value"] for t in body["identity"] for r in [*t["rows"], t["total"] or {"cells": []}] for c in r["cells"]
    ]
    assert all(v is None or v % 5 == 0 for v in every_identity_value)
    assert timezone.now() < datetime.datetime.fromisoformat(body["next_cut_at"])


def test_an_unknown_process_has_no_statistics(client, world):
    response = get(client, "statistics", world.process.pk + 1)
    assert response.status_code == 404 and data(response)["code"] == "process_not_found"
