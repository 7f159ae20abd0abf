"""Reading the INE's open-data workbook as an import (conoceles.opendata.ine_import): into an empty installation and
into an existing process, from .xlsx and .xls, by the command and by the staff screen."""

import datetime
import re

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy, Position, Sex
from conoceles.changes import AfterCommit
from conoceles.elections.models import Cargo, ElectoralProcess, Municipality, PoliticalActor
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.models import ImportJob
from conoceles.imports.services import import_file, import_rows
from conoceles.opendata import ine
from conoceles.questionnaires.models import (
    CaptureRules,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    IdentityQuestion,
)
from conoceles.review.models import CandidacyWorkflow
from tests.public.profile_data import consent, publish

pytestmark = pytest.mark.django_db

JORNADA = datetime.date(2027, 6, 6)
QUESTIONS = (*ine.IDENTITY_ID_HEADERS, *ine.QUESTION_HEADERS.values())


def candidate(number, name, **cells):
    """A CANDIDATOS row as the INE writes it: a woman owner of the PAN for district 15 of Quintana Roo, nothing
    captured ('' in every curricular cell); `cells` by header."""
    row = {
        "PARTIDO_COALICION": "PAN",
        "CARGO": "DIPUTACIÓN LOCAL MR",
        "ENTIDAD": "QUINTANA ROO",
        "DISTRITO LOCAL": "15-CHETUMAL",
        "CIRCUNSCRIPCION": "No aplica",
        "MUNICIPIO": "No aplica",
        "NUM_LISTA_O_FORMULA": number,
        "NOMBRE_CANDIDATO": name,
        "TIPO_CANDIDATO": "PROPIETARIA",
        "EDAD": 45,
        "SEXO": "MUJER",
    }
    return {**row, **dict.fromkeys((h for h, _ in ine.CURRICULAR_COLUMNS), ""), **cells}


def identity(row, answers=None, **cells):
    """Its CUESTIONARIO IDENTIDAD row: `row`'s identification cells, `answers` by question number, ' ' elsewhere."""
    ids = {theirs: row[ours] for ours, theirs in zip(ine.ID_HEADERS, ine.IDENTITY_ID_HEADERS, strict=True)}
    given = {ine.QUESTION_HEADERS[n]: (answers or {}).get(n, ine.UNANSWERED) for n in ine.QUESTION_HEADERS}
    return {**ids, **cells, **given}


def sheets(candidates, identities, rename):
    header = [rename.get(h, h) for h in ine.CANDIDATES_HEADERS]
    return (
        (ine.CANDIDATES_SHEET, header, [[r[h] for h in ine.CANDIDATES_HEADERS] for r in candidates]),
        (ine.IDENTITY_SHEET, list(QUESTIONS), [[r[h] for h in QUESTIONS] for r in identities]),
    )


def xlsx(path, candidates, identities=(), rename=None):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, header, rows in sheets(candidates, identities, rename or {}):
        sheet = workbook.create_sheet(name)
        for cells in (header, *rows):
            sheet.append(cells)
    workbook.save(path)
    return path


def xls(path, candidates, identities=(), rename=None):
    """Old-style Excel (BIFF8), as the INE publishes it."""
    book = xlwt.Workbook(encoding="utf-8")
    for name, header, rows in sheets(candidates, identities, rename or {}):
        sheet = book.add_sheet(name)
        for r, cells in enumerate((header, *rows)):
            for c, value in enumerate(cells):
                sheet.write(r, c, value)
    book.save(str(path))
    return path


