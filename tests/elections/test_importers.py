"""Import of geography, cargos, contests and political actors."""

import pytest

from conoceles.elections.models import Cargo, Contest, District, Municipality, PoliticalActor, Section
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.services import import_file, import_rows
from tests.factories import ProcessFactory
from tests.imports.helpers import write_csv

pytestmark = pytest.mark.django_db

GEO_HEADER = ["SECCION", "DISTRITO", "CABECERA", "CLAVE_MUNICIPIO", "MUNICIPIO"]


@pytest.fixture
def process(db):
    return ProcessFactory(name="PELO 2027", entity=23)


def test_geography_builds_districts_municipalities_and_sections(process):
    rows = [
        ["1", "15-CHETUMAL", "", "004", "Othón P. Blanco"],
        ["2", " 15 ", "Chetumal", "23004", " Othón P. Blanco "],
        ["300", "1", "Cancún", "5", "Benito Juárez"],
    ]
    result = import_rows(process, "geography", GEO_HEADER, rows)
    assert result.ok, result.errors
    assert result.counts["created"] == 3
    assert result.counts["districts_created"] == 2 and result.counts["municipalities_created"] == 2
    assert District.objects.get(number=15).head_town == "Chetumal"
    assert Municipality.objects.get(inegi_key="23005").name == "Benito Juárez"
    section = Section.objects.get(number=300)
    assert (section.district.number, section.municipality.inegi_key) == (1, "23005")
    again = import_rows(process, "geography", GEO_HEADER, rows)
    assert again.ok and again.counts["unchanged"] == 3 and again.counts["created"] == 0
    assert not again.counts["districts_updated"] and not again.counts["municipalities_updated"]


def test_geography_moves_a_section_and_reports_bad_rows(process):
    import_rows(process, "geography", GEO_HEADER, [["1", "15", "Chetumal", "004", "Othón P. Blanco"]])
    moved = import_rows(process, "geography", GEO_HEADER, [["1", "14", "Chetumal II", "004", "Othón P. Blanco"]])
    assert moved.ok and moved.counts["updated"] == 1
    assert Section.objects.get(number=1).district.number == 14
    bad = import_rows(
        process,
        "geography",
        GEO_HEADER,
        [
            ["0", "15", "", "004", "Othón P. Blanco"],
            ["5", "Chetumal", "", "004", "Othón P. Blanco"],
            ["6", "15", "", "19039", "Monterrey"],
            ["7", "15", "", "004", ""],
        ],
    )
    assert {(e.row, e.column, e.code) for e in bad.errors} == {
        (2, "SECCION", ImportErrorCode.OUT_OF_RANGE),
        (3, "DISTRITO", ImportErrorCode.BAD_DISTRICT),
        (4, "CLAVE_MUNICIPIO", ImportErrorCode.BAD_MUNICIPALITY_KEY),
        (5, "MUNICIPIO", ImportErrorCode.REQUIRED),
    }
    assert Section.objects.count() == 1


