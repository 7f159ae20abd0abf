"""Versioned open-data releases: dated, immutable, with a changelog and SHA-256 sums; the command and the daily task."""

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from conoceles.opendata import releases, writers
from conoceles.opendata.models import OpenDataRelease
from conoceles.public.version import publication_version
from conoceles.review.models import CandidacyWorkflow
from conoceles.review.states import State
from tests.factories import announce
from tests.opendata import scenario


@pytest.fixture
def people(world):
    return scenario.build(world)


def changelog(release) -> list[list[str]]:
    path = releases.release_dir(release) / releases.CHANGELOG
    return list(csv.reader(path.open(encoding="utf-8-sig", newline="")))


def test_a_release_holds_every_file_with_their_sums_in_one_zip(world, people):
    version = publication_version()
    release = releases.build_release(world.process)
    directory = releases.release_dir(release)
    assert release.name == timezone.localdate().isoformat() and release.data_date == timezone.localdate()
    assert release.candidacies == 5  # the published ones
    names = [f["name"] for f in release.files]
    assert names == [*writers.DATA_FILES, releases.CHANGELOG, releases.DICTIONARY, releases.SUMS]
    for f in release.files:
        content = (directory / f["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == f["sha256"] and len(content) == f["size"]
    sums = dict(line.split("  ")[::-1] for line in (directory / releases.SUMS).read_text().splitlines())
    assert set(sums) == set(names) - {releases.SUMS}
    assert all(hashlib.sha256((directory / n).read_bytes()).hexdigest() == h for n, h in sums.items())
    zipped = (directory / release.zip_name).read_bytes()
    assert hashlib.sha256(zipped).hexdigest() == release.sha256 and len(zipped) == release.size
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{release.name}/{n}" for n in names)
        assert archive.read(f"{release.name}/{writers.WORKBOOK}") == (directory / writers.WORKBOOK).read_bytes()
    dictionary = (directory / releases.DICTIONARY).read_text(encoding="utf-8")
    assert world.process.name in dictionary and "20. Entidad federativa de nacimiento: " in dictionary
    assert releases.FINGERPRINTS not in names  # kept for the next changelog, never published
    assert publication_version() > version  # the public list of releases is stale at once


def test_releases_are_never_rewritten_and_the_changelog_says_what_changed(world, people):
    first = releases.build_release(world.process)
    first_files = {f["name"]: (releases.release_dir(first) / f["name"]).read_bytes() for f in first.files}
    assert changelog(first) == [["ID_CANDIDATURA", "NOMBRE_CANDIDATO", "CONTIENDA", "ACTOR", "CAMBIO", "RUBROS"]]
    assert first.changes["previous"] is None

    # Laura is published, Alex withdrawn from the site, Juan's proposals changed.
    scenario.publish(people["laura"])
    CandidacyWorkflow.objects.filter(candidacy=people["alex"]).update(state=State.DRAFT)
    announce(people["alex"])
    people["juan"].curricular.proposal_2 = "Otra propuesta."
    people["juan"].curricular.save()
    announce(people["juan"].curricular)

    second = releases.build_release(world.process)
    assert second.name == f"{timezone.localdate().isoformat()}-2"
    rows = {(int(r[0]), r[4]): r for r in changelog(second)[1:]}
    assert set(rows) == {(people["laura"].pk, "alta"), (people["alex"].pk, "baja"), (people["juan"].pk, "cambio")}
    assert rows[(people["juan"].pk, "cambio")][5] == "Propuestas"
    assert rows[(people["alex"].pk, "baja")][1] == "Alex Chan Uc"
    assert second.changes == {
        "previous": first.name,
        "added": 1,
        "removed": 1,
        "changed_total": 1,
        "changed": {p: int(p == "proposals") for p in releases.PARTS},
    }
    assert list(OpenDataRelease.objects.filter(process=world.process)) == [second, first]  # latest first
    for name, content in first_files.items():
        assert (releases.release_dir(first) / name).read_bytes() == content


def test_a_failed_release_leaves_nothing_behind(world, people, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(writers, "write_files", broken)
    with pytest.raises(RuntimeError):
        releases.build_release(world.process)
    assert not OpenDataRelease.objects.exists()
    assert list((releases.root() / str(world.process.pk)).iterdir()) == []


def test_the_command_prints_the_path_and_the_daily_task_builds_one_release_a_day(world, people, capsys):
    call_command("open_data_release", "--daily", "--process", str(world.process.pk))
    path = Path(capsys.readouterr().out.strip())
    release = OpenDataRelease.objects.get()
    assert path == releases.release_dir(release) / release.zip_name and path.is_file()
    call_command("open_data_release", "--daily", "--process", str(world.process.pk))
    assert "ya hay una versión de hoy" in capsys.readouterr().out
    assert OpenDataRelease.objects.count() == 1
    call_command("open_data_release", "--process", str(world.process.pk))  # on demand: always
    assert OpenDataRelease.objects.count() == 2


def test_the_daily_task_waits_for_published_data(world, capsys):
    call_command("open_data_release", "--daily", "--process", str(world.process.pk))
    assert "no hay candidaturas publicadas" in capsys.readouterr().out
    assert not OpenDataRelease.objects.exists()


def test_output_builds_a_standalone_copy_that_is_not_listed(world, people, tmp_path, capsys):
    call_command("open_data_release", "--process", str(world.process.pk), "--output", str(tmp_path / "copia"))
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == tmp_path / "copia" and zipfile.is_zipfile(path)
    assert (tmp_path / "copia" / writers.WORKBOOK).is_file()
    assert not OpenDataRelease.objects.exists()


def test_an_unknown_process_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No existe el proceso electoral 999"):
        call_command("open_data_release", "--process", "999")
