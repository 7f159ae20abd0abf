"""Gestión → Estadísticas completas: the statistics without suppression, for the roles with Action.VIEW_STATISTICS.
Every view and download is logged as an access to sensitive data (accounts.services.record_sensitive_access)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from conoceles.accounts.models import SensitiveDataAccess
from conoceles.accounts.services import record_sensitive_access
from conoceles.core.converters import parse_id
from conoceles.core.permissions import Action, can, permission_required
from conoceles.elections.models import ElectoralProcess
from conoceles.public.statistics.internal import internal_statistics, workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _process(request):
    """The process of `?proceso=<id>`, else the current one (None when there is none)."""
    pk = parse_id(request.GET.get("proceso", ""))
    if pk is not None:
        return get_object_or_404(ElectoralProcess, pk=pk)
    return ElectoralProcess.objects.current()


@never_cache
@permission_required(Action.VIEW_STATISTICS)
def statistics(request):
    process = _process(request)
    today = timezone.localdate()
    context = {
        "process": process,
        "today": today,
        "processes": ElectoralProcess.objects.order_by("-election_day"),
        "can_open_panel": can(request.user, Action.MANAGE_CATALOGS),
    }
    if process is not None:
        context["stats"] = internal_statistics(process, today)
        record_sensitive_access(request.user, SensitiveDataAccess.What.STATISTICS_VIEWED, process=process)
    return render(request, "gestion/statistics.html", context)


@never_cache
@permission_required(Action.VIEW_STATISTICS)
def statistics_xlsx(request):
    process = _process(request)
    if process is None:
        raise Http404("Todavía no hay un proceso electoral vigente.")
    today = timezone.localdate()
    content = workbook(internal_statistics(process, today))
    filename = f"estadisticas-completas-{process.pk}-{today:%Y-%m-%d}.xlsx"
    what = SensitiveDataAccess.What.STATISTICS_DOWNLOADED
    record_sensitive_access(request.user, what, process=process, detail=filename)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
