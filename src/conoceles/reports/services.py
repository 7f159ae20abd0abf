"""Asking for a report and generating it: every state change of a GeneratedReport happens here.

A report reads the data as it stands when it is generated, so its cut is that moment: «now», or a later instant at
which the task worker generates it (the database task backend's deferred tasks). Once done, its files and their
SHA-256 never change; a new cut is a new report."""

import datetime
import hashlib
import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from conoceles.accounts.models import SensitiveDataAccess
from conoceles.accounts.services import record_sensitive_access

from .builders import builder
from .builders.mensual import month_bounds, month_label
from .error_codes import ReportErrorCode
from .models import GeneratedReport, ReportKind
from .rendering import render_pdf, write_xlsx

logger = logging.getLogger(__name__)

# A cut this close to the present is «now» (the time to fill in and send the form).
CUT_TOLERANCE = datetime.timedelta(minutes=10)
FINAL_VERSIONS = {"completa": "versión completa (uso interno)", "publica": "versión pública"}
STATE_KINDS = {ReportKind.AVANCE, ReportKind.OMISOS, ReportKind.FINAL}  # read the present state: a cut is «now»


def can_schedule() -> bool:
    """Does the task backend run tasks later (the database backend's worker)? The immediate one cannot."""
    from .tasks import generate_report_task

    return generate_report_task.get_backend().supports_defer


def clean_params(kind: str, params: dict, now: datetime.datetime) -> dict:
    if kind == ReportKind.MENSUAL:
        start, _ = month_bounds(params.get("month"))
        if start > now:
            raise ValidationError("El mes del informe aún no empieza.", code=ReportErrorCode.MONTH_IN_FUTURE)
        return {"month": params["month"]}
    if kind == ReportKind.FINAL:
        version = params.get("version") or "completa"
        if version not in FINAL_VERSIONS:
            raise ValidationError("Elija la versión completa o la pública.", code=ReportErrorCode.VERSION_INVALID)
        return {"version": version}
    return {}


def title_for(kind: str, process, cut_at: datetime.datetime, params: dict) -> str:
    label = ReportKind(kind).label
    if kind == ReportKind.MENSUAL:
        return f"{label}: {month_label(timezone.localdate(month_bounds(params['month'])[0]))}"
    when = timezone.localtime(cut_at).strftime("%d/%m/%Y %H:%M")
    if kind == ReportKind.FINAL:
        return f"{label}, {FINAL_VERSIONS[params['version']]}, corte {when}"
    return f"{label}, corte {when}"


def request_report(process, kind: str, *, by=None, cut_at=None, params=None, background=True) -> GeneratedReport:
    """Keep a new report and have it generated in the background: now, or at `cut_at` if later. Without
    `background` the caller generates it (manage.py report)."""
    now = timezone.now()
    cut_at = cut_at or now
    params = clean_params(kind, params or {}, now)
    later = cut_at > now + CUT_TOLERANCE
    if kind in STATE_KINDS and cut_at < now - CUT_TOLERANCE:
        raise ValidationError(
            "La fecha de corte ya pasó. Este informe cuenta los datos tal como están al generarse: elija «ahora» o "
            "prográmelo para una fecha futura. Los informes de cortes anteriores están en la lista.",
            code=ReportErrorCode.CUT_IN_PAST,
        )
    if later and not (background and can_schedule()):
        raise ValidationError(
            "Para programar un informe a una fecha futura se necesita el trabajador de tareas (docs/despliegue.md).",
            code=ReportErrorCode.SCHEDULE_UNAVAILABLE,
        )
    cut_at = cut_at if later else now
    report = GeneratedReport.objects.create(
        process=process,
        kind=kind,
        cut_at=cut_at,
        params=params,
        title=title_for(kind, process, cut_at, params),
        created_by=by,
        active_at=now,
    )
    if not background:
        return report
    from .tasks import generate_report_task

    task = generate_report_task.using(run_after=cut_at) if later else generate_report_task
    transaction.on_commit(lambda: task.enqueue(report.pk))
    return report


def _progress(report: GeneratedReport, on_progress=None):
    last = {"percent": -1}

    def progress(percent: int, stage: str) -> None:
        if percent == last["percent"]:
            return
        last["percent"] = percent
        if on_progress:
            on_progress(percent, stage)
        GeneratedReport.objects.filter(pk=report.pk).update(progress=percent, stage=stage, active_at=timezone.now())

    return progress


