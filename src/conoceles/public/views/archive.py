"""The public archive of earlier processes (conoceles.public.archive): the list and one process's read-only page."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..archive import archived_processes, downloadable_releases, published_statistics


@require_safe
def archive(request):
    return render(request, "public/archive.html", {"processes": archived_processes()})


@require_safe
def archive_process(request, pk):
    process = archived_processes().filter(pk=pk).first()
    if process is None:
        raise Http404("Ese proceso no está en el archivo público.")
    context = {
        "process": process,
        "stats": published_statistics(process),
        "releases": downloadable_releases(process),
    }
    return render(request, "public/archive_process.html", context)
