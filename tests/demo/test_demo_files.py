"""`manage.py demo_files`: the demo as import files that the importers take without errors."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from conoceles.candidacies.models import Candidacy
from conoceles.demo.catalog_data import DEMO_PROCESS
from conoceles.elections.services import create_process
from conoceles.imports.services import import_file


@pytest.mark.django_db
def test_demo_files_write_import_files_that_import_without_errors(tmp_path):
    call_command("demo_files", "--output", str(tmp_path), "--candidacies", "60", stdout=io.StringIO())
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "geografia.csv",
        "cargos.csv",
        "contiendas.csv",
        "actores.csv",
        "candidaturas.csv",
        "candidaturas_sustituciones.csv",
        "candidaturas.xlsx",
    }
    with (tmp_path / "candidaturas.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 61
    sheet = load_workbook(tmp_path / "candidaturas.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 61

    process = create_process(name="Prueba de archivos", entity=23, election_day=DEMO_PROCESS["election_day"])
    for kind, name in [
        ("geography", "geografia.csv"),
        ("cargos", "cargos.csv"),
        ("contests", "contiendas.csv"),
        ("actors", "actores.csv"),
        ("candidacies", "candidaturas.xlsx"),
        ("candidacies", "candidaturas.csv"),
        ("candidacies", "candidaturas_sustituciones.csv"),
    ]:
        result = import_file(process, kind, tmp_path / name)
        assert result.ok, (name, [str(e) for e in result.errors[:5]])
    assert process.candidacies.count() == 65
    assert process.candidacies.filter(status=Candidacy.Status.SUBSTITUTED).count() == 5


def test_demo_files_skip_the_workbook_for_big_demos(tmp_path):
    output = io.StringIO()
    call_command("demo_files", "--output", str(tmp_path), "--candidacies", "5001", stdout=output)
    assert not (tmp_path / "candidaturas.xlsx").exists()
    with (tmp_path / "candidaturas.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sum(1 for _ in handle) == 5002
