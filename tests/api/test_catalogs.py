"""The catalogs: GET /api/v1/processes, /processes/ID (cargos, districts, municipalities and the values of the
search's fixed-choice filters), /processes/ID/contests and /processes/ID/actors. Public fields only: never an actor's
contact e-mail; only current (active) processes."""

import datetime

import pytest

from conoceles.elections.models import ElectoralProcess
from conoceles.public.error_codes import PublicErrorCode
from conoceles.public.forms import SearchForm

from .helpers import data, get

pytestmark = pytest.mark.django_db


def ok(response):
    assert response.status_code == 200, response.content
    return data(response)


def test_the_current_processes_and_which_one_the_site_shows(client, world):
    create = ElectoralProcess.objects.create
    newer = create(name="Extraordinario 2027", entity=23, election_day=datetime.date(2027, 9, 5))
    create(name="Archivado 2024", entity=23, election_day=datetime.date(2024, 6, 2), is_active=False)
    body = ok(get(client, "processes"))
    assert body == [
        {
            "id": newer.pk,
            "name": "Extraordinario 2027",
            "entity": "Quintana Roo",
            "entity_code": 23,
            "election_day": "2027-09-05",
            "current": True,
        },
        {
            "id": world.process.pk,
            "name": world.process.name,
            "entity": "Quintana Roo",
            "entity_code": 23,
            "election_day": "2027-06-06",
            "current": False,
        },
    ]


def test_a_process_with_its_catalogs_and_the_filters_values(client, world):
    body = ok(get(client, "process", world.process.pk))
    assert body["current"] is True
    assert [c["code"] for c in body["cargos"]] == ["GUB", "DIP_MR", "DIP_RP", "PM"]
    gub = body["cargos"][0]
    assert gub == {
        "id": world.cargos["GUB"].pk,
        "code": "GUB",
        "name": "Gubernatura",
        "scope": "entity",
        "scope_label": "Toda la entidad",
        "order": 1,
        "publication_start": None,
        "publication_end": None,
    }
    assert body["districts"] == [{"number": 1, "head_town": "Cancún"}, {"number": 15, "head_town": "Chetumal"}]
    assert [(m["inegi_key"], m["name"]) for m in body["municipalities"]] == [
        ("23005", "Benito Juárez"),
        ("23004", "Othón P. Blanco"),
    ]
    form = SearchForm(None, world.process)
    for name, values in body["filters"].items():
        expected = [(str(v), str(label)) for v, label in form.fields[name].choices if v not in ("", None)]
        assert [(c["value"], c["label"]) for c in values] == expected, name
        assert values, name
    assert set(body["filters"]) == {"grado", "edad", "sexo", "accion", "orden"}


def test_contests_in_ballot_order_by_pages_and_by_cargo(client, world):
    body = ok(get(client, "contests", world.process.pk))
    assert [c["name"] for c in body["results"]] == [
        "Gubernatura",
        "Diputación local MR – Distrito 1 (Cancún)",
        "Diputación local MR – Distrito 15 (Chetumal)",
        "Diputación local RP",
        "Presidencia municipal – Benito Juárez",
        "Presidencia municipal – Othón P. Blanco",
    ]
    assert (body["total"], body["pages"], body["page"], body["page_size"]) == (6, 1, 1, 50)
    mr15 = body["results"][2]
    assert mr15["district"] == {"number": 15, "head_town": "Chetumal"} and mr15["municipality"] is None
    assert mr15["cargo"] == {"id": world.cargos["DIP_MR"].pk, "code": "DIP_MR", "name": "Diputación local MR"}
    pm = body["results"][5]
    assert pm["municipality"]["inegi_key"] == "23004" and pm["district"] is None
    second = ok(get(client, "contests", world.process.pk, params={"page": 2, "page_size": 4}))
    assert [c["id"] for c in second["results"]] == [c["id"] for c in body["results"][4:]]
    by_cargo = ok(get(client, "contests", world.process.pk, params={"cargo": world.cargos["PM"].pk}))
    assert [c["id"] for c in by_cargo["results"]] == [c["id"] for c in body["results"][4:]]


def test_actors_without_their_contact_email(client, world):
    world.actors["PAN"].contact_email = "enlace.privado@example.org"
    world.actors["PAN"].save()
    response = get(client, "actors", world.process.pk)
    body = ok(response)
    assert [a["acronym"] for a in body] == [a.acronym for a in world.process.actors.order_by("order", "acronym")]
    shh = next(a for a in body if a["acronym"] == "SHH")
    assert shh["kind"] == "coalition" and shh["kind_label"] == "Coalición"
    assert shh["member_ids"] == sorted([world.actors["MORENA"].pk, world.actors["PT"].pk])
    assert set(shh) == {"id", "kind", "kind_label", "acronym", "name", "color", "emblem_url", "member_ids"}
    assert "enlace.privado@example.org" not in response.content.decode()


@pytest.mark.parametrize("name", ["process", "contests", "actors", "candidacies", "statistics", "releases"])
def test_an_archived_process_is_not_in_the_api(client, world, name):
    ElectoralProcess.objects.filter(pk=world.process.pk).update(is_active=False)
    response = get(client, name, world.process.pk)
    assert response.status_code == 404
    assert data(response) == {
        "code": PublicErrorCode.PROCESS_NOT_FOUND,
        "detail": f"No hay un proceso electoral vigente número {world.process.pk}.",
    }
    assert ok(get(client, "processes")) == []
