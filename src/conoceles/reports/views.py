"""Informes (admin and analyst): ask for a report, follow its generation, download the kept ones; and the avance
cuantitativo on screen, with its tables and charts as of now. Generation is conoceles.reports.services'."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from conoceles.core.permissions import Action, can, permission_required
from conoceles.elections.models import ElectoralProcess
from conoceles.gestion.processes import process_for

from . import services
from .builders import builder
from .forms import ReportRequestForm
from .models import GeneratedReport, ReportKind
from .rendering import context

PAGE_SIZE = 25
DESCRIPTIONS = {
    ReportKind.AVANCE: "Universo de candidaturas frente a lo capturado, contestado, consentido, validado, publicado y "
    "observado, por cargo, actor, sexo, distrito y municipio; y las visitas al sitio. Para el Consejo General.",
    ReportKind.OMISOS: "Actores y candidaturas que no capturaron, no completaron o no validaron, con los avisos y "
    "recordatorios que recibió cada uno.",
    ReportKind.FINAL: "Resultados cuantitativos, estadísticas de identidad (completas o con celdas pequeñas "
    "suprimidas) y la evaluación cualitativa con la rúbrica del proceso.",
    ReportKind.MENSUAL: "La actividad del mes registrada por el sistema (entregable 11.5): importaciones, cuentas, "
    "ingresos, capturas, validaciones, observaciones, correcciones y sustituciones.",
}


def _forms(now, data=None, kind=None, process=None):
    return [
        {
            "kind": k,
            "label": label,
            "description": DESCRIPTIONS[k],
            "form": ReportRequestForm(data if k == kind else None, kind=k, now=now, process=process),
        }
        for k, label in ReportKind.choices
    ]


@permission_required(Action.VIEW_STATISTICS)
def report_list(request):
    now = timezone.now()
    services.end_stalled_reports(now)
    kind = request.POST.get("kind") if request.method == "POST" else None
    cards = _forms(now, request.POST if kind else None, kind, process_for(request))
    if kind:
        form = next((c["form"] for c in cards if c["kind"] == kind), None)
        if form is None:
            raise Http404("No existe ese informe.")
        if form.is_valid():
            try:
                report = services.request_report(
                    form.cleaned_data["process"],
                    kind,
                    by=request.user,
                    cut_at=form.cleaned_data["when"],
                    params=form.params(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("reports:detail", report.pk)
    selected = process_for(request)
    reports = GeneratedReport.objects.filter(process=selected).select_related("process", "created_by")
    shown_kind = request.GET.get("tipo")
    if shown_kind in ReportKind.values:
        reports = reports.filter(kind=shown_kind)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/list.html",
        {
            "cards": cards,
            "page": page,
            "kinds": ReportKind.choices,
            "shown_kind": shown_kind,
            "can_open_panel": can(request.user, Action.MANAGE_CATALOGS),
        },
    )


@require_safe
@permission_required(Action.VIEW_STATISTICS)
def report_detail(request, pk):
    services.end_stalled_reports()
    report = get_object_or_404(GeneratedReport.objects.select_related("process", "created_by"), pk=pk)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "author": services.author(report),
            "now": timezone.now(),
            "can_open_panel": can(request.user, Action.MANAGE_CATALOGS),
        },
    )


@require_safe
@permission_required(Action.VIEW_STATISTICS)
def report_file(request, pk, extension):
    report = get_object_or_404(GeneratedReport, pk=pk, status=GeneratedReport.Status.DONE)
    field = {"pdf": report.pdf, "xlsx": report.xlsx}[extension]
    services.record_download(report, request.user, extension)
    name = services.download_name(report, extension)
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@require_safe
@permission_required(Action.VIEW_STATISTICS)
def avance_screen(request):
    process = process_for(request, required=True)
    now = timezone.now()
    document = builder(ReportKind.AVANCE)(process, now, {}, lambda *_: None)
    return render(
        request,
        "reports/avance.html",
        {
            **context(document, process=process, cut_at=now),
            "processes": ElectoralProcess.objects.all(),
            "can_open_panel": can(request.user, Action.MANAGE_CATALOGS),
        },
    )


@require_POST
@permission_required(Action.VIEW_STATISTICS)
def generate_avance(request):
    """«Generar PDF y XLSX» from the screen: the same report, now."""
    process = get_object_or_404(ElectoralProcess, pk=request.POST.get("process"))
    report = services.request_report(process, ReportKind.AVANCE, by=request.user)
    messages.success(request, "El informe se está generando; quedará guardado en la lista de informes.")
    return redirect("reports:detail", report.pk)
