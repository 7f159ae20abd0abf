"""The public site as a snapshot of static files (docs/despliegue.md, «Sitio público como archivos»).

`build()` writes the whole site of the current process into a new folder SNAPSHOT_ROOT/builds/<name> and then
swaps the symlink SNAPSHOT_ROOT/current to it: a reader (nginx, a CDN sync) sees the old site or the new one,
never half of one. Every file is a live URL rendered by its own view (conoceles.snapshot.pages): nothing is public
in the snapshot that the publication gate would not show on the live page.

After a build, every change of published data (conoceles.changes) reaches the snapshot in two steps:
- at once, in the writer's request once its transaction commits (`changed`): the changed candidacies' folders
  (profile page, photo, PDF) and those of their fórmula partners are deleted, so a withdrawal or an observation is
  gone before anything is queued; nginx passes the missing page to the application, which renders it live;
- in a background task (`update`): those profiles are rendered again, with their contests' pages and fragments
  (`/contienda/<pk>/en-boleta/`, which ballot pages load: a ballot page itself shows only the catalog, so a change
  of a governor's candidacy rewrites two files, not the thousands of ballots with that contest), and the pages
  that count or list candidacies (home, estadísticas, datos abiertos).
A change of a catalog row that ballot pages or the lookup show (process, district, municipality, sección, cargo,
contest) queues a full build, after the at-once removal of the candidacies it touches.
A change that names no candidacy (a catalog row, a whole process) queues a full build; a new open-data release
re-renders the pages and links its files. The day boundary (`day`) renders what a date changes: the candidacies of
the cargos whose publication window opens or closes that day.

Updates hold a file lock (SNAPSHOT_ROOT/.lock) and note the candidacies they touch in a journal; a full build
takes the lock only at the end, to apply what changed while it ran to the new folder before the swap.
"""

import fcntl
import gzip
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.opendata.models import OpenDataRelease
from conoceles.public.archive import archived_processes
from conoceles.public.snapshot_files import current, file_for, root, write_atomically

from . import pages, worker

CHUNK = 500  # profiles (or ballots, or contests) per job of a full build
KEEP_BUILDS = 2  # the one served and the one before it (to go back by hand: `ln -sfn builds/<name> current`)


@dataclass
class Progress:
    """What a build reports as it goes: `step(label, done, total)`."""

    report: Callable[[str, int, int], None] = lambda label, done, total: None
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, done: int, total: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + done
        self.report(label, self.counts[label], total)


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


COMPRESSED = (".html", ".json")  # written also as `<name>.gz`, which nginx serves as is (gzip_static)


def _put(target: Path, body: bytes) -> None:
    """Write a file and, for a page or a JSON file, its gzip beside it (compressing on every request would cost
    nginx most of its speed). The `.gz` first: nginx never serves a new page's older compressed copy for long."""
    if target.suffix in COMPRESSED:
        write_atomically(target.with_name(target.name + ".gz"), gzip.compress(body, compresslevel=9, mtime=0))
    write_atomically(target, body)


def _write(folder: Path, path: str, body: bytes | None) -> bool:
    target = folder / file_for(path)
    if body is None:
        target.unlink(missing_ok=True)
        target.with_name(target.name + ".gz").unlink(missing_ok=True)
        return False
    _put(target, body)
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def _link_tree(source: Path, target: Path) -> int:
    count = 0
    if not source.is_dir():
        return count
    for path in source.rglob("*"):
        if path.is_file():
            _link_or_copy(path, target / path.relative_to(source))
            count += 1
    return count


def write_profile(folder: Path, pk: int, previous: Path | None = None) -> bool:
    """The profile page and photo of candidacy `pk`, or no folder at all when it is not public. With `previous`
    (the snapshot being replaced), its kept PDF comes along when the page did not change."""
    page_path, photo_path = pages.profile_paths(pk)
    body = pages.render(page_path)
    target = folder / file_for(page_path)
    if body is None:
        shutil.rmtree(target.parent, ignore_errors=True)
        return False
    old_pdf = target.parent / "ficha.pdf"
    old_pdf.unlink(missing_ok=True)  # rendered from what the page showed before
    _put(target, body)
    _write(folder, photo_path, pages.render(photo_path))
    if previous is not None:
        before = previous / file_for(page_path)
        kept = before.parent / "ficha.pdf"
        if kept.is_file() and before.is_file() and before.read_bytes() == body:
            _link_or_copy(kept, target.parent / "ficha.pdf")
    return True


