"""Round trip: export → import into an empty process → export gives the same cells (issue: reading the INE
workbook). The scenario's election holds every value form (tests/opendata/scenario.py); the institute's export has
every approved candidacy. The import creates a new process for the entity (another jornada), with its cargos,
districts, municipalities, contests and actors; identity answers arrive without consent, so the candidate who had
consented consents again in the new process before the second export."""

import datetime

import openpyxl
from django.core.management import call_command

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.opendata import ine, records, writers
from conoceles.questionnaires.models import ConsentItem
from tests.opendata import scenario
from tests.public.profile_data import consent

NEW_DAY = datetime.date(2030, 6, 2)


def export(process, directory) -> dict[str, list[list]]:
    writers.write_files(
        records.records(process, records.Scope.INSTITUTE),
        records.identity_headers(process),
        directory,
        meta={},
        only=(writers.WORKBOOK,),
    )
    workbook = openpyxl.load_workbook(directory / writers.WORKBOOK)
    def cells(sheet):
        rows = sheet.iter_rows(values_only=True)
        return [[ine.normalise_text(v) if isinstance(v, str) else v for v in row] for row in rows]

    return {sheet.title: cells(sheet) for sheet in workbook}


def test_export_import_export_gives_the_same_cells(world, tmp_path):
    people = scenario.build(world)
    first = export(world.process, tmp_path / "first")
    assert len(first["CANDIDATOS"]) == 1 + len(people)

    call_command("import_ine", str(tmp_path / "first" / writers.WORKBOOK), "--jornada", NEW_DAY.isoformat())
    new = ElectoralProcess.objects.get(election_day=NEW_DAY)
    assert new.pk != world.process.pk and new.entity == world.process.entity
    maria = Candidacy.objects.get(process=new, first_name="María", last_name="López")
    consent(maria, True, item=ConsentItem.PUBLICATION)  # imported answers carry no consent: she gives it again

    second = export(new, tmp_path / "second")
    assert second == first


def test_the_export_of_a_process_imported_from_an_ine_workbook_reproduces_its_rows(db, tmp_path):
    """The INE's messy file (tests/opendata/test_ine_import.py): the institute's export has the same people, the
    same texts after whitespace normalisation, and every suplente labelled SUPLENTE (the INE's CANDIDATOS sheet
    calls a woman suplente PROPIETARIA; its identity sheet says SUPLENTE)."""
    from tests.opendata.test_ine_import import IDENTITIES, JORNADA, ROWS, xlsx

    call_command("import_ine", str(xlsx(tmp_path / "ine.xlsx", ROWS, IDENTITIES)), "--jornada", JORNADA.isoformat())
    exported = export(ElectoralProcess.objects.get(), tmp_path / "export")
    header, *rows = exported["CANDIDATOS"]
    assert len(rows) == len(ROWS)
    by_person = {(row[header.index("NUM_LISTA_O_FORMULA")], row[header.index("NOMBRE_CANDIDATO")]): row for row in rows}
    suplentes = {
        (r["NUM_LISTA_O_FORMULA"], r["NOMBRE_CANDIDATO"]) for r in IDENTITIES if r["TIPO_CANDIDATO"] == "SUPLENTE"
    }
    for original in ROWS:
        key = (original["NUM_LISTA_O_FORMULA"], " ".join(original["NOMBRE_CANDIDATO"].split()))
        row = dict(zip(header, by_person[key], strict=True))
        assert row["TIPO_CANDIDATO"] == ("SUPLENTE" if key in suplentes else original["TIPO_CANDIDATO"])
        for column in ("EDAD", "SEXO", "CARGO", "ENTIDAD", "MUNICIPIO", "HISTORIA_PROFESIONAL", "CURSOS"):
            expected = original[column]
            if isinstance(expected, str):
                expected = ine.normalise_text(expected) or None  # an empty cell reads back as None
            assert row[column] == expected, (key, column)
        assert row["PARTIDO_COALICION"].rstrip(".") == original["PARTIDO_COALICION"].rstrip(".")
