"""Import of approved candidacies: all or nothing, re-runnable, updates by identifier, substitutions."""

import codecs
import datetime
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from conoceles.candidacies.models import Candidacy
from conoceles.core.text import fold
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.services import import_file, import_rows
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row, valid_rows, write_csv, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_valid_file_creates_every_candidacy(world, tmp_path):
    path = write_csv(tmp_path / "candidaturas.csv", CANDIDACY_HEADER, valid_rows())
    result = import_file(world.process, "candidacies", path)
    assert result.ok, result.errors
    assert result.created == 60
    assert Candidacy.objects.count() == 60
    governor = Candidacy.objects.get(registration_id="G-2")
    assert governor.contest == world.contests["GUB"]
    assert governor.actor == world.actors["SHH"]
    assert governor.sex == "H" and governor.position == "owner"
    assert governor.search_name == "jose munoz pech"
    assert Candidacy.objects.get(registration_id="MR-1-P").contest == world.contests["MR15"]
    assert Candidacy.objects.get(registration_id="MR-2-P").contest == world.contests["MR1"]
    assert governor.history.count() == 1


def test_a_bad_row_57_rolls_back_everything_and_is_named(world, tmp_path):
    existing = Candidacy.objects.create(
        process=world.process,
        registration_id="OLD-1",
        contest=world.contests["PM_OPB"],
        actor=world.actors["PAN"],
        position="owner",
        first_name="Luz",
        last_name="Chan",
        sex="M",
        declared_age=40,
    )
    rows = valid_rows()
    rows[55][10] = "DESCONOCIDO"  # SEXO on spreadsheet row 57 (header is row 1)
    path = write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, rows)
    result = import_file(world.process, "candidacies", path)
    assert not result.ok
    assert [(e.row, e.column, e.code) for e in result.errors] == [(57, "SEXO", ImportErrorCode.UNKNOWN_VALUE)]
    assert "no es un sexo" in result.errors[0].message
    assert list(Candidacy.objects.all()) == [existing]


def test_every_bad_row_is_reported_with_column_and_spanish_reason(world, tmp_path):
    rows = valid_rows(6)
    rows[1][1] = "Senaduría"  # unknown cargo
    rows[2][2] = "99"  # unknown district
    rows[3][11], rows[3][12] = "", ""  # neither birth date nor age
    rows[4][11] = "31/02/1980"  # impossible date
    rows[5][4] = "PRD"  # unknown actor
    path = write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, rows)
    result = import_file(world.process, "candidacies", path)
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert found == {
        (3, "CARGO", ImportErrorCode.UNKNOWN_CARGO),
        (4, "DISTRITO", ImportErrorCode.UNKNOWN_DISTRICT),
        (5, "FECHA_NACIMIENTO", ImportErrorCode.AGE_REQUIRED),
        (6, "FECHA_NACIMIENTO", ImportErrorCode.BAD_DATE),
        (7, "ACTOR", ImportErrorCode.UNKNOWN_ACTOR),
    }
    assert all(e.message and e.message[0].isupper() or e.message.startswith("«") for e in result.errors)
    assert Candidacy.objects.count() == 0


def test_missing_required_column_is_refused(world, tmp_path):
    header = [h for h in CANDIDACY_HEADER if h != "SEXO"]
    rows = [r[:10] + r[11:] for r in valid_rows(2)]
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "c.csv", header, rows))
    assert [(e.row, e.column, e.code) for e in result.errors] == [(1, "SEXO", ImportErrorCode.MISSING_COLUMN)]


def test_rerunning_the_same_file_changes_nothing(world, tmp_path):
    path = write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, valid_rows())
    assert import_file(world.process, "candidacies", path).created == 60
    before = {c.pk: c.updated_at for c in Candidacy.objects.all()}
    history_before = Candidacy.history.count()
    again = import_file(world.process, "candidacies", path)
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 60
    assert {c.pk: c.updated_at for c in Candidacy.objects.all()} == before
    assert Candidacy.history.count() == history_before


def test_a_later_file_updates_by_registration_id(world, tmp_path):
    import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, valid_rows(4)))
    pk = Candidacy.objects.get(registration_id="G-1").pk
    rows = valid_rows(4)
    rows[0][7] = "Marybel"
    rows[0][14] = "SÍ"
    rows.append(candidacy_row("PM-1", "Presidencia municipal", municipality="004", actor="MORENA"))
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "b.csv", CANDIDACY_HEADER, rows))
    assert (result.created, result.updated, result.unchanged) == (1, 1, 3)
    updated = Candidacy.objects.get(registration_id="G-1")
    assert updated.pk == pk and updated.first_name == "Marybel" and updated.consecutive_election
    assert updated.history.first().first_name == "Marybel"
    assert Candidacy.objects.get(registration_id="PM-1").contest == world.contests["PM_OPB"]