CURRICULAR = {
    "DIRECCION_CASA_CAMPAÑA": "Av. Héroes 100,\r\nChetumal",
    "TELEFONO": "No proporcionó",
    "CORREO_ELECTRONICO": "",
    "PAGINA_WEB": "www.mariajose.mx",
    "REDES": "https://www.facebook.com/mariajose, https://twitter.com/mjose, instagram.com/mj, https://mastodon.social/@mj",
    "ESCOLARIDAD": "Preparatoria",
    "ESTATUS_ESCOLARIDAD": "Trunca",
    "CURSOS": "Diplomado\u00a0en  gestión\r\n\r\nTaller\t de paridad ",
    "HISTORIA_PROFESIONAL": "Docente rural.",
    "TRAYECTORIA_POLITICA": "Regidora.",
    "MOTIVO_CARGO_PUBLICO": "Servir.",
    "PROPUESTA_1": "Agua.",
    "PROPUESTA_2": "Salud.",
    "PROPUESTA_GENERO": "No proporcionó",
}
ANSWERS = {
    1: "Sí",
    2: "Prefiero no contestar",
    3: "Maya",
    4: "Sí",
    5: "Permanente",
    6: "No aplica",
    7: "Caminar, subir o bajar escaleras, Ver, aunque use lentes",
    9: "Sí",
    10: "Queer",
    11: "No",
    12: "No aplica",
    16: "",
    17: "No proporcionó",
    18: "De $11,001 a $25,000",
    19: "Compañía o empresa registrada, con 5 empleados o más",
    20: "Quintana Roo",
}
STORED = {
    1: {"Sí"},
    2: {"Prefiero no contestar"},
    3: {"Maya"},
    4: {"Sí"},
    5: {"Permanente"},
    7: {"Caminar, subir o bajar escaleras", "Ver, aunque use lentes"},
    9: {"Sí"},
    10: {"Persona queer o no binaria"},
    11: {"No"},
    18: {"$11,001–$25,000"},
    19: {"Compañía o empresa registrada con 5 empleados o más"},
    20: {"Quintana Roo"},
}
OWNER = candidate(100234, "MARÍA  JOSÉ LÓPEZ HERNÁNDEZ", PARTIDO_COALICION="VA POR QUINTANA ROO.", **CURRICULAR)
ALTERNATE = candidate(100234, "ROSA CANUL PECH", PARTIDO_COALICION="VA POR QUINTANA ROO")  # PROPIETARIA: INE's error
LIST = candidate(200001, "MARÍA JOSÉ LÓPEZ HERNÁNDEZ", CARGO="DIPUTACIÓN LOCAL RP", EDAD=46, CIRCUNSCRIPCION="1")
LIST["DISTRITO LOCAL"] = "No aplica"
MAYOR = candidate(
    300001,
    "JUAN PÉREZ",
    PARTIDO_COALICION="MORENA",
    CARGO="PRESIDENCIA MUNICIPAL",
    MUNICIPIO="OTHON P. BLANCO",
    TIPO_CANDIDATO="PROPIETARIO",
    SEXO="HOMBRE",
)
MAYOR["DISTRITO LOCAL"] = "No aplica"
GOVERNOR = candidate(400001, "ANA", PARTIDO_COALICION="VA POR QUINTANA ROO", CARGO="GUBERNATURA")
GOVERNOR["DISTRITO LOCAL"] = "No aplica"
ROWS = [OWNER, ALTERNATE, LIST, MAYOR, GOVERNOR]
# In another order than CANDIDATOS, and none for the mayor: the sheets are joined on fórmula and name.
IDENTITIES = [
    identity(GOVERNOR),
    identity(ALTERNATE, {1: "No"}, TIPO_CANDIDATO="SUPLENTE"),
    identity(LIST, {1: "No"}),
    identity(OWNER, ANSWERS),
]


def run(path, process=None, **options):
    return import_file(process, "ine", path, **options)


@pytest.fixture
def workbook(tmp_path):
    return xlsx(tmp_path / "baseDatosCandidatos.xlsx", ROWS, IDENTITIES)


@pytest.fixture
def imported(workbook):
    """The workbook imported into an empty installation."""
    result = run(workbook, election_day=JORNADA)
    assert result.ok, result.errors
    return result


def by_id():
    """«INE-<fórmula>-<P|S>» -> candidacy (each fórmula of these files is unique; the registration id also names
    the contest and the actor: «INE-<contest>-<actor>-<fórmula>-<P|S>»)."""
    found = {}
    for c in Candidacy.objects.select_related("contest__cargo", "actor"):
        assert c.registration_id == f"INE-{c.contest_id}-{c.actor_id}-{c.formula_number}-{c.registration_id[-1]}"
        found[f"INE-{c.formula_number}-{c.registration_id[-1]}"] = c
    return found


def labels(candidacy):
    return {
        a.question.number: {o.label for o in a.options.all()}
        for a in IdentityAnswer.objects.filter(candidacy=candidacy).select_related("question")
    }


