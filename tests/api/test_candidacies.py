"""GET /api/v1/processes/ID/candidacies: the public search as data. The same filters with the same names and values
give the same candidacies in the same order as /buscar/; pages of up to 500, a stable order, `updated_since`; and
nothing the search would not show (the publication gate, observed rubros)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess
from conoceles.public.error_codes import PublicErrorCode
from conoceles.review.models import CandidacyWorkflow, PublicationEntry
from conoceles.review.states import State
from tests.factories import CandidacyFactory, announce
from tests.public.published import publish

from .helpers import data, get, published, search_page_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


def listing(client, world, **params):
    response = get(client, "candidacies", world.process.pk, params=params)
    assert response.status_code == 200, response.content
    return data(response)


def ids(client, world, **params) -> list[int]:
    return [item["id"] for item in listing(client, world, **params)["results"]]


@pytest.fixture
def field(world):
    """Ana (GUB, PAN, 47), Beto (MR1, PAN, 30, Maestría), Carla (MR15, MORENA, 29, joven), Dora (PM_OPB, coalition
    SHH, declared 61, mayor, Maestría): the search page's own example."""
    return {
        "Ana": published(world, "GUB", "PAN", first_name="Ana", birth_date=datetime.date(1980, 1, 1)),
        "Beto": published(
            world,
            "MR1",
            "PAN",
            first_name="Beto",
            sex="H",
            birth_date=datetime.date(1997, 6, 6),
            curricular={"education_level": "Maestría"},
        ),
        "Carla": published(
            world,
            "MR15",
            "MORENA",
            first_name="Carla",
            birth_date=datetime.date(1997, 6, 7),
            affirmative_action="youth",
        ),
        "Dora": published(
            world,
            "PM_OPB",
            "SHH",
            first_name="Dora",
            birth_date=None,
            declared_age=61,
            affirmative_action="elderly",
            curricular={"education_level": "Maestría"},
        ),
    }


QUERIES = [
    {},
    {"q": "beto"},
    {"q": "LÓPEZ  hernandez"},
    {"cargo": "DIP_MR"},
    {"actor": "PAN"},
    {"actor": "MORENA"},  # the coalition's candidacy counts for its member party
    {"actor": "SHH"},
    {"distrito": 1},
    {"distrito": 15, "sexo": "M"},
    {"municipio": "23004"},
    {"grado": "Maestría"},
    {"edad": "18-29"},
    {"edad": "30-39"},
    {"edad": "60+"},
    {"sexo": "H"},
    {"accion": "cualquiera"},
    {"accion": "youth"},
    {"actor": "PAN", "grado": "Maestría", "edad": "30-39"},
    {"orden": "cargo"},
    {"orden": "edad"},
    {"orden": "-edad", "sexo": "M"},
    {"q": "carla", "cargo": "GUB"},
]


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_the_same_query_finds_what_the_search_page_finds_in_its_order(client, world, field, params):
    keys = {
        "cargo": {k: c.pk for k, c in world.cargos.items()},
        "actor": {k: a.pk for k, a in world.actors.items()},
        "municipio": {k: m.pk for k, m in world.municipalities.items()},
    }
    query = {key: keys[key][value] if key in keys else value for key, value in params.items()}
    expected = search_page_ids(client, query)
    assert ids(client, world, **query) == expected
    if not params:
        assert len(expected) == 4  # the comparison is not between two empty lists


def test_a_result_carries_its_card_and_no_more(client, world, field):
    beto = field["Beto"]
    (item,) = listing(client, world, q="beto")["results"]
    assert item == {
        "id": beto.pk,
        "name": "Beto López Hernández",
        "position": "owner",
        "position_label": "Propietario",
        "formula_number": beto.formula_number,
        "sex": "Hombre",
        "age": 30,
        "cargo": {"id": world.cargos["DIP_MR"].pk, "name": world.cargos["DIP_MR"].name},
        "contest": {"id": world.contests["MR1"].pk, "name": world.contests["MR1"].name},
        "actor": {
            "id": world.actors["PAN"].pk,
            "acronym": "PAN",
            "name": "Partido Acción Nacional",
            "color": "#0059B3",
        },
        "education_level": "Maestría",
        "photo_url": f"http://testserver/candidatura/{beto.pk}/foto.jpg?v=x",
        "profile_url": f"http://testserver/candidatura/{beto.pk}/",
        "url": f"http://testserver/api/v1/candidacies/{beto.pk}",
        "updated_at": item["updated_at"],
    }
    assert datetime.datetime.fromisoformat(item["updated_at"]) <= timezone.now()


