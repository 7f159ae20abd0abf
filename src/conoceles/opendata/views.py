"""Open data on the site: the public list of releases and their files, and the staff screen (releases on demand,
the institute's full export)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conoceles.core.permissions import Action, can, permission_required, require_sensitive_data_readable
from conoceles.elections.models import ElectoralProcess
from conoceles.gestion.processes import process_for

from . import exports, releases, tasks
from .forms import ExportForm
from .models import InstituteExport, OpenDataRelease

PAGE_SIZE = 30
IMMUTABLE = 365 * 24 * 3600  # a release's files never change


@require_safe
def index(request):
    process = ElectoralProcess.objects.current()
    rows = OpenDataRelease.objects.filter(process=process) if process else OpenDataRelease.objects.none()
    withdrawn = process is not None and process.publication_has_ended and not process.keep_open_data
    if withdrawn:  # OpenDataRelease.published_files: none of them is downloadable any more
        rows = OpenDataRelease.objects.none()
    rows = rows.select_related("process")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"process": process, "page": page, "latest": rows.first(), "withdrawn": withdrawn}
    return render(request, "opendata/index.html", context)


@require_safe
def release_file(request, process: int, name: str, filename: str):
    release = get_object_or_404(OpenDataRelease, process_id=process, name=name)
    if filename not in releases.published_files(release):
        raise Http404("No existe ese archivo en esta versión.")
    path = releases.release_dir(release) / filename
    if not path.is_file():
        raise Http404("El archivo de esta versión no está disponible en este servidor.")
    response = FileResponse(path.open("rb"), as_attachment=filename.endswith((".zip", ".xlsx")), filename=filename)
    if filename.endswith((".md", "SHA256SUMS")):
        response["Content-Type"] = "text/plain; charset=utf-8"
    patch_cache_control(response, public=True, max_age=IMMUTABLE, immutable=True)
    return response


@permission_required(Action.EXPORT_INSTITUTE_DATA)
@require_http_methods(["GET", "POST"])
def staff(request):
    process = process_for(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and process is not None and form.is_valid():
        export = exports.request_export(process, form.cleaned_data["file_format"], by=request.user)
        tasks.build_export_task.enqueue(export.pk)
        messages.success(request, "La exportación está en preparación; descárguela de la lista cuando esté lista.")
        return redirect("opendata:staff")
    context = {
        "process": process,
        "form": form,
        "releases": OpenDataRelease.objects.filter(process=process)[:10] if process else [],
        "exports": InstituteExport.objects.filter(process=process).select_related("created_by", "process")[:20],
        "can_release": can(request.user, Action.MANAGE_CATALOGS),
        "has_published": process is not None and releases.has_published_data(process),
    }
    return render(request, "opendata/staff.html", context)


@permission_required(Action.MANAGE_CATALOGS)
@require_POST
def staff_release(request):
    process = process_for(request)
    if process is None:
        messages.error(request, "No hay un proceso electoral vigente.")
        return redirect("opendata:staff")
    tasks.build_release_task.enqueue(process.pk, request.user.pk)
    messages.success(request, "La nueva versión de los datos abiertos está en preparación; aparecerá en la lista.")
    return redirect("opendata:staff")


@permission_required(Action.EXPORT_INSTITUTE_DATA)
@require_safe
def institute_export_file(request, pk: int):
    exports_done = InstituteExport.objects.select_related("process").filter(status=InstituteExport.Status.DONE)
    export = get_object_or_404(exports_done, pk=pk)
    require_sensitive_data_readable(export.process)  # bloqueo: the export carries identity answers
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=exports.filename(export))
    patch_cache_control(response, private=True, no_store=True)
    return response
