"""GET /api/v1/processes/ID/ballot?seccion=N: the ballot of /mi-boleta/ as data: the contests of the sección in the
ballot's order, their published fórmulas by actor, and the page's refusals with the same codes."""

import pytest

from conoceles.candidacies.models import Position, Sex
from conoceles.public.error_codes import PublicErrorCode
from tests.factories import CandidacyFactory

from .helpers import data, get, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


def ballot(client, world, seccion, status=200):
    response = get(client, "ballot", world.process.pk, params={"seccion": seccion})
    assert response.status_code == status, response.content
    return data(response)


def test_a_section_gets_every_contest_of_its_ballot_and_nothing_else(client, world):
    made = {key: published(world, key, "PAN", first_name=f"Persona{key}") for key in world.contests}
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["MORENA"], first_name="Inédita")  # unpublished
    body = ballot(client, world, "101")  # district 15, Othón P. Blanco
    assert body["section"] == {
        "number": 101,
        "district": {"number": 15, "head_town": "Chetumal"},
        "municipality": {
            "id": world.municipalities["23004"].pk,
            "inegi_key": "23004",
            "name": "Othón P. Blanco",
        },
    }
    assert [c["name"] for c in body["contests"]] == [
        "Gubernatura",
        "Diputación local MR – Distrito 15 (Chetumal)",
        "Diputación local RP",
        "Presidencia municipal – Othón P. Blanco",
    ]
    shown = [f["owner"]["id"] for c in body["contests"] for a in c["actors"] for f in a["formulas"]]
    assert shown == [made[key].pk for key in ("GUB", "MR15", "RP", "PM_OPB")]
    assert [c["candidacy_count"] for c in body["contests"]] == [1, 1, 1, 1]
    other = ballot(client, world, " 202 ")  # spaces are forgiven, as on the page
    assert made["MR1"].pk in [f["owner"]["id"] for c in other["contests"] for a in c["actors"] for f in a["formulas"]]


def test_fórmulas_by_actor_with_owner_and_alternate(client, world):
    world.actors["PT"].order, world.actors["PAN"].order = 1, 2
    world.actors["PT"].save()
    world.actors["PAN"].save()
    people = {}
    for actor, number in (("PT", 1), ("PAN", 2), ("PAN", 1)):
        people[actor, number] = published(world, "RP", actor, formula_number=number, first_name=f"Prop{actor}{number}")
        people[actor, number, "s"] = published(
            world, "RP", actor, formula_number=number, position=Position.ALTERNATE, sex=Sex.MAN
        )
    rp = next(c for c in ballot(client, world, "101")["contests"] if c["name"] == "Diputación local RP")
    assert [a["actor"]["acronym"] for a in rp["actors"]] == ["PT", "PAN"]
    pan = rp["actors"][1]["formulas"]
    assert [f["number"] for f in pan] == [1, 2]
    assert pan[0]["owner"]["id"] == people["PAN", 1].pk and pan[0]["alternate"]["id"] == people["PAN", 1, "s"].pk
    assert pan[0]["alternate"]["position_label"] == "Suplente"
    assert pan[0]["owner"]["profile_url"] == f"http://testserver/candidatura/{people['PAN', 1].pk}/"
    assert rp["candidacy_count"] == 6


@pytest.mark.parametrize(
    "seccion,status,code",
    [
        ("12a", 422, PublicErrorCode.NOT_A_NUMBER),
        ("999", 404, PublicErrorCode.UNKNOWN),
        ("99999999", 404, PublicErrorCode.UNKNOWN),
        ("", 422, PublicErrorCode.INVALID_PARAMETER),
        ("12345678901", 422, PublicErrorCode.INVALID_PARAMETER),  # longer than the form's field
    ],
)
def test_what_is_not_a_known_section_is_refused_with_the_pages_code(client, world, seccion, status, code):
    body = ballot(client, world, seccion, status=status)
    assert body["code"] == code
    assert body["detail"]  # the page's Spanish message
    if code == PublicErrorCode.UNKNOWN:
        assert "No encontramos la sección" in body["detail"]
    if code == PublicErrorCode.NOT_A_NUMBER:
        assert body["detail"].startswith("La sección electoral es un número")


def test_the_section_is_required(client, world):
    response = get(client, "ballot", world.process.pk)
    assert response.status_code == 422
    body = data(response)
    assert body["code"] == PublicErrorCode.INVALID_PARAMETER
    assert body["errors"] == [{"parameter": "seccion", "detail": "«seccion» es obligatorio."}]