def test_an_empty_installation_gets_the_process_and_everything_the_file_names(imported):
    process = ElectoralProcess.objects.get()
    assert process.name == "Proceso Electoral Local Quintana Roo 2027"
    assert (process.entity, process.election_day) == (23, JORNADA)
    assert IdentityQuestion.objects.filter(process=process).count() == 20 and CaptureRules.objects.get(process=process)
    assert {c.name: c.scope for c in Cargo.objects.all()} == {
        "Diputación local MR": Cargo.Scope.DISTRICT,
        "Diputación local RP": Cargo.Scope.LIST,
        "Presidencia municipal": Cargo.Scope.MUNICIPALITY,
        "Gubernatura": Cargo.Scope.ENTITY,
    }
    assert [(d.number, d.head_town) for d in process.districts.all()] == [(15, "Chetumal")]
    assert [(m.inegi_key, m.name) for m in Municipality.objects.all()] == [("23999", "Othon P. Blanco")]
    assert sorted(process.contests.values_list("name", flat=True)) == [
        "Diputación local MR – Distrito 15 (Chetumal)",
        "Diputación local RP – Circunscripción 1",
        "Gubernatura",
        "Presidencia municipal – Othon P. Blanco",
    ]
    # «VA POR QUINTANA ROO.» and «VA POR QUINTANA ROO» are one coalition
    assert sorted(PoliticalActor.objects.values_list("name", flat=True)) == ["MORENA", "PAN", "VA POR QUINTANA ROO"]
    counts = imported.counts
    assert (counts["processes_created"], counts["cargos_created"], counts["contests_created"]) == (1, 4, 4)
    assert (counts["districts_created"], counts["municipalities_created"], counts["actors_created"]) == (1, 1, 3)
    assert counts["created"] == 5 and counts["curricular_created"] == 1


def test_candidacies_keep_the_file_s_names_numbers_ages_and_positions(imported):
    found = by_id()
    assert set(found) == {"INE-100234-P", "INE-100234-S", "INE-200001-P", "INE-300001-P", "INE-400001-P"}
    owner, alternate, listed = found["INE-100234-P"], found["INE-100234-S"], found["INE-200001-P"]
    assert (owner.first_name, owner.last_name, owner.second_last_name) == ("MARÍA JOSÉ", "LÓPEZ", "HERNÁNDEZ")
    assert (owner.formula_number, owner.position, owner.sex) == (100234, Position.OWNER, Sex.WOMAN)
    assert owner.declared_age == 45
    assert owner.actor == alternate.actor and owner.contest == alternate.contest
    assert alternate.position == Position.ALTERNATE  # the identity sheet's word, not CANDIDATOS'
    # one person in two candidacies stays two, each with its own age
    assert listed.full_name == owner.full_name and listed.declared_age == 46
    assert listed.contest.cargo.code == "DIPUTACION_LOCAL_RP"
    for row in ROWS:
        candidacy = found[f"INE-{row['NUM_LISTA_O_FORMULA']}-{'S' if row is ALTERNATE else 'P'}"]
        assert candidacy.full_name == " ".join(row["NOMBRE_CANDIDATO"].split())
    assert (found["INE-300001-P"].last_name, found["INE-400001-P"].first_name) == ("PÉREZ", "ANA")
    assert not CandidacyWorkflow.objects.exists()  # in capture: nothing validated


def test_warnings_name_the_sheets_and_the_rows(imported):
    found = {(w.row, w.column, w.code) for w in imported.warnings}
    assert found == {
        (3, "TIPO_CANDIDATO", ImportErrorCode.POSITION_FROM_IDENTITY),
        (0, "", ImportErrorCode.NO_SECTIONS),
    }
    position = next(w for w in imported.warnings if w.row == 3)
    assert "CUESTIONARIO IDENTIDAD (fila 3)" in position.message and "se importa como SUPLENTE" in position.message