def test_cargos_contests_and_scope_rules(process):
    import_rows(process, "geography", GEO_HEADER, [["1", "3", "Cozumel", "001", "Cozumel"]])
    cargos = import_rows(
        process,
        "cargos",
        ["CLAVE", "CARGO", "AMBITO", "ORDEN", "INICIO_PUBLICACION"],
        [
            ["GUB", "Gubernatura", "Estatal", "1", "04/04/2027"],
            ["dip_mr", "Diputación local MR", "distrital", "2", "2027-04-19"],
            ["DIP_RP", "Diputación local RP", "Representación proporcional", "3", ""],
            ["PM", "Presidencia municipal", "Municipal", "4", "2027-04-19"],
        ],
    )
    assert cargos.ok, cargos.errors
    assert Cargo.objects.get(code="DIP_MR").scope == Cargo.Scope.DISTRICT
    assert str(Cargo.objects.get(code="GUB").publication_start) == "2027-04-04"
    contests = import_rows(
        process,
        "contests",
        ["CARGO", "DISTRITO", "MUNICIPIO"],
        [
            ["Gubernatura", "", ""],
            ["DIP_MR", "3", ""],
            ["DIP_RP", "", ""],
            ["PM", "", "Cozumel"],
        ],
    )
    assert contests.ok, contests.errors
    assert set(Contest.objects.values_list("name", flat=True)) == {
        "Gubernatura",
        "Diputación local MR – Distrito 3 (Cozumel)",
        "Diputación local RP",
        "Presidencia municipal – Cozumel",
    }
    bad = import_rows(
        process,
        "contests",
        ["CARGO", "DISTRITO", "MUNICIPIO"],
        [
            ["DIP_MR", "", ""],
            ["PM", "3", "Cozumel"],
            ["GUB", "", ""],
            ["GUB", "", ""],
        ],
    )
    assert {(e.row, e.column, e.code) for e in bad.errors} == {
        (2, "DISTRITO", ImportErrorCode.REQUIRED),
        (3, "DISTRITO", ImportErrorCode.NOT_FOR_SCOPE),
        (5, "CARGO", ImportErrorCode.DUPLICATED_IN_FILE),
    }


def test_cargo_window_must_be_ordered(process):
    result = import_rows(
        process,
        "cargos",
        ["CLAVE", "CARGO", "AMBITO", "INICIO_PUBLICACION", "FIN_PUBLICACION"],
        [
            ["GUB", "Gubernatura", "entidad", "2027-05-01", "2027-04-01"],
            ["REG", "Regiduría", "galaxia", "", "2027-12-01"],
        ],
    )
    assert {(e.row, e.column, e.code) for e in result.errors} == {
        (2, "FIN_PUBLICACION", ImportErrorCode.WINDOW_REVERSED),
        (3, "AMBITO", ImportErrorCode.UNKNOWN_VALUE),
        (3, "FIN_PUBLICACION", ImportErrorCode.AFTER_ELECTION),
    }


def test_actors_with_coalition_members_in_any_order(process, tmp_path):
    header = ["SIGLAS", "NOMBRE", "TIPO", "COLOR", "INTEGRANTES", "CORREO"]
    rows = [
        ["SHH", "Sigamos Haciendo Historia", "Coalición", "a3102b", "MORENA, PT", ""],
        ["MORENA", "Morena", "Partido político", "#A3102B", "", "enlace@morena.example"],
        ["PT", "Partido del Trabajo", "partido", "", "", ""],
        ["CI-JP", "Juan Pérez", "Candidatura independiente", "#123456", "", ""],
    ]
    result = import_file(process, "actors", write_csv(tmp_path / "a.csv", header, rows))
    assert result.ok, result.errors
    coalition = PoliticalActor.objects.get(acronym="SHH")
    assert coalition.kind == PoliticalActor.Kind.COALITION and coalition.color == "#A3102B"
    assert set(coalition.members.values_list("acronym", flat=True)) == {"MORENA", "PT"}
    assert PoliticalActor.objects.get(acronym="PT").color == "#777777"
    again = import_file(process, "actors", write_csv(tmp_path / "a.csv", header, rows))
    assert again.ok and again.counts["unchanged"] == 4
    rows[0][4] = "MORENA, PT, PVEM"
    rows[3][4] = "PT"
    rows[2][3] = "rojo"
    bad = import_file(process, "actors", write_csv(tmp_path / "b.csv", header, rows))
    assert {(e.row, e.column, e.code) for e in bad.errors} == {
        (2, "INTEGRANTES", ImportErrorCode.UNKNOWN_MEMBER),
        (4, "COLOR", ImportErrorCode.BAD_COLOR),
        (5, "INTEGRANTES", ImportErrorCode.MEMBERS_NOT_ALLOWED),
    }
    assert set(coalition.members.values_list("acronym", flat=True)) == {"MORENA", "PT"}
