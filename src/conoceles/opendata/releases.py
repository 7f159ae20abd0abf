"""Dated, immutable open-data releases (DOMAIN.md §10): what `/datos-abiertos/` lists and `open_data_release` builds.

A release is built in a hidden directory beside the others and renamed into place when complete, so nobody ever
downloads a half-written release; its files are never rewritten (a second release on the same day gets its own
name, «2027-05-02-2»). It holds the data files of `opendata.writers`, a data dictionary, a changelog against the
previous release (candidacies added, removed, and changed by rubro) and SHA-256 sums, each file on its own and all of
them in one zip. The changelog compares per-rubro fingerprints kept beside the files (`huellas.sqlite3`, not
published), so memory stays constant whatever the number of candidacies.
"""

import csv
import datetime
import hashlib
import os
import shutil
import sqlite3
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from conoceles.changes import Reason, candidacies_changed
from conoceles.elections.models import ElectoralProcess
from conoceles.review.publication import published_candidacies

from . import records, writers
from .models import OpenDataRelease

DICTIONARY = "diccionario.md"
CHANGELOG = "cambios.csv"
SUMS = "SHA256SUMS"
FINGERPRINTS = "huellas.sqlite3"
PARTS = ("datos", "general", "education", "professional", "political", "motivation", "proposals", "identidad")
PART_LABELS = {
    "datos": "Datos de la candidatura",
    "general": "Datos generales",
    "education": "Formación académica",
    "professional": "Historia profesional y/o laboral",
    "political": "Trayectoria política y/o participación social",
    "motivation": "¿Por qué quiere ocupar un cargo público?",
    "proposals": "Propuestas",
    "identidad": "Cuestionario de identidad",
}
CHANGE_ADDED, CHANGE_REMOVED, CHANGE_CHANGED = "alta", "baja", "cambio"
LICENCE = "Datos abiertos: libre uso citando la fuente (Conóceles y el instituto electoral)."


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def release_dir(release: OpenDataRelease) -> Path:
    return release.directory


def published_files(release: OpenDataRelease) -> list[str]:
    """The files of a release anyone may download: the zip and each file in it."""
    return release.published_files


def has_published_data(process, today: datetime.date | None = None) -> bool:
    return published_candidacies(today).filter(process=process).exists()


def _name(process, today: datetime.date) -> str:
    taken = set(OpenDataRelease.objects.filter(process=process).values_list("name", flat=True))
    name, n = today.isoformat(), 1
    while name in taken or (root() / str(process.pk) / name).exists():
        n += 1
        name = f"{today.isoformat()}-{n}"
    return name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Fingerprints:
    """Per-candidacy fingerprints of a release in an SQLite file: written as records stream, compared in SQL."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        columns = ", ".join(f"{p} TEXT" for p in PARTS)
        self.db.execute(f"CREATE TABLE prints (id INTEGER PRIMARY KEY, nombre TEXT, cargo TEXT, actor TEXT, {columns})")
        self.batch: list[tuple] = []

    def add(self, record: records.Record):
        own = record.own
        self.batch.append(
            (record.pk, own["nombre"], own["contienda"]["nombre"], own["actor"]["siglas"])
            + tuple(record.digests[p] for p in PARTS)
        )
        if len(self.batch) >= 5000:
            self.flush()

    def flush(self):
        marks = ", ".join("?" * (4 + len(PARTS)))
        self.db.executemany(f"INSERT INTO prints VALUES ({marks})", self.batch)
        self.batch.clear()

    def changelog(self, previous: Path | None, path: Path) -> dict:
        """Write the changelog CSV against the previous release's fingerprints; return its summary."""
        self.flush()
        self.db.commit()
        summary = {"added": 0, "removed": 0, "changed": dict.fromkeys(PARTS, 0), "changed_total": 0}
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(["ID_CANDIDATURA", "NOMBRE_CANDIDATO", "CONTIENDA", "ACTOR", "CAMBIO", "RUBROS"])
            if previous is None:
                return summary | {"previous": None}
            self.db.execute("ATTACH DATABASE ? AS prev", (f"file:{previous}?mode=ro",))
            head = "SELECT {t}.id, {t}.nombre, {t}.cargo, {t}.actor FROM {t}"
            for row in self.db.execute(head.format(t="main.prints") + " WHERE id NOT IN (SELECT id FROM prev.prints)"):
                out.writerow([*row, CHANGE_ADDED, ""])
                summary["added"] += 1
            for row in self.db.execute(head.format(t="prev.prints") + " WHERE id NOT IN (SELECT id FROM main.prints)"):
                out.writerow([*row, CHANGE_REMOVED, ""])
                summary["removed"] += 1
            parts = ", ".join(f"c.{p} <> p.{p}" for p in PARTS)
            query = f"SELECT c.id, c.nombre, c.cargo, c.actor, {parts} FROM main.prints c JOIN prev.prints p USING (id)"
            for row in self.db.execute(query + " ORDER BY c.id"):
                changed = [p for p, differs in zip(PARTS, row[4:], strict=True) if differs]
                if changed:
                    out.writerow([*row[:4], CHANGE_CHANGED, "; ".join(PART_LABELS[p] for p in changed)])
                    summary["changed_total"] += 1
                    for p in changed:
                        summary["changed"][p] += 1
        return summary

    def close(self):
        self.db.close()