def remove_profiles(folder: Path, ids: Iterable[int]) -> None:
    for pk in ids:
        shutil.rmtree(folder / file_for(pages.profile_paths(pk)[0]).parent, ignore_errors=True)


def write_pages(folder: Path, names: Iterable[str]) -> None:
    for name in names:
        path = reverse(name)
        _write(folder, path, pages.render(path))


def _stale(folder: Path, name: str) -> bool:
    """Whether an incremental update renders the page `name` again: always, but the statistics, which the live
    site recomputes at most every STATISTICS_CACHE_SECONDS (a GROUP BY over every candidacy): no more often here."""
    if name != "public:statistics":
        return True
    try:
        age = time.time() - (folder / file_for(reverse(name))).stat().st_mtime
    except FileNotFoundError:
        return True
    return age >= settings.STATISTICS_CACHE_SECONDS


def write_releases(folder: Path, process: ElectoralProcess | None) -> int:
    """The files of every open-data release of the process, and those still downloadable of the processes in the
    public archive, at their URLs (hard links: they never change)."""
    shutil.rmtree(folder / "datos-abiertos", ignore_errors=True)
    count = 0
    shown = [process.pk] if process else []
    shown += list(archived_processes().values_list("pk", flat=True))
    for release in OpenDataRelease.objects.filter(process__in=shown):
        for filename in release.published_files:
            source = release.directory / filename
            if source.is_file():
                url = reverse("opendata:file", args=[release.process_id, release.name, filename])
                _link_or_copy(source, folder / file_for(url))
                count += 1
    write_pages(folder, ["opendata:index"])
    return count


def write_archive(folder: Path) -> int:
    """The public archive of earlier processes: its list and each process's page (conoceles.public.archive); the
    page of a process that left the archive is removed."""
    shutil.rmtree(folder / file_for(reverse("public:archive")).parent, ignore_errors=True)
    write_pages(folder, ["public:archive"])
    count = 0
    for pk in archived_processes().values_list("pk", flat=True):
        path = reverse("public:archive_process", args=[pk])
        count += _write(folder, path, pages.render(path))
    return count


def write_lookups(folder: Path, plan: pages.BallotPlan) -> None:
    shutil.rmtree(folder / "boleta" / "secciones", ignore_errors=True)
    for shard in plan.shards:
        path = reverse("public:ballot_lookup", args=[shard])
        _write(folder, path, pages.render(path))


def write_contests(folder: Path, contest_ids: Iterable[int]) -> int:
    count = 0
    for pk in contest_ids:
        for path in pages.contest_paths(pk):
            count += _write(folder, path, pages.render(path))
    return count


def write_ballots(folder: Path, keys: Iterable[str]) -> int:
    count = 0
    for key in keys:
        path = reverse("public:ballot_page", args=[key])
        count += _write(folder, path, pages.render(path))
    return count


def write_static(folder: Path) -> int:
    """The collected static files and the public media (emblems), so a CDN can serve the whole site."""
    return _link_tree(Path(settings.STATIC_ROOT), folder / settings.STATIC_URL.strip("/")) + _link_tree(
        Path(settings.MEDIA_ROOT), folder / settings.MEDIA_URL.strip("/")
    )


def write_status_pages(folder: Path) -> None:
    _write(folder, pages.UNAVAILABLE_PAGE, pages.render_template(pages.UNAVAILABLE_PAGE, "snapshot/unavailable.html"))
    _write(folder, pages.NOT_FOUND_PAGE, pages.render_template(pages.NOT_FOUND_PAGE, "404.html"))


# --------------------------------------------------------------------------------------------
# Lock and journal
# --------------------------------------------------------------------------------------------


@contextmanager
def locked(name: str = ".lock"):
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / name, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


JOURNAL = ".journal"
EVERYTHING = "*"  # a journal entry that asks for a full build


BUILDING = ".building"  # exists while a full build runs: only then is the journal written


def note(ids: Iterable[int] | str) -> None:
    """Append to the journal, while a full build runs: `<time_ns> <ids separated by commas, or *>`."""
    if not (root() / BUILDING).exists():
        return
    text = ids if isinstance(ids, str) else ",".join(str(pk) for pk in sorted(set(ids)))
    with open(root() / JOURNAL, "a") as handle:
        handle.write(f"{time.time_ns()} {text}\n")


