"""Every import goes through here: from rows (the demo), from a file (the command) or as a job (the screen)."""

import datetime
import logging
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from conoceles.candidacies.importers import CandidacyImporter
from conoceles.core.permissions import require_writable
from conoceles.elections.importers import IMPORTERS
from conoceles.opendata.ine_import import IneImporter

from .base import ImportResult, run_import
from .error_codes import ImportErrorCode
from .models import RUNNING_STATUSES, ImportJob, ImportRowError
from .reading import FileFormatError
from .rows import RowError

logger = logging.getLogger(__name__)

UNEXPECTED_FAILURE = (
    "La importación se detuvo por un error inesperado del sistema. Inténtelo de nuevo y, si vuelve a ocurrir, "
    "avise al equipo técnico con el nombre del archivo."
)
STALLED_FAILURE = (
    "La importación se detuvo: el proceso en segundo plano que la atiende no dio señales durante {minutes} minutos "
    "(el trabajador de tareas se detuvo o no está en marcha). No se guardó nada. Súbala de nuevo y, si vuelve a "
    "ocurrir, avise al equipo técnico con el nombre del archivo."
)


def importer_class(kind: str):
    classes = {**IMPORTERS, CandidacyImporter.kind: CandidacyImporter, IneImporter.kind: IneImporter}
    if kind not in classes:
        raise ValueError(f"Tipo de importación desconocido: {kind}. Use uno de: {', '.join(classes)}.")
    return classes[kind]


def _importer(kind: str, process, user, **options):
    """The importer of `kind` for `process`; an archived process takes no import (ValidationError)."""
    if process is not None:
        require_writable(process=process)
    return importer_class(kind)(process, user, **options)


def import_rows(
    process, kind: str, header: list, rows: Iterable[list], *, user=None, dry_run=False, progress=None
) -> ImportResult:
    importer = _importer(kind, process, user)
    return run_import(importer, header, rows, dry_run=dry_run, progress=progress)


def import_file(
    process, kind: str, path: str | Path, *, name=None, user=None, dry_run=False, progress=None, **options
) -> ImportResult:
    """`options`: what the importer of `kind` takes besides the process (the INE workbook's entity and election
    day)."""
    importer = _importer(kind, process, user, **options)
    try:
        table = importer.read(path, name)
        return run_import(importer, table.header, table.rows, dry_run=dry_run, progress=progress)
    except FileFormatError as exc:
        return _unreadable(exc, dry_run)


def _unreadable(exc: FileFormatError, dry_run: bool) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    result.add_error(RowError(0, "", ImportErrorCode.BAD_FILE, str(exc)))
    return result


# ---------------------------------------------------------------- jobs (the staff screen)


def create_job(process, kind: str, uploaded_file, user, election_day=None) -> ImportJob:
    importer_class(kind)
    if process is not None:
        require_writable(process=process)
    return ImportJob.objects.create(
        process=process,
        kind=kind,
        file=uploaded_file,
        original_name=uploaded_file.name[:255],
        created_by=user,
        election_day=election_day,
    )


def progress_key(job_id: int) -> str:
    return f"conoceles:import-progress:{job_id}"


def rows_processed(job: ImportJob) -> int:
    """Rows the running job has gone through so far (its task writes them to the cache with the time)."""
    progress = cache.get(progress_key(job.pk))
    return progress[0] if progress else job.rows_processed


def _last_sign_of_life(job: ImportJob) -> datetime.datetime:
    progress = cache.get(progress_key(job.pk))
    if progress:
        return max(job.active_at, datetime.datetime.fromtimestamp(progress[1], tz=datetime.UTC))
    return job.active_at