def test_curricular_texts_contact_and_networks(imported):
    questionnaire = CurricularQuestionnaire.objects.get()
    assert (questionnaire.candidacy.formula_number, questionnaire.candidacy.position) == (100234, "owner")
    assert questionnaire.campaign_address == "Av. Héroes 100, Chetumal"
    assert (questionnaire.public_phone, questionnaire.public_email) == ("", "")  # «No proporcionó», ''
    assert questionnaire.website == "https://www.mariajose.mx"
    assert (questionnaire.facebook, questionnaire.x) == ("https://www.facebook.com/mariajose", "https://twitter.com/mjose")
    assert (questionnaire.instagram, questionnaire.other_network) == ("https://instagram.com/mj", "https://mastodon.social/@mj")
    assert (questionnaire.education_level, questionnaire.education_status) == ("Preparatoria/Bachillerato", "Trunco")
    assert questionnaire.other_training == "Diplomado en gestión\n\nTaller de paridad"
    assert (questionnaire.proposal_1, questionnaire.proposal_gender) == ("Agua.", "")
    assert CurricularQuestionnaire.history.get().history_change_reason == "Importación de datos abiertos del INE"


def test_identity_answers_map_to_the_process_options_without_consent(imported):
    found = by_id()
    assert labels(found["INE-100234-P"]) == STORED
    assert labels(found["INE-100234-S"]) == {1: {"No"}}
    assert labels(found["INE-300001-P"]) == {}  # no identity row
    assert not ConsentRecord.objects.exists()
    # the history screen reads each record's options from django-simple-history's snapshot
    record = IdentityAnswer.history.get(candidacy_id=found["INE-100234-P"].pk, question__number=7)
    snapshot = IdentityAnswer.history.model._meta.get_field("historicalidentityanswer_options").related_model
    chosen = snapshot.objects.filter(history=record).values_list("identityoption__label", flat=True)
    assert set(chosen) == STORED[7] and record.history_type == "+"


def test_the_preview_writes_nothing(workbook):
    result = run(workbook, election_day=JORNADA, dry_run=True)
    assert result.ok and (result.counts["processes_created"], result.counts["created"]) == (1, 5)
    for model in (ElectoralProcess, Cargo, PoliticalActor, Candidacy, IdentityQuestion, CaptureRules):
        assert not model.objects.exists()


def test_a_bad_row_writes_nothing(tmp_path):
    bad = candidate(500001, "EVA DZIB", EDAD="cuarenta", ESCOLARIDAD="Ingeniería", PROPUESTA_1="x")
    unnumbered = candidate(" ", "LIA UC", SEXO="OTRO")
    result = run(xlsx(tmp_path / "malo.xlsx", [*ROWS, bad, unnumbered], IDENTITIES), election_day=JORNADA)
    assert {(e.row, e.column, e.code) for e in result.errors} == {
        (7, "EDAD", ImportErrorCode.NOT_A_NUMBER),
        (7, "ESCOLARIDAD", ImportErrorCode.UNKNOWN_VALUE),
        (8, "NUM_LISTA_O_FORMULA", ImportErrorCode.REQUIRED),
        (8, "SEXO", ImportErrorCode.UNKNOWN_VALUE),
    }
    assert not ElectoralProcess.objects.exists() and not Candidacy.objects.exists()


def test_an_entity_without_a_process_needs_the_election_day(workbook):
    result = run(workbook)
    assert result.error_count == len(ROWS)
    assert result.errors[0].code == ImportErrorCode.PROCESS_MISSING
    assert "No hay un proceso electoral de Quintana Roo: indique la jornada electoral" in result.errors[0].message
    assert not ElectoralProcess.objects.exists()


def test_the_join_refuses_identity_rows_without_their_candidacy(tmp_path):
    stranger = candidate(999999, "NADIE")
    identities = [*IDENTITIES, identity(stranger), identity(OWNER)]
    result = run(xlsx(tmp_path / "huerfana.xlsx", ROWS, identities), election_day=JORNADA)
    column = "CUESTIONARIO IDENTIDAD: NOMBRE_CANDIDATO"
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (6, column, ImportErrorCode.NOT_IN_CANDIDATES),
        (7, column, ImportErrorCode.DUPLICATED_IN_FILE),
    ]
    assert result.errors[0].message == "La fórmula 999999 de «NADIE» no está en la hoja CANDIDATOS."
    assert "ya aparece en la fila 5 de la hoja CUESTIONARIO IDENTIDAD" in result.errors[1].message
    assert not Candidacy.objects.exists()