def build_release(
    process: ElectoralProcess, *, by=None, today: datetime.date | None = None, output: Path | None = None
) -> OpenDataRelease | Path:
    """Build today's release of `process` and record it; return the release.

    With `output`, build a standalone copy into that directory instead (nothing recorded, nothing listed on the
    site; the changelog still compares with the latest recorded release) and return the zip's path."""
    today = today or timezone.localdate()
    base = root() / str(process.pk)
    base.mkdir(parents=True, exist_ok=True)
    name = _name(process, today)
    work = base / f".{name}-{uuid.uuid4().hex[:8]}"  # hidden until complete
    work.mkdir()
    try:
        previous = OpenDataRelease.objects.filter(process=process).first()
        fingerprints = _Fingerprints(work / FINGERPRINTS)
        meta = {
            "proceso": {"id": process.pk, "nombre": process.name, "entidad": process.get_entity_display()},
            "version": name,
            "fecha_datos": today.isoformat(),
            "generada": timezone.now().isoformat(timespec="seconds"),
            "licencia": LICENCE,
        }
        written = writers.write_files(
            records.records(process, records.Scope.PUBLIC, today),
            records.identity_headers(process),
            work,
            meta=meta,
            on_record=fingerprints.add,
        )
        previous_prints = release_dir(previous) / FINGERPRINTS if previous else None
        if previous_prints is not None and not previous_prints.exists():
            previous_prints = None
        summary = fingerprints.changelog(previous_prints, work / CHANGELOG)
        fingerprints.close()
        summary["previous"] = previous.name if previous else None
        (work / DICTIONARY).write_text(
            render_to_string(
                "opendata/diccionario.md",
                {
                    "process": process,
                    "name": name,
                    "today": today,
                    "identity_headers": records.identity_headers(process)[len(records.ine.IDENTITY_ID_HEADERS) :],
                    "files": writers.DATA_FILES,
                },
            ),
            encoding="utf-8",
        )
        names = [*(p.name for p in written.files), CHANGELOG, DICTIONARY]
        files = [{"name": n, "size": (work / n).stat().st_size, "sha256": _sha256(work / n)} for n in names]
        (work / SUMS).write_text("".join(f"{f['sha256']}  {f['name']}\n" for f in files), encoding="utf-8")
        files.append({"name": SUMS, "size": (work / SUMS).stat().st_size, "sha256": _sha256(work / SUMS)})
        zip_name = f"conoceles-datos-abiertos-{process.pk}-{name}.zip"
        with zipfile.ZipFile(work / zip_name, "w", zipfile.ZIP_DEFLATED) as archive:
            for f in files:
                archive.write(work / f["name"], f"{name}/{f['name']}")
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
            for f in [*files, {"name": zip_name}]:
                shutil.copy2(work / f["name"], output / f["name"])
            shutil.rmtree(work)
            return output / zip_name
        with transaction.atomic():
            release = OpenDataRelease.objects.create(
                process=process,
                name=name,
                data_date=today,
                created_by=by,
                zip_name=zip_name,
                size=(work / zip_name).stat().st_size,
                sha256=_sha256(work / zip_name),
                candidacies=written.count,
                files=files,
                changes=summary,
            )
            os.rename(work, base / name)  # atomic: the release appears whole
            candidacies_changed([], reason=Reason.RELEASE)
        return release
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