def test_substitution_replaces_without_deleting(world, tmp_path):
    import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, valid_rows(4)))
    substitute = candidacy_row("G-1B", "GUB", actor="PAN", name="Laura", last="Fernández", replaces="G-1")
    path = write_csv(tmp_path / "b.csv", CANDIDACY_HEADER, [substitute])
    result = import_file(world.process, "candidacies", path)
    assert result.ok and result.created == 1 and result.substituted == 1
    old = Candidacy.objects.get(registration_id="G-1")
    new = Candidacy.objects.get(registration_id="G-1B")
    assert old.status == Candidacy.Status.SUBSTITUTED
    assert new.replaces == old and new.status == Candidacy.Status.APPROVED
    assert not Candidacy.objects.active().filter(registration_id="G-1").exists()
    again = import_file(world.process, "candidacies", path)
    assert again.ok and again.unchanged == 1 and again.created == 0


def test_substitution_errors(world, tmp_path):
    import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, valid_rows(4)))
    rows = [
        candidacy_row("X-1", "GUB", actor="PAN", replaces="NO-EXISTE"),
        candidacy_row("X-2", "GUB", actor="MORENA", replaces="G-1"),
    ]
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "b.csv", CANDIDACY_HEADER, rows))
    assert {(e.row, e.code) for e in result.errors} == {
        (2, ImportErrorCode.UNKNOWN_REPLACED),
        (3, ImportErrorCode.REPLACEMENT_ELSEWHERE),
    }
    assert Candidacy.objects.get(registration_id="G-1").status == Candidacy.Status.APPROVED


def test_two_candidacies_cannot_take_the_same_seat(world, tmp_path):
    rows = [candidacy_row("A", "GUB", actor="PAN"), candidacy_row("B", "GUB", actor="PAN", name="Otra")]
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, rows))
    assert [(e.row, e.code) for e in result.errors] == [(3, ImportErrorCode.SEAT_TAKEN)]
    assert "ya la ocupa A" in result.errors[0].message


def test_duplicated_registration_id_in_file_names_the_first_row(world, tmp_path):
    rows = valid_rows(4) + [candidacy_row("G-1", "GUB", actor="MORENA")]
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, rows))
    assert [(e.row, e.code) for e in result.errors] == [(6, ImportErrorCode.DUPLICATED_IN_FILE)]
    assert "fila 2" in result.errors[0].message


def test_duplicates_are_found_across_chunks(world):
    rows = valid_rows(6) + [candidacy_row("G-2", "GUB", actor="MORENA")]
    from conoceles.candidacies.importers import CandidacyImporter
    from conoceles.imports.base import run_import

    result = run_import(CandidacyImporter(world.process), CANDIDACY_HEADER, rows, chunk_size=2)
    assert [(e.row, e.code) for e in result.errors] == [(8, ImportErrorCode.DUPLICATED_IN_FILE)]


def test_forgives_what_real_files_contain(world, tmp_path):
    header = [
        " id registro ",
        "Cargo",
        "Distrito Local",
        "Municipio",
        "Partido/Coalición",
        "Num lista o fórmula",
        "Tipo candidato",
        "Nombre",
        "Primer apellido",
        "Segundo apellido",
        "Sexo",
        "Fecha de nacimiento",
        "Edad",
        "Acción afirmativa",
        "Elección consecutiva",
        "Ignorada",
    ]
    rows = [
        [
            "  R-1 ",
            " diputacion local mr ",
            "15-CHETUMAL",
            "No aplica",
            "pt",
            "1",
            "propietaria ",
            " Ana  María ",
            "Pérez",
            "",
            "mujer",
            "15/01/1980",
            "",
            "INDÍGENA",
            "Si",
            "x",
        ],
        [
            "R-2",
            "DIPUTACIÓN LOCAL MR",
            "XV",
            "N/A",
            "PT",
            "1",
            "SUPLENTE",
            "Rosa",
            "Uc",
            "Canché",
            "M",
            "",
            "44",
            "no aplica",
            "",
            "",
        ],
        [
            "R-3",
            "presidencia MUNICIPAL",
            "",
            "othon p. blanco",
            "Morena",
            "",
            "Propietario",
            "Luis",
            "Pat",
            "",
            "H",
            "1970-03-03",
            "",
            "Persona mayor",
            "NO",
            "",
        ],
    ]
    result = import_file(
        world.process, "candidacies", write_csv(tmp_path / "c.csv", header, rows, encoding="cp1252", delimiter=";")
    )
    assert result.ok, result.errors
    first = Candidacy.objects.get(registration_id="R-1")
    assert first.first_name == "Ana María" and first.affirmative_action == "indigenous" and first.consecutive_election
    assert first.contest == world.contests["MR15"] and first.birth_date == datetime.date(1980, 1, 15)
    second = Candidacy.objects.get(registration_id="R-2")
    assert second.position == "alternate" and second.declared_age == 44 and second.birth_date is None
    assert Candidacy.objects.get(registration_id="R-3").contest == world.contests["PM_OPB"]