def test_one_formula_and_position_twice_is_refused(world, tmp_path):
    """A suplente the CANDIDATOS sheet calls PROPIETARIA, without the identity row that corrects it."""
    rows = [candidate(5, "ANA UNO"), candidate(5, "BETY DOS")]
    result = run(xlsx(tmp_path / "dos.xlsx", rows))
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (3, "NUM_LISTA_O_FORMULA", ImportErrorCode.DUPLICATED_IN_FILE)
    ]
    assert re.fullmatch(r"«INE-\d+-\d+-5-P» ya aparece en la fila 2 de este archivo\.", result.errors[0].message)
    assert not Candidacy.objects.exists()


def test_into_an_existing_process(world, tmp_path):
    """The world's cargos, district, contest and actor are found («PAN.» is the PAN); nothing new is created."""
    rows = [candidate(7, "LUCÍA POOL CHI", PARTIDO_COALICION="PAN.")]
    result = run(xlsx(tmp_path / "qroo.xlsx", rows, rename={"DISTRITO LOCAL": " DISTRITOLOCAL "}))
    assert result.ok, result.errors
    candidacy = Candidacy.objects.get()
    assert (candidacy.process, candidacy.contest, candidacy.actor) == (
        world.process,
        world.contests["MR15"],
        world.actors["PAN"],
    )
    assert result.counts["created"] == 1 and not any(v for k, v in result.counts.items() if k.endswith("_created"))
    assert ElectoralProcess.objects.count() == 1
    assert all(w.code != ImportErrorCode.NO_SECTIONS for w in result.warnings)  # the world has its secciones


def test_importing_the_same_file_again_changes_nothing(imported, workbook):
    again = run(workbook, election_day=JORNADA)
    assert again.ok and again.counts["unchanged"] == 5
    assert not {"created", "updated", "curricular_created", "curricular_updated", "answers_written"} & {
        k for k, v in again.counts.items() if v
    }
    assert Candidacy.objects.count() == 5 and ElectoralProcess.objects.count() == 1


def test_text_over_the_limit_is_kept_whole_with_a_warning(world, tmp_path):
    courses = "Curso de oratoria. " * 70  # 1,330 characters; the limit is 1,000
    result = run(xlsx(tmp_path / "largo.xlsx", [candidate(8, "IRMA KU UC", CURSOS=courses, ESCOLARIDAD="Maestría")]))
    assert result.ok
    assert CurricularQuestionnaire.objects.get().other_training == courses.strip()
    warning = next(w for w in result.warnings if w.code == ImportErrorCode.OVER_LIMIT)
    assert (warning.row, warning.column) == (2, "CURSOS")
    assert warning.message == "Tiene 1,329 caracteres; el máximo del proceso es 1,000. Se importó completo."


def test_an_answer_its_parent_does_not_open_is_left_out_with_a_warning(world, tmp_path):
    row = candidate(9, "RUTH CHAN MAY")
    result = run(xlsx(tmp_path / "p5.xlsx", [row], [identity(row, {4: "No", 5: "Temporal"})]))
    assert labels(Candidacy.objects.get()) == {4: {"No"}}
    assert [(w.column, w.code) for w in result.warnings] == [
        ("CUESTIONARIO IDENTIDAD: pregunta 5", ImportErrorCode.HIDDEN_ANSWER)
    ]


def test_an_unknown_answer_is_an_error_naming_the_identity_row(world, tmp_path):
    row = candidate(9, "RUTH CHAN MAY")
    result = run(xlsx(tmp_path / "p1.xlsx", [row], [identity(row, {1: "Quizá"})]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "CUESTIONARIO IDENTIDAD: pregunta 1")]
    assert "(fila 2 de la hoja CUESTIONARIO IDENTIDAD)" in result.errors[0].message
    assert not Candidacy.objects.exists()


def test_imported_answers_do_not_publish_a_group_without_consent(world, tmp_path, client, settings):
    settings.PUBLIC_CACHE_ENABLED = False
    row = candidate(10, "SARA EK BALAM", **CURRICULAR)
    run(xlsx(tmp_path / "p.xlsx", [row], [identity(row, {1: "Sí"})]))
    candidacy = Candidacy.objects.get()
    publish(candidacy)
    label = AffirmativeActionGroup.INDIGENOUS.label
    assert label not in client.get(reverse("public:profile", args=[candidacy.pk])).content.decode()
    consent(candidacy, True)  # she consents in the system: now her answer publishes
    assert label in client.get(reverse("public:profile", args=[candidacy.pk])).content.decode()


