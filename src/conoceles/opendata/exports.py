"""The institute's own full export (deliverables, analysts): every approved candidacy of a process in the open-data
formats, whatever its publication state; identity answers only where consent allows (see records.py).

Each export is a recorded request (InstituteExport: who, when, what), built in the background into private storage
(no URL serves it; staff download it through `views.institute_export_file`)."""

import hashlib
import tempfile
import zipfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from conoceles.core.permissions import require_sensitive_data_readable

from . import records, writers
from .models import InstituteExport

XLSX, ZIP = "xlsx", "zip"
FORMATS = {XLSX: "Libro del INE (.xlsx)", ZIP: "Todos los formatos (.zip)"}


def request_export(process, file_format: str, *, by) -> InstituteExport:
    if file_format not in FORMATS:
        raise ValueError(file_format)
    require_sensitive_data_readable(process)  # bloqueo: no new export carries the process's identity answers
    return InstituteExport.objects.create(process=process, file_format=file_format, created_by=by)


def build_export(export: InstituteExport) -> InstituteExport:
    """Write the export's file (the INE workbook, or a zip of every format) and mark it done (or failed)."""
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            xlsx_only = export.file_format == XLSX
            written = writers.write_files(
                records.records(export.process, records.Scope.INSTITUTE),
                records.identity_headers(export.process),
                work,
                meta={
                    "proceso": {"id": export.process_id, "nombre": export.process.name},
                    "alcance": "institucional: todas las candidaturas aprobadas (uso interno)",
                },
                only=(writers.WORKBOOK,) if xlsx_only else writers.DATA_FILES,
            )
            result = work / writers.WORKBOOK
            if not xlsx_only:
                result = work / "export.zip"
                with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as archive:
                    for path in written.files:
                        archive.write(path, path.name)
            digest = hashlib.sha256()
            with result.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
                f.seek(0)
                export.file.save(filename(export), File(f), save=False)
        export.candidacies = written.count
        export.sha256 = digest.hexdigest()
        export.status = InstituteExport.Status.DONE
    except Exception as error:  # the request shows it failed instead of «en preparación» forever
        export.status = InstituteExport.Status.FAILED
        export.error = f"{type(error).__name__}: {error}"
        raise
    finally:
        export.finished_at = timezone.now()
        export.save()
    return export


def filename(export: InstituteExport) -> str:
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    return f"conoceles-institucional-{export.process_id}-{stamp}.{export.file_format}"