def test_refuses_what_it_cannot_understand(world, tmp_path):
    rows = [
        candidacy_row("Z-1", "GUB", position="TITULAR SUPLENTE"),
        candidacy_row("Z-2", "GUB", actor="MORENA", group="Zurdos"),
        candidacy_row("Z-3", "GUB", actor="PT", consecutive="quizá"),
        candidacy_row("Z-4", "GUB", actor="SHH", birth="2015-01-01"),
        candidacy_row("Z-5", "DIP_MR", district="Chetumal", actor="PAN"),
        candidacy_row("Z-6", "PM", municipality="Gotham", actor="PAN"),
    ]
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, rows))
    assert {(e.row, e.column, e.code) for e in result.errors} == {
        (2, "TIPO_CANDIDATO", ImportErrorCode.UNKNOWN_VALUE),
        (3, "ACCION_AFIRMATIVA", ImportErrorCode.UNKNOWN_VALUE),
        (4, "ELECCION_CONSECUTIVA", ImportErrorCode.BAD_BOOLEAN),
        (5, "FECHA_NACIMIENTO", ImportErrorCode.IMPLAUSIBLE_AGE),
        (6, "DISTRITO", ImportErrorCode.BAD_DISTRICT),
        (7, "MUNICIPIO", ImportErrorCode.UNKNOWN_MUNICIPALITY),
    }


def test_xlsx_with_excel_dates(world, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CANDIDACY_HEADER)
    row = candidacy_row("XL-1", "GUB", actor="PAN")
    row[11] = datetime.datetime(1979, 12, 31)
    row[5] = 1
    sheet.append(row)
    workbook.save(tmp_path / "c.xlsx")
    result = import_file(world.process, "candidacies", tmp_path / "c.xlsx")
    assert result.ok, result.errors
    assert Candidacy.objects.get(registration_id="XL-1").birth_date == datetime.date(1979, 12, 31)


def test_bad_files_get_a_clear_error(world, tmp_path):
    text = "\n".join([",".join(CANDIDACY_HEADER), ",".join(candidacy_row("G-1", name="Ñeli"))]) + "\n"
    files = {
        "x.xlsx": b"not a zip",
        "e.csv": b"",
        "old.xls": b"\xd0\xcf\x11\xe0",
        "utf16-sin-bom.csv": text.encode("utf-16-le"),
        "bytes.csv": bytes(range(256)) * 4,
        "cp1252-indefinido.csv": text.encode("utf-8")[:-1] + b"\x81\n",  # 0x81 is neither UTF-8 nor cp1252
        "utf8-bom-roto.csv": codecs.BOM_UTF8 + text.encode("cp1252"),  # says UTF-8, is not
        "danado.xlsx": xlsx_bytes(CANDIDACY_HEADER, valid_rows(30), damaged_at=0.5),
    }
    messages = {}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        result = import_file(world.process, "candidacies", tmp_path / name)
        assert [e.code for e in result.errors] == [ImportErrorCode.BAD_FILE], name
        messages[name] = result.errors[0].message
    unreadable_text = "No se pudo leer el texto del archivo: no está en UTF-8 ni en Windows-1252"
    assert messages.pop("x.xlsx") == "El archivo no es un libro de Excel (.xlsx) válido."
    assert messages.pop("e.csv") == "El archivo está vacío."
    assert messages.pop("old.xls") == (
        "El formato .xls (Excel 97-2003) no se admite: guarde el archivo como .xlsx o .csv."
    )
    assert re.fullmatch(r"El libro de Excel está dañado después de la fila \d+\.", messages.pop("danado.xlsx"))
    assert all(message.startswith(unreadable_text) for message in messages.values()), messages
    assert not Candidacy.objects.exists()