def latest_by_kind(process) -> dict[str, GeneratedReport]:
    """The last finished report of each kind for `process` (the deliverables calendar links them), in one query."""
    latest: dict[str, GeneratedReport] = {}
    done = GeneratedReport.objects.filter(process=process, status=GeneratedReport.Status.DONE)
    for report in done.order_by("kind", "-created_at", "-pk").only("pk", "kind", "title"):
        latest.setdefault(report.kind, report)
    return latest


def carries_identity_figures(report: GeneratedReport) -> bool:
    """The complete informe final has the identity statistics without suppression (DOMAIN.md §6)."""
    return report.kind == ReportKind.FINAL and report.params.get("version") == "completa"


def record_download(report: GeneratedReport, user, extension: str) -> None:
    """A download of a report with identity figures goes to the log of sensitive-data accesses."""
    if carries_identity_figures(report):
        record_sensitive_access(
            user,
            SensitiveDataAccess.What.REPORT_DOWNLOADED,
            process=report.process,
            detail=f"{report.title} ({extension.upper()})",
        )


def download_name(report: GeneratedReport, extension: str) -> str:
    """«avance-cuantitativo-20270420-2359.pdf»; the month for the monthly report, the version for the final one."""
    if report.kind == ReportKind.MENSUAL:
        stamp = report.params["month"]
    else:
        stamp = timezone.localtime(report.cut_at).strftime("%Y%m%d-%H%M")
    version = f"-{report.params['version']}" if report.kind == ReportKind.FINAL else ""
    return f"{slugify(report.get_kind_display())}{version}-{stamp}.{extension}"


def _file_name(report: GeneratedReport, extension: str) -> str:
    return f"{report.pk}-{download_name(report, extension)}"


def author(report: GeneratedReport) -> str:
    user = report.created_by
    return (user.get_full_name() or user.username) if user else ""


def generate(report: GeneratedReport, on_progress=None) -> GeneratedReport:
    """Build the document and write its PDF and XLSX. A failure ends the report «Falló» with the reason."""
    if report.status != GeneratedReport.Status.PENDING:
        return report
    GeneratedReport.objects.filter(pk=report.pk).update(status=GeneratedReport.Status.RUNNING, active_at=timezone.now())
    progress = _progress(report, on_progress)
    try:
        progress(1, "Leyendo los datos")
        document = builder(report.kind)(report.process, report.cut_at, report.params, progress)
        meta = {
            "process": report.process,
            "cut_at": report.cut_at,
            "generated_at": timezone.now(),
            "generated_by": author(report),
        }
        progress(85, "Escribiendo el PDF")
        pdf = render_pdf(document, **meta)
        progress(95, "Escribiendo el XLSX")
        xlsx = io.BytesIO()
        header = [
            ("Instituto", settings.INSTITUTE["name"]),
            ("Proceso electoral", str(report.process)),
            ("Fecha de corte", timezone.localtime(report.cut_at).replace(tzinfo=None)),
            ("Generado", timezone.localtime(meta["generated_at"]).replace(tzinfo=None)),
            ("Generado por", meta["generated_by"] or "manage.py report"),
        ]
        write_xlsx(document, xlsx, header_lines=header)
    except Exception as error:
        logger.exception("Report %s failed", report.pk)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=GeneratedReport.Status.FAILED,
            error=f"No se pudo generar el informe: {error.__class__.__name__}: {error}",
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    report.refresh_from_db()
    report.pdf.save(_file_name(report, "pdf"), ContentFile(pdf), save=False)
    report.xlsx.save(_file_name(report, "xlsx"), ContentFile(xlsx.getvalue()), save=False)
    report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    report.xlsx_sha256 = hashlib.sha256(xlsx.getvalue()).hexdigest()
    report.status = GeneratedReport.Status.DONE
    report.progress = 100
    report.stage = ""
    report.finished_at = timezone.now()
    report.save()
    progress(100, "Listo")
    return report


def end_stalled_reports(now: datetime.datetime | None = None) -> int:
    """Reports whose task shows no sign of life for REPORT_STALL_MINUTES (its worker died) end «Falló»; a scheduled
    report waits for its cut, so it counts from then."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=getattr(settings, "REPORT_STALL_MINUTES", 30))
    return GeneratedReport.objects.filter(
        status__in=[GeneratedReport.Status.PENDING, GeneratedReport.Status.RUNNING],
        active_at__lt=limit,
        cut_at__lt=limit,
    ).update(
        status=GeneratedReport.Status.FAILED,
        error="El proceso que generaba el informe se detuvo. Vuelva a solicitarlo.",
        finished_at=now,
    )