def test_the_import_announces_the_candidacies_it_wrote(workbook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert run(workbook, election_day=JORNADA).ok
    announced = {pk for callback in callbacks if isinstance(callback, AfterCommit) for pk in callback.candidacy_ids}
    assert announced == set(Candidacy.objects.values_list("pk", flat=True)) != set()


def test_an_xls_workbook_reads_the_same(tmp_path):
    result = run(xls(tmp_path / "baseDatosCandidatos.xls", ROWS, IDENTITIES), election_day=JORNADA)
    assert result.ok, result.errors
    owner = by_id()["INE-100234-P"]
    assert (owner.formula_number, owner.declared_age, owner.full_name) == (100234, 45, "MARÍA JOSÉ LÓPEZ HERNÁNDEZ")
    assert labels(owner) == STORED
    assert CurricularQuestionnaire.objects.get().other_training == "Diplomado en gestión\n\nTaller de paridad"


def test_the_geography_import_gives_the_municipality_its_key(imported):
    process = ElectoralProcess.objects.get()
    header = ["SECCION", "DISTRITO", "CLAVE_MUNICIPIO", "MUNICIPIO"]
    assert import_rows(process, "geography", header, [["101", "15", "23004", "Othón P. Blanco"]]).ok
    municipality = Municipality.objects.get()
    assert (municipality.inegi_key, municipality.name) == ("23004", "Othón P. Blanco")
    mayor = process.contests.get(cargo__code="PRESIDENCIA_MUNICIPAL")
    assert process.sections.get().municipality == municipality == mayor.municipality


OTHER_ENTITY = candidate(600001, "LAURA GÓMEZ", ENTIDAD="DURANGO")


def test_the_command_previews_and_picks_one_entity(tmp_path, capsys):
    path = xlsx(tmp_path / "dos.xlsx", [*ROWS, OTHER_ENTITY], IDENTITIES)
    call_command("import_ine", str(path), "--entidad", "Durango", "--jornada", "2027-06-06", "--dry-run")
    assert "Validadas 6 filas" in capsys.readouterr().out and not ElectoralProcess.objects.exists()
    call_command("import_ine", str(path), "--entidad", "durango", "--jornada", "2027-06-06")
    out = capsys.readouterr()
    assert "Importadas 6 filas" in out.out and "skipped=5" in out.out and "Aviso:" in out.err
    assert list(ElectoralProcess.objects.values_list("name", "entity")) == [
        ("Proceso Electoral Local Durango 2027", 10)
    ]
    assert Candidacy.objects.get().full_name == "LAURA GÓMEZ"
    with pytest.raises(CommandError, match="«Narnia» no es una entidad federativa"):
        call_command("import_ine", str(path), "--entidad", "Narnia")
    with pytest.raises(CommandError, match="5 errores en 5 filas; no se guardó nada"):
        call_command("import_ine", str(path), "--entidad", "Quintana Roo")  # no process and no jornada


def test_the_staff_screen_uploads_previews_and_confirms(staff_client, workbook):
    upload = SimpleUploadedFile("baseDatosCandidatos.xlsx", workbook.read_bytes())
    data = {"process": "", "kind": "ine", "file": upload, "election_day": "2027-06-06"}
    page = staff_client.post(reverse("imports:list"), data, follow=True).content.decode()
    assert "Lista para importar" in page and "Procesos electorales nuevos" in page and "Avisos" in page
    assert "se importa como SUPLENTE" in page and "el proceso de cada entidad del archivo" in page
    assert not Candidacy.objects.exists()
    job = ImportJob.objects.get()
    page = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True).content.decode()
    assert "Importación terminada" in page
    assert Candidacy.objects.count() == 5
    assert Candidacy.history.filter(history_user__username="coordinadora").count() == 5


def test_the_screen_refuses_other_files_for_the_ine_and_a_missing_process_for_the_rest(staff_client):
    csv = SimpleUploadedFile("datos.csv", b"A,B\n1,2\n")
    page = staff_client.post(reverse("imports:list"), {"kind": "ine", "file": csv}).content.decode()
    assert "El archivo debe ser .xls o .xlsx." in page
    page = staff_client.post(reverse("imports:list"), {"kind": "candidacies", "file": csv}).content.decode()
    assert "Elija el proceso electoral." in page
    assert not ImportJob.objects.exists()
