"""Búsqueda de candidaturas: a GET form whose every state is a URL; htmx swaps only the results in place."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from ..catalog import current_process
from ..forms import SearchForm
from ..search import search_page


def wants_fragment(request) -> bool:
    """An htmx request for part of the page (not htmx restoring a page missing from its history cache)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


@require_safe
def search(request):
    process = current_process()
    context = {"process": process}
    if process is not None:
        form = SearchForm(request.GET, process)
        context |= {"form": form, "page": search_page(process, form.criteria(), request.GET.get("pagina"))}
    fragment = wants_fragment(request) and process is not None
    response = render(request, "public/search_results.html" if fragment else "public/search.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