def test_pages_cover_everything_once_in_a_stable_order(client, world):
    # Twelve namesakes: only the id tells them apart, so the order within a name is the tie-break by id.
    made = [published(world, "RP", "PAN", first_name="Ana", formula_number=n) for n in range(1, 13)]
    whole = listing(client, world, page_size=500)
    assert whole["total"] == 12 and whole["pages"] == 1 and whole["page_size"] == 500
    assert [r["id"] for r in whole["results"]] == sorted(c.pk for c in made)
    pages = [listing(client, world, page=n, page_size=5) for n in (1, 2, 3)]
    assert [p["pages"] for p in pages] == [3, 3, 3] and [p["total"] for p in pages] == [12, 12, 12]
    assert [len(p["results"]) for p in pages] == [5, 5, 2]
    assert [r["id"] for p in pages for r in p["results"]] == [r["id"] for r in whole["results"]]
    assert listing(client, world, page=4, page_size=5)["results"] == []
    again = listing(client, world, page=2, page_size=5)
    assert again["results"] == pages[1]["results"]


def test_fifty_by_default_and_no_more_than_five_hundred(client, world):
    for n in range(1, 52):
        CandidacyFactory(contest=world.contests["RP"], actor=world.actors["PT"], formula_number=n)
    for candidacy in world.process.candidacies.all():
        publish(candidacy)
    first = listing(client, world)
    assert (first["page_size"], len(first["results"]), first["total"], first["pages"]) == (50, 50, 51, 2)
    assert len(listing(client, world, page_size=500)["results"]) == 51
    refused = get(client, "candidacies", world.process.pk, params={"page_size": 501})
    assert refused.status_code == 422
    body = data(refused)
    assert body["code"] == PublicErrorCode.INVALID_PARAMETER
    assert body["detail"] == "«page_size» debe ser menor o igual que 500."
    assert body["errors"] == [{"parameter": "page_size", "detail": "«page_size» debe ser menor o igual que 500."}]
    for bad in ({"page_size": 0}, {"page": 0}, {"page": "dos"}, {"edad": "99+"}, {"updated_since": "ayer"}):
        response = get(client, "candidacies", world.process.pk, params=bad)
        assert response.status_code == 422, bad
        assert data(response)["code"] == PublicErrorCode.INVALID_PARAMETER


def test_empty_parameters_are_no_filter_as_on_the_site(client, world, field):
    everything = ids(client, world)
    assert ids(client, world, q="", cargo="", actor="", distrito="", municipio="", grado="", sexo="") == everything


def test_a_filter_value_the_search_form_refuses_is_a_422_naming_it(client, world, field):
    other = ElectoralProcess.objects.create(name="Otro proceso", entity=23, election_day=datetime.date(2027, 6, 6))
    foreign_cargo = other.cargos.create(code="GUB", name="Gubernatura", scope="entity")
    for params in ({"cargo": foreign_cargo.pk}, {"grado": "Astronauta"}):
        response = get(client, "candidacies", world.process.pk, params=params)
        assert response.status_code == 422
        body = data(response)
        assert body["code"] == PublicErrorCode.INVALID_FILTER
        assert [e["parameter"] for e in body["errors"]] == list(params)
        assert "opción válida" in body["detail"]  # Django's Spanish message, as the form gives it


def test_an_unknown_or_archived_process_is_404(client, world):
    for pk in (world.process.pk + 100, world.process.pk):
        if pk == world.process.pk:
            ElectoralProcess.objects.filter(pk=pk).update(is_active=False)
        response = get(client, "candidacies", pk)
        assert response.status_code == 404
        assert data(response)["code"] == PublicErrorCode.PROCESS_NOT_FOUND
    assert get(client, "candidacies", 0).status_code == 422
    response = client.get(f"/api/v1/processes/{2**64}/candidacies")
    assert response.status_code == 422


