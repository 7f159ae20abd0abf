"""The INE's workbook, byte-exact, and the same data as CSV and JSON (DOMAIN.md §10, ../shared/INE-FORMAT.md).

The golden files (`golden/public.json`, `golden/institute.json`) hold every cell of both sheets for the election of
`scenario.py`, which shows every value form; they were read off the written workbook and checked by hand against
INE-FORMAT.md. The headers are also typed out here from INE-FORMAT.md, independently of `opendata/ine.py`.
"""

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from conoceles.opendata import ine, records, writers
from tests.opendata import scenario

GOLDEN = Path(__file__).parent / "golden"

INE_CANDIDATES_HEADERS = (  # noqa: SIM905 (typed as INE-FORMAT.md lists them)
    "PARTIDO_COALICION, CARGO, ENTIDAD, DISTRITO LOCAL, CIRCUNSCRIPCION, MUNICIPIO, NUM_LISTA_O_FORMULA, "
    "NOMBRE_CANDIDATO, TIPO_CANDIDATO, EDAD, SEXO, DIRECCION_CASA_CAMPAÑA, TELEFONO, CORREO_ELECTRONICO, PAGINA_WEB, "
    "REDES, ESCOLARIDAD, ESTATUS_ESCOLARIDAD, CURSOS, HISTORIA_PROFESIONAL, TRAYECTORIA_POLITICA, "
    "MOTIVO_CARGO_PUBLICO, PROPUESTA_1, PROPUESTA_2, PROPUESTA_GENERO"
).split(", ")
INE_QUESTIONS = [
    "1. ¿Se identifica como una persona indígena o como parte de algún pueblo o comunidad indígena?",
    "2. ¿Habla y/o entiende alguna lengua indígena nacional?",
    "3. ¿A qué pueblo y/o comunidad indígena pertenece?",
    "4. ¿Tiene alguna discapacidad?",
    "5. En caso de haber respondido afirmativamente la pregunta anterior, El tipo de discapacidad con el que vive es:",
    "6. En caso afirmativo, ¿de qué tipo?",
    "7. Su discapacidad le dificulta o impide:",
    "8. ¿Se considera una persona afromexicana o que forma parte de alguna comunidad afrodescendiente?",
    "9. ¿Es usted una persona de la población LGBTTTIQ+ (Lesbiana, Gay, Bisexual, Transgénero, Travesti, "
    "Transexual, Intersexual, Queer, No Binaria, u otra)?",
    "10. En caso de haber respondido afirmativamente a la pregunta anterior, usted se identifica como:",
    "11. ¿Es usted migrante?",
    "12. ¿En qué país reside?",
    "13. ¿Cuánto tiempo ha vivido en el extranjero?",
    "14. ¿Cuál fue el motivo de la residencia en el extranjero?",
    "15. Cuando emigró, ¿se encontraba con una situación regular de trabajo o con un lugar asegurado en alguna "
    "institución educativa del país extranjero?",
    "16. ¿Es parte de la población joven (entre 18 y 29 años)?",
    "17. ¿Es parte de la población de personas mayores (60 años o más)?",
    "18. ¿En cuál de los siguientes grupos de ingresos se encuentra?",
    "19. Su fuente principal de ingresos es:",
    "20. Entidad federativa de nacimiento: ",
]
INE_IDENTITY_HEADERS = [
    "PARTIDO_COALICION",
    "CARGO",
    "ENTIDAD",
    "DISTRITOLOCAL",
    "CIRCUNSCRIPCION",
    "MUNICIPIO",
    "NUM_LISTA_O_FORMULA",
    "NOMBRE_CANDIDATO",
    "TIPO_CANDIDATO",
    "EDAD",
    "SEXO",
    *INE_QUESTIONS,
]


def write(world, tmp_path, scope=records.Scope.PUBLIC) -> Path:
    directory = tmp_path / scope
    writers.write_files(
        records.records(world.process, scope), records.identity_headers(world.process), directory, meta={"v": 1}
    )
    return directory