def noted_since(started_ns: int) -> tuple[set[int], bool]:
    """The candidacies noted since `started_ns`, and whether a full build was asked for."""
    ids, everything = set(), False
    try:
        lines = (root() / JOURNAL).read_text().splitlines()
    except FileNotFoundError:
        return ids, everything
    for line in lines:
        moment, _, text = line.partition(" ")
        if int(moment) >= started_ns:
            everything |= text == EVERYTHING
            ids.update(int(pk) for pk in text.split(",") if pk.isdigit())
    return ids, everything


def _forget_before(started_ns: int) -> None:
    path = root() / JOURNAL
    if path.exists():
        kept = [line for line in path.read_text().splitlines() if int(line.split(" ", 1)[0]) >= started_ns]
        write_atomically(path, "".join(f"{line}\n" for line in kept).encode())


# --------------------------------------------------------------------------------------------
# Incremental
# --------------------------------------------------------------------------------------------


def with_partners(ids: Iterable[int]) -> set[int]:
    """The candidacies and their fórmula partners (a profile page shows both)."""
    ids = set(ids)
    if not ids:
        return ids
    formulas = Candidacy.objects.filter(pk__in=ids).values_list("contest_id", "actor_id", "formula_number")
    partners = Q()
    for contest, actor, number in formulas:
        partners |= Q(contest_id=contest, actor_id=actor, formula_number=number)
    return ids | (set(Candidacy.objects.filter(partners).values_list("pk", flat=True)) if partners else set())


def changed(candidacy_ids: Iterable[int], everything: bool = False) -> bool:
    """What a committed change does at once (conoceles.changes): note it, delete the changed profiles' folders.
    True when there is a snapshot to update."""
    folder = current()
    if folder is None:
        return False
    ids = with_partners(candidacy_ids)
    note(EVERYTHING if everything else ids)
    with locked():
        folder = current()
        remove_profiles(folder, ids)
    return True


def withdraw(candidacy_ids: Iterable[int]) -> None:
    """A whole process's candidacies leaving the site (conoceles.lifecycle, end of publication): their folders go at
    once, as `changed` does, without looking up fórmula partners (they leave too); the full build the change also
    queues renders the pages that list them."""
    if current() is None:
        return
    note(EVERYTHING)
    with locked():
        folder = current()
        remove_profiles(folder, candidacy_ids)


def update(candidacy_ids: Iterable[int], *, release: bool = False, folder: Path | None = None) -> dict:
    """Render again what the candidacies' change touches (see the module's docstring). Returns counts."""
    with locked():
        folder = folder or current()
        if folder is None:
            return {}
        return _update(folder, with_partners(candidacy_ids), release=release)


def _update(folder: Path, ids: set[int], *, release: bool) -> dict:
    process = ElectoralProcess.objects.current()
    counts = {"perfiles": 0, "contiendas": 0}
    if process is None:
        return counts
    contest_ids = set(Candidacy.objects.filter(pk__in=ids, process=process).values_list("contest_id", flat=True))
    for pk in sorted(ids):
        counts["perfiles"] += write_profile(folder, pk)
    counts["contiendas"] = write_contests(folder, sorted(contest_ids))
    write_pages(folder, [name for name in pages.CHANGING_PAGES if _stale(folder, name)])
    if _stale(folder, "public:archive"):
        write_archive(folder)
    if release:
        counts["archivos de datos abiertos"] = write_releases(folder, process)
    return counts


def day(today=None) -> dict:
    """What the date changes: the candidacies of the cargos whose publication window opens today or closed
    yesterday (every other page shows the same as yesterday but the home and statistics pages)."""
    today = today or timezone.localdate()
    yesterday = today - timezone.timedelta(days=1)
    process = ElectoralProcess.objects.current()
    if process is None or current() is None:
        return {}
    opening = Q(contest__cargo__publication_start=today)
    closing = (
        Q(contest__cargo__publication_end=yesterday)
        | Q(contest__cargo__publication_end__isnull=True, process__publication_end_date=yesterday)
        | Q(
            contest__cargo__publication_end__isnull=True,
            process__publication_end_date__isnull=True,
            process__election_day=yesterday,
        )
    )
    ids = set(Candidacy.objects.filter(process=process).filter(opening | closing).values_list("pk", flat=True))
    if ids:
        changed(ids)
    return update(ids)


