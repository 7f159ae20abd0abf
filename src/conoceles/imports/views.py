from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conoceles.core.permissions import Action, permission_required, require_sensitive_data_readable
from conoceles.gestion.processes import process_for

from . import samples, services
from .forms import UploadForm
from .models import ImportJob
from .tasks import apply_job_task, validate_job_task

SUMMARY_LABELS = {
    "created": "Nuevos",
    "updated": "Actualizados",
    "unchanged": "Sin cambios",
    "substituted": "Sustituciones",
    "districts_created": "Distritos nuevos",
    "districts_updated": "Distritos actualizados",
    "municipalities_created": "Municipios nuevos",
    "municipalities_updated": "Municipios actualizados",
    "processes_created": "Procesos electorales nuevos",
    "cargos_created": "Cargos nuevos",
    "contests_created": "Contiendas nuevas",
    "actors_created": "Actores políticos nuevos",
    "curricular_created": "Cuestionarios curriculares nuevos",
    "curricular_updated": "Cuestionarios curriculares actualizados",
    "answers_written": "Respuestas de identidad nuevas o cambiadas",
    "skipped": "Filas de otras entidades (no se importan)",
    "warnings": "Avisos",
}
WARNINGS_SHOWN = 1000


@permission_required(Action.MANAGE_CATALOGS)
def job_list(request):
    form = UploadForm(request.POST or None, request.FILES or None, process=process_for(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = services.create_job(data["process"], data["kind"], data["file"], request.user, data["election_day"])
        validate_job_task.enqueue(job.pk)
        return redirect("imports:detail", pk=job.pk)
    services.end_stalled_jobs()
    jobs = Paginator(ImportJob.objects.select_related("process", "created_by"), 25).get_page(request.GET.get("page"))
    return render(
        request, "imports/job_list.html", {"form": form, "jobs": jobs, "templates": samples.template_kinds()}
    )


@permission_required(Action.MANAGE_CATALOGS)
def template_download(request, kind):
    if kind not in samples.EXAMPLES:
        raise Http404
    response = HttpResponse(
        samples.template_workbook(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="plantilla-{samples.FILE_NAMES[kind]}.xlsx"'
    return response


@permission_required(Action.MANAGE_CATALOGS)
def job_detail(request, pk):
    services.end_stalled_jobs()
    job = get_object_or_404(ImportJob.objects.select_related("process", "created_by"), pk=pk)
    if job.kind in (ImportJob.Kind.CANDIDACIES, ImportJob.Kind.INE):
        # Their rows (and the errors quoting them) carry private e-mails and identity answers: blocked with the process.
        require_sensitive_data_readable(job.process)
    errors = Paginator(job.row_errors.filter(warning=False), 100).get_page(request.GET.get("page"))
    summary = [(SUMMARY_LABELS.get(key, key), value) for key, value in job.summary.items() if value]
    error_rows = job.row_errors.filter(warning=False, row__gt=1).values("row").distinct().count()
    return render(
        request,
        "imports/job_detail.html",
        {
            "job": job,
            "errors": errors,
            "warnings": job.row_errors.filter(warning=True)[:WARNINGS_SHOWN],
            "summary": summary,
            "running": job.running,
            "error_rows": error_rows,
            "rows_processed": services.rows_processed(job),
        },
    )


@permission_required(Action.MANAGE_CATALOGS)
@require_POST
def job_confirm(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    if not services.queue_apply(job):
        messages.error(request, "Solo se puede confirmar una vez una importación validada y sin errores.")
        return redirect("imports:detail", pk=job.pk)
    apply_job_task.enqueue(job.pk)
    job.refresh_from_db()
    if job.status == ImportJob.Status.APPLIED:
        messages.success(request, "Importación terminada: los datos ya están guardados.")
    elif job.status == ImportJob.Status.INVALID:
        messages.error(
            request, "Los datos cambiaron desde la validación y el archivo ya no es válido; no se guardó nada."
        )
    return redirect("imports:detail", pk=job.pk)