def sheets(path: Path) -> dict[str, list[list]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


@pytest.fixture
def people(world):
    return scenario.build(world)


@pytest.mark.parametrize("scope", list(records.Scope))
def test_the_workbook_matches_the_golden_file_cell_by_cell(world, people, tmp_path, scope):
    written = sheets(write(world, tmp_path, scope) / writers.WORKBOOK)
    golden = json.loads((GOLDEN / f"{scope}.json").read_text(encoding="utf-8"))
    assert list(written) == ["CANDIDATOS", "CUESTIONARIO IDENTIDAD"]
    assert written == golden


def test_headers_and_value_forms_are_the_ines(world, people, tmp_path):
    written = sheets(write(world, tmp_path) / writers.WORKBOOK)
    candidates, identity = written["CANDIDATOS"], written["CUESTIONARIO IDENTIDAD"]
    assert candidates[0] == INE_CANDIDATES_HEADERS
    assert identity[0] == INE_IDENTITY_HEADERS
    assert identity[0][-1].endswith(": ")  # question 20's header keeps its trailing space
    rows = {row[7]: dict(zip(INE_CANDIDATES_HEADERS, row, strict=True)) for row in candidates[1:]}
    answers = {row[7]: dict(zip(INE_IDENTITY_HEADERS, row, strict=True)) for row in identity[1:]}
    assert [row[7] for row in candidates[1:]] == [row[7] for row in identity[1:]]  # same rows, same order

    maria, juan, ana = rows["María López Hernández"], rows["Juan Pérez Canul"], rows["Ana Canul May"]
    assert (maria["CARGO"], maria["TIPO_CANDIDATO"], maria["SEXO"]) == ("GUBERNATURA", "PROPIETARIA", "MUJER")
    assert (juan["CARGO"], juan["TIPO_CANDIDATO"], juan["SEXO"]) == ("DIPUTACIÓN LOCAL MR", "PROPIETARIO", "HOMBRE")
    assert ana["TIPO_CANDIDATO"] == "SUPLENTE"  # a woman suplente is SUPLENTE (the INE's own sheet says PROPIETARIA)
    assert juan["DISTRITO LOCAL"] == "15-CHETUMAL" and maria["DISTRITO LOCAL"] == "No aplica"
    assert rows["Alex Chan Uc"]["MUNICIPIO"] == "OTHON P. BLANCO" and juan["MUNICIPIO"] == "No aplica"
    assert rows["Rosa Díaz Pech"]["CIRCUNSCRIPCION"] == "1" and juan["CIRCUNSCRIPCION"] == "No aplica"
    assert isinstance(maria["NUM_LISTA_O_FORMULA"], int) and isinstance(maria["EDAD"], int)
    assert isinstance(maria["TELEFONO"], str)
    assert maria["REDES"] == "https://facebook.com/maria.lopez, https://x.com/marialopez"
    assert (maria["PAGINA_WEB"], maria["DIRECCION_CASA_CAMPAÑA"], maria["CURSOS"]) == ("No proporcionó",) * 3
    assert maria["CORREO_ELECTRONICO"] is None  # empty, as the INE writes it
    assert (maria["ESCOLARIDAD"], maria["ESTATUS_ESCOLARIDAD"]) == ("Preparatoria", "Trunco")
    assert (juan["ESCOLARIDAD"], juan["ESTATUS_ESCOLARIDAD"]) == ("Sin estudios", "No aplica")
    # Nothing captured: every curricular cell empty; a rubro under observation: its cells empty.
    assert all(rows["Alex Chan Uc"][h] is None for h in INE_CANDIDATES_HEADERS[11:])
    assert rows["Rosa Díaz Pech"]["PROPUESTA_1"] is None and rows["Rosa Díaz Pech"]["MOTIVO_CARGO_PUBLICO"]

    consented = answers["María López Hernández"]
    assert consented[INE_QUESTIONS[17]] == "De $11,001 a $25,000"
    assert consented[INE_QUESTIONS[18]] == "Compañía o empresa registrada, con 5 empleados o más"
    assert consented[INE_QUESTIONS[2]] == "Otro"  # never the «especifique» text
    assert consented[INE_QUESTIONS[6]] == "Caminar, subir o bajar escaleras, Ver, aunque use lentes"
    assert consented[INE_QUESTIONS[19]] == "Veracruz de Ignacio de la Llave"
    assert consented[INE_QUESTIONS[0]] == " "  # unanswered: one space
    # He answered (migrante: Sí) but did not consent: every answer cell blank.
    assert all(answers["Juan Pérez Canul"][q] is None for q in INE_QUESTIONS)
    assert "Laura Gómez Tun" not in rows  # captured, not validated: not public


def test_the_export_maps_our_catalog_wording_to_the_ines():
    assert ine.ine_label("Preparatoria/Bachillerato") == "Preparatoria"
    assert ine.ine_label("$75,001–$112,000") == "De $75,001 a $112,000"
    assert ine.ine_label("Maestría") == "Maestría"
    assert ine.upper_plain("Peñón Blanco") == "PEÑON BLANCO"
    assert ine.upper_plain("José María Morelos") == "JOSE MARIA MORELOS"
    assert ine.upper_plain("Argüello") == "ARGÜELLO"
    assert ine.cargo_label("Diputación local RP") == "DIPUTACIÓN LOCAL RP"


def test_csv_files_hold_the_sheets_in_utf8_with_bom(world, people, tmp_path):
    directory = write(world, tmp_path)
    workbook = sheets(directory / writers.WORKBOOK)
    for name, sheet in ((writers.CANDIDATES_CSV, "CANDIDATOS"), (writers.IDENTITY_CSV, "CUESTIONARIO IDENTIDAD")):
        raw = (directory / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
        rows = list(csv.reader((directory / name).open(encoding="utf-8-sig", newline="")))
        expected = [["" if v is None else str(v) for v in row] for row in workbook[sheet]]
        assert rows == expected


def test_json_in_the_shape_of_the_ines_federal_files(world, people, tmp_path):
    data = json.loads((write(world, tmp_path) / writers.INE_JSON).read_text(encoding="utf-8"))
    assert set(data) == {"candidatos", "redesSociales"}
    maria = next(c for c in data["candidatos"] if c["nombreCandidato"] == "María López Hernández")
    for key in ("idCandidato", "nombreAsociacion", "sexo", "edad", "correoElecPublico", "telefonoPublico"):
        assert key in maria
    assert maria["idCandidato"] == people["maria"].pk
    assert (maria["nombreAsociacion"], maria["edad"], maria["propuesta2"]) == (
        "Partido Acción Nacional",
        47,
        "Clínicas de salud con horario nocturno.",
    )
    assert maria["fechaNacimiento"] is None
    assert {"idCandidato": people["maria"].pk, "descripcionRed": "https://x.com/marialopez"} in data["redesSociales"]


def test_our_own_json_has_stable_ids_and_public_content_only(world, people, tmp_path):
    data = json.loads((write(world, tmp_path) / writers.OWN_JSON).read_text(encoding="utf-8"))
    assert data["v"] == 1
    by_id = {c["id"]: c for c in data["candidaturas"]}
    assert set(by_id) == {people[k].pk for k in ("maria", "juan", "ana", "alex", "rosa")}
    juan = by_id[people["juan"].pk]
    assert juan["contienda"]["id"] == people["juan"].contest_id
    assert juan["distrito"] == {"numero": 15, "cabecera": "Chetumal"}
    assert juan["identidad"] is None  # no consent
    assert by_id[people["rosa"].pk]["rubros"]["proposals"] is None  # observed
    assert by_id[people["maria"].pk]["identidad"][INE_QUESTIONS[17].strip()] == "De $11,001 a $25,000"
    assert scenario.SECRET_DETAIL not in json.dumps(data, ensure_ascii=False)


def test_a_text_that_looks_like_a_formula_stays_a_text(world, tmp_path):
    world.open_publication()
    candidacy = world.candidacy("GUB", "PAN")
    scenario.fill(candidacy, photo=False, proposal_1='=HYPERLINK("http://example.com","x")')
    scenario.publish(candidacy)
    sheet = openpyxl.load_workbook(write(world, tmp_path) / writers.WORKBOOK)["CANDIDATOS"]
    cell = sheet.cell(row=2, column=INE_CANDIDATES_HEADERS.index("PROPUESTA_1") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