def test_only_published_candidacies_and_only_their_public_rubros(client, world, field):
    not_validated = CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["MORENA"], first_name="Elsa")
    announce(not_validated)
    withdrawn = published(world, "GUB", "PT", first_name="Fabiola")
    CandidacyWorkflow.objects.filter(candidacy=withdrawn).update(state=State.DRAFT)
    announce(withdrawn)
    observed = published(
        world, "MR15", "PT", first_name="Gina", hidden_rubros=("education", "general"), curricular={"photo": "p/g.jpg"}
    )
    names = {item["name"].split()[0]: item for item in listing(client, world, page_size=500)["results"]}
    assert set(names) == {"Ana", "Beto", "Carla", "Dora", "Gina"}
    assert names["Gina"]["education_level"] is None and names["Gina"]["photo_url"] is None
    assert names["Ana"]["education_level"] == "Licenciatura" and names["Ana"]["photo_url"]
    assert observed.pk not in ids(client, world, grado="Licenciatura")  # an observed grado cannot be found
    # A window that closes takes the candidacies of its cargo away.
    cargo = world.cargos["GUB"]
    cargo.publication_end = timezone.localdate() - datetime.timedelta(days=1)
    cargo.publication_start = cargo.publication_end - datetime.timedelta(days=5)
    cargo.save()
    announce(cargo)
    assert "Ana" not in {item["name"].split()[0] for item in listing(client, world)["results"]}


def test_updated_since_finds_what_changed_and_what_opened(client, world, field):
    long_ago = timezone.now() - datetime.timedelta(days=2)  # before yesterday's last hour (the window test below)
    PublicationEntry.objects.update(updated_at=long_ago)
    assert ids(client, world, updated_since=(long_ago + datetime.timedelta(seconds=1)).isoformat()) == []
    before = timezone.now()
    announce(field["Carla"])  # what every writer of her published data does
    assert ids(client, world, updated_since=before.isoformat()) == [field["Carla"].pk]
    naive_local = timezone.localtime(before).replace(tzinfo=None).isoformat()  # without a zone: the institute's
    assert ids(client, world, updated_since=naive_local) == [field["Carla"].pk]
    assert len(ids(client, world, updated_since=long_ago.isoformat())) == 4
    # A window opening at midnight is a change nobody announces: the cargo's candidacies appear as changed then.
    cargo = world.cargos["DIP_MR"]
    cargo.publication_start = timezone.localdate()
    cargo.save()
    announce(cargo)
    PublicationEntry.objects.update(updated_at=long_ago)
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    opened = ids(client, world, updated_since=(midnight - datetime.timedelta(hours=1)).isoformat())
    assert sorted(opened) == sorted([field["Beto"].pk, field["Carla"].pk])
    assert ids(client, world, updated_since=(midnight + datetime.timedelta(hours=1)).isoformat()) == []
    # Dates far in the past or the future are no error.
    assert len(ids(client, world, updated_since="0001-01-01T00:00:00")) == 4
    assert ids(client, world, updated_since="9999-12-31T23:59:59+14:00") == []


@pytest.mark.parametrize("name", ["candidacies", "ballot"])
def test_a_page_costs_the_same_queries_whatever_its_size(client, world, settings, name, django_assert_num_queries):
    """No query per candidacy (tests/README.md, «Query counts»): a page of 3 and a page of 9 cost the same."""
    settings.PUBLIC_CACHE_ENABLED = False  # every request computes its answer
    params = {"page_size": 500} if name == "candidacies" else {"seccion": "101"}

    def add(count, start):
        for n in range(start, start + count):
            published(world, "RP", "PAN", formula_number=n, curricular={"photo": f"photos/p{n}.jpg"})
            published(world, "RP", "PAN", formula_number=n, position="alternate", sex="H")
            published(world, "GUB", "PT", formula_number=n, affirmative_action="youth")

    add(1, 1)
    get(client, name, world.process.pk, params=params)  # warm-up
    with CaptureQueriesContext(connection) as small:
        assert len(data(get(client, name, world.process.pk, params=params))) > 0
    queries = len(small)
    add(2, 2)
    get(client, name, world.process.pk, params=params)  # the change makes it read the kept catalogs again
    with django_assert_num_queries(queries):
        response = get(client, name, world.process.pk, params=params)
    body = data(response)
    count = body["total"] if name == "candidacies" else sum(c["candidacy_count"] for c in body["contests"])
    assert count == 9
