"""Gestión → Estadísticas completas: the statistics without suppression, for the roles with Action.VIEW_STATISTICS.
Every view and download is logged as an access to sensitive data (accounts.services.record_sensitive_access)."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from conoceles.accounts.models import SensitiveDataAccess
from conoceles.accounts.services import record_sensitive_access
from conoceles.core.permissions import Action, can, permission_required, require_sensitive_data_readable
from conoceles.elections.models import ElectoralProcess
from conoceles.gestion.processes import process_for
from conoceles.public.statistics.internal import all_tables, internal_statistics
from conoceles.reports.document import ReportDocument, Section, from_statistics_table
from conoceles.reports.rendering import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _process(request):
    """The process of `?proceso=<id>` (remembered), else the selected or current one (None when there is none)."""
    return process_for(request)


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
        require_sensitive_data_readable(process)
        context["stats"] = internal_statistics(process, today)
        record_sensitive_access(request.user, SensitiveDataAccess.What.STATISTICS_VIEWED, process=process)
    return render(request, "gestion/statistics.html", context)


@never_cache
@permission_required(Action.VIEW_STATISTICS)
def statistics_xlsx(request):
    process = _process(request)
    if process is None:
        raise Http404("Todavía no hay un proceso electoral vigente.")
    require_sensitive_data_readable(process)
    today = timezone.localdate()
    tables = [from_statistics_table(table) for table in all_tables(internal_statistics(process, today))]
    content = io.BytesIO()
    header = [("Proceso electoral", str(process)), ("Datos al", today), ("Uso", "Confidencial: sin supresión")]
    document = ReportDocument("Estadísticas completas", [Section("Estadísticas", tables)])
    write_xlsx(document, content, header_lines=header)
    filename = f"estadisticas-completas-{process.pk}-{today:%Y-%m-%d}.xlsx"
    what = SensitiveDataAccess.What.STATISTICS_DOWNLOADED
    record_sensitive_access(request.user, what, process=process, detail=filename)
    response = HttpResponse(content.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