# --------------------------------------------------------------------------------------------
# Full build
# --------------------------------------------------------------------------------------------


def job(kind: str, items: list, folder: str, previous: str | None) -> tuple[str, int]:
    """One part of a full build, in a worker process."""
    target, before = Path(folder), Path(previous) if previous else None
    if kind == "profiles":
        return kind, sum(write_profile(target, pk, before) for pk in items)
    if kind == "contests":
        return kind, write_contests(target, items)
    return kind, write_ballots(target, items)


def build(*, workers: int | None = None, progress: Progress | None = None) -> dict:
    """A new snapshot of the whole public site, then the swap. Returns counts and the build's folder. One build at a
    time: a second one waits for the first and then builds again (with what changed meanwhile)."""
    with locked(".build-lock"):
        (root() / BUILDING).touch()
        try:
            return _build(workers, progress or Progress())
        finally:
            (root() / BUILDING).unlink(missing_ok=True)


def _build(workers: int | None, progress: Progress) -> dict:
    started_ns = time.time_ns()
    process = ElectoralProcess.objects.current()
    builds = root() / "builds"
    name = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")  # sorts in the order of the builds
    folder = builds / f".{name}"  # hidden until complete
    folder.mkdir(parents=True)
    previous = current()
    try:
        counts = _build_into(folder, process, previous, workers or settings.SNAPSHOT_WORKERS, progress)
        with locked():
            noted, everything = noted_since(started_ns)
            if noted and not everything:
                counts["cambios durante la construcción"] = len(noted)
                _update(folder, with_partners(noted), release=True)
            final = builds / name
            folder.rename(final)
            swap(final)
            _forget_before(started_ns)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _prune(builds, keep=final)
    counts["carpeta"] = str(final)
    if everything:
        counts["otra construcción pendiente"] = 1
    return counts


def swap(final: Path) -> None:
    """Point `current` at `final` atomically (a new symlink renamed over the old one)."""
    link, temporary = root() / "current", root() / ".current-new"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(final.relative_to(root()))
    os.replace(temporary, link)


def _prune(builds: Path, keep: Path) -> None:
    done = sorted((p for p in builds.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    for old in done[:-KEEP_BUILDS]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def _build_into(folder: Path, process, previous: Path | None, workers: int, progress: Progress) -> dict:
    counts = {}
    write_status_pages(folder)
    counts["archivos estáticos"] = write_static(folder)
    write_pages(folder, pages.FIXED_PAGES + pages.CHANGING_PAGES)
    counts["archivo de procesos anteriores"] = write_archive(folder)
    counts["archivos de datos abiertos"] = write_releases(folder, process)
    if process is None:
        return counts
    plan = pages.ballot_plan(process)
    write_lookups(folder, plan)
    contest_ids = list(process.contests.order_by("pk").values_list("pk", flat=True))
    jobs = [("contests", chunk) for chunk in _chunks(contest_ids)]
    jobs += [("ballots", chunk) for chunk in _chunks(list(plan.ballots))]
    jobs += [("profiles", chunk) for chunk in _chunks(pages.published_ids(process))]
    totals = {}
    for kind, chunk in jobs:
        totals[kind] = totals.get(kind, 0) + len(chunk)
    labels = {"profiles": "perfiles", "contests": "contiendas", "ballots": "boletas"}
    previous_text = str(previous) if previous else None
    if workers <= 1:
        for kind, chunk in jobs:
            _, done = job(kind, chunk, str(folder), previous_text)
            progress.add(labels[kind], len(chunk), totals[kind])
            counts[labels[kind]] = counts.get(labels[kind], 0) + done
        return counts
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=worker.start) as pool:
        futures = {
            pool.submit(worker.run, kind, chunk, str(folder), previous_text): (kind, len(chunk)) for kind, chunk in jobs
        }
        for future in as_completed(futures):
            kind, size = futures[future]
            _, done = future.result()
            progress.add(labels[kind], size, totals[kind])
            counts[labels[kind]] = counts.get(labels[kind], 0) + done
    return counts


def _chunks(items: list) -> list[list]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def stderr_progress(label: str, done: int, total: int) -> None:
    """A one-line progress bar on standard error (the command's)."""
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done:>7,}/{total:,}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()