def end_stalled_jobs() -> int:
    """Mark failed every job still waiting or running with no sign of life for IMPORT_STALL_MINUTES: its task died
    with its worker (or no worker runs), and its page would otherwise say «se actualiza sola» for ever. The job is
    all or nothing, so nothing of it was saved. Returns how many ended."""
    minutes = settings.IMPORT_STALL_MINUTES
    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    ended = 0
    for job in ImportJob.objects.filter(status__in=RUNNING_STATUSES, active_at__lt=cutoff):
        if _last_sign_of_life(job) >= cutoff:
            continue
        # Conditional: a task that moved the job on meanwhile wins.
        if ImportJob.objects.filter(pk=job.pk, status=job.status, active_at=job.active_at).update(
            status=ImportJob.Status.FAILED, failure=STALLED_FAILURE.format(minutes=minutes), active_at=timezone.now()
        ):
            logger.error(
                "Import job %s (%s) stalled: %s with no sign of life since %s; marked failed",
                job.pk,
                job.original_name,
                job.status,
                job.active_at.isoformat(),
            )
            ended += 1
    return ended


def _run_job(job: ImportJob, *, dry_run: bool) -> ImportResult:
    """Every way this can end leaves the job in a final state: a file that cannot be read, or any other error,
    marks it failed with a message for the page, never «en espera» for ever."""
    running = ImportJob.Status.VALIDATING if dry_run else ImportJob.Status.APPLYING

    def progress(rows: int) -> None:
        # The import runs inside one transaction, so progress (and the time, the task's sign of life) goes to the
        # cache, which other requests can see.
        cache.set(progress_key(job.pk), (rows, time.time()), timeout=24 * 3600)

    options = {"election_day": job.election_day} if job.election_day else {}
    try:
        importer = _importer(job.kind, job.process, job.created_by, **options)
        table = importer.read(job.file.path, job.original_name)
        ImportJob.objects.filter(pk=job.pk).update(
            status=running, rows_total=table.row_count or 0, rows_processed=0, active_at=timezone.now()
        )
        result = run_import(importer, table.header, table.rows, dry_run=dry_run, progress=progress)
        _record(job, result)
    except FileFormatError as exc:
        _fail(job, f"{exc} No se guardó nada: corrija el archivo y súbalo de nuevo.")
        return _unreadable(exc, dry_run)
    except Exception:
        logger.exception("Import job %s stopped", job.pk)
        _fail(job, UNEXPECTED_FAILURE)
        raise
    finally:
        cache.delete(progress_key(job.pk))
    return result


def _record(job: ImportJob, result: ImportResult) -> None:
    with transaction.atomic():
        job.row_errors.all().delete()
        ImportRowError.objects.bulk_create(
            (
                ImportRowError(job=job, row=e.row, column=e.column, code=e.code, message=e.message[:500], warning=w)
                for w, found in ((False, result.errors), (True, result.warnings))
                for e in found
            ),
            batch_size=1000,
        )
        job.rows_processed = job.rows_total = result.rows
        job.error_count = result.error_count
        job.summary = {**result.counts, "warnings": result.warning_count}
        job.active_at = timezone.now()
        if not result.ok:
            job.status = ImportJob.Status.INVALID
        elif result.dry_run:
            job.status = ImportJob.Status.VALID
        else:
            job.status = ImportJob.Status.APPLIED
            job.applied_at = timezone.now()
        job.save()


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, failure=message[:2000], active_at=timezone.now()
    )


def validate_job(job: ImportJob) -> ImportResult:
    """Dry run: everything is checked against the database as it is, then rolled back."""
    return _run_job(job, dry_run=True)


def queue_apply(job: ImportJob) -> bool:
    """Mark a validated job as being applied; False if it was not validated or someone already confirmed it.
    The flip is one conditional UPDATE, so a double click cannot apply a file twice."""
    return bool(
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
            status=ImportJob.Status.APPLYING, active_at=timezone.now()
        )
    )


def apply_job(job: ImportJob) -> ImportResult:
    """Apply a job marked by `queue_apply`; if the database changed since validation and the file no longer fits,
    nothing is written and the job shows the new errors."""
    if job.status != ImportJob.Status.APPLYING:
        raise ValueError("Solo se puede aplicar una importación validada y confirmada.")
    return _run_job(job, dry_run=False)