def test_utf16_with_its_mark_is_read(world, tmp_path):
    """Excel's «Texto Unicode» export: UTF-16 with a byte-order mark, tab-separated."""
    path = write_csv(tmp_path / "c.txt", CANDIDACY_HEADER, valid_rows(4), encoding="utf-16", delimiter="\t")
    assert import_file(world.process, "candidacies", path).created == 4


def test_dry_run_writes_nothing(world):
    result = import_rows(world.process, "candidacies", CANDIDACY_HEADER, valid_rows(10), dry_run=True)
    assert result.ok and result.created == 10
    assert Candidacy.objects.count() == 0


def test_command_imports_and_fails_loudly(world, tmp_path, capsys):
    good = write_csv(tmp_path / "ok.csv", CANDIDACY_HEADER, valid_rows(4))
    call_command("import_file", "candidacies", str(good))
    assert "Importadas 4 filas" in capsys.readouterr().out
    bad = write_csv(tmp_path / "bad.csv", CANDIDACY_HEADER, [candidacy_row("Q", "GUB", actor="NADIE")])
    with pytest.raises(CommandError, match="^1 error en 1 fila; no se guardó nada"):
        call_command("import_file", "candidacies", str(bad))
    assert "fila 2, columna ACTOR" in capsys.readouterr().err
    assert Candidacy.objects.count() == 4


text_cells = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30)


class _Undo(Exception):
    pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(text_cells, min_size=16, max_size=16))
def test_arbitrary_rows_never_crash_and_never_half_import(world, cells):
    with pytest.raises(_Undo), transaction.atomic():
        result = import_rows(world.process, "candidacies", CANDIDACY_HEADER, [cells])
        if result.ok:
            assert Candidacy.objects.count() == 1
        else:
            assert result.errors and all(e.row in (0, 2) and e.message for e in result.errors)
            assert not Candidacy.objects.exists()
        raise _Undo


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(alphabet="aábcdeéíñóúüÁÉÑ ", min_size=1, max_size=20).filter(str.strip))
def test_names_are_found_whatever_their_accents_and_case(world, name):
    with pytest.raises(_Undo), transaction.atomic():
        row = candidacy_row("N-1", "GUB", name=f"  {name.upper()} ", last="Muñoz", second="")
        assert import_rows(world.process, "candidacies", CANDIDACY_HEADER, [row]).ok
        candidacy = Candidacy.objects.get()
        assert candidacy.search_name == fold(f"{name} munoz")
        assert candidacy.first_name == " ".join(name.upper().split())
        raise _Undo


def test_a_full_export_with_the_replaced_row_still_approved_can_be_reimported(world, tmp_path):
    rows = valid_rows(4) + [candidacy_row("G-1B", "GUB", actor="PAN", name="Laura", replaces="G-1")]
    header = CANDIDACY_HEADER + ["ESTATUS"]
    rows = [r + ["APROBADA"] for r in rows]
    path = write_csv(tmp_path / "c.csv", header, rows)
    assert import_file(world.process, "candidacies", path).ok
    again = import_file(world.process, "candidacies", path)
    assert again.ok and again.created == 0 and again.updated == 0
    assert Candidacy.objects.get(registration_id="G-1").status == Candidacy.Status.SUBSTITUTED


def test_status_sustituida_needs_a_substitute_row(world, tmp_path):
    import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, valid_rows(4)))
    header = CANDIDACY_HEADER + ["ESTATUS"]
    rows = [r + ["APROBADA"] for r in valid_rows(4)]
    rows[0][-1] = "SUSTITUIDA"
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "b.csv", header, rows))
    assert [(e.row, e.code) for e in result.errors] == [(2, ImportErrorCode.SUBSTITUTE_MISSING)]
    rows.append(candidacy_row("G-1B", "GUB", actor="PAN", name="Laura", replaces="G-1") + ["APROBADA"])
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "c.csv", header, rows))
    assert result.ok and result.substituted == 1


def test_a_later_file_without_optional_columns_keeps_what_is_stored(world, tmp_path):
    import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, valid_rows(4)))
    header = ["ID_REGISTRO", "CARGO", "ACTOR", "TIPO_CANDIDATO", "NOMBRE", "SEXO", "EDAD"]
    result = import_rows(
        world.process, "candidacies", header, [["G-1", "GUB", "PAN", "PROPIETARIA", "Mara", "M", "47"]]
    )
    assert result.ok and result.updated == 1
    candidacy = Candidacy.objects.get(registration_id="G-1")
    assert (candidacy.last_name, candidacy.second_last_name) == ("Lezama", "Espinosa")
    assert candidacy.birth_date == datetime.date(1980, 1, 15) and candidacy.declared_age == 47
