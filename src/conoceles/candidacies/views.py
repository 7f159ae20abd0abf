"""Internal candidacy pages for signed-in users, each narrowed to what the user may reach."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from conoceles.core.permissions import ALL, Action, can, candidacies_for, get_candidacy_or_404, scope_of
from conoceles.gestion.processes import process_for

from .models import Candidacy


def _base_queryset():
    return Candidacy.objects.select_related("contest__cargo", "actor", "process")


@login_required
def candidacy_list(request):
    candidacies = candidacies_for(request.user, Action.VIEW_CANDIDACY, _base_queryset())
    if scope_of(request.user, Action.VIEW_CANDIDACY) == ALL:  # staff: the process chosen in the layout's selector
        process = process_for(request)
        candidacies = candidacies.filter(process=process) if process else candidacies.none()
    query = request.GET.get("q", "").strip()
    if query:
        candidacies = candidacies.matching(query)
    page = Paginator(
        candidacies.order_by("contest__cargo__order", "contest__name", "actor__order", "formula_number", "position"), 50
    ).get_page(request.GET.get("page"))
    # The way to the capture screens, for the accounts that capture some candidacies (parties and candidates).
    can_capture = scope_of(request.user, Action.CAPTURE_CANDIDACY) is not None
    can_export = can(request.user, Action.EXPORT_INSTITUTE_DATA)  # the analyst's way to the institute's export
    context = {
        "page": page,
        "query": query,
        "can_capture": can_capture,
        "can_export": can_export,
        "can_view_statistics": can(request.user, Action.VIEW_STATISTICS),  # the analyst's way to reports, statistics
    }
    return render(request, "candidacies/candidacy_list.html", context)


@login_required
def candidacy_detail(request, pk):
    candidacy = get_candidacy_or_404(request.user, Action.VIEW_CANDIDACY, pk, _base_queryset())
    context = {"candidacy": candidacy, "can_capture": can(request.user, Action.CAPTURE_CANDIDACY, candidacy)}
    return render(request, "candidacies/candidacy_detail.html", context)
