"""The party validates many complete candidacies at once from its capture list (issue 14, point 4): the marked ones
or every complete one under the list's filters, after one confirmation page that lists them, then a result list.

Each validation is conoceles.review.services.validate_candidacy's (the state machine, its announcements); the list's
filters and standings are the dashboard's (conoceles.questionnaires.views.dashboard, conoceles.review.standing).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from conoceles.candidacies.models import Candidacy
from conoceles.core.converters import parse_id
from conoceles.core.permissions import Action, candidacies_for, scope_of
from conoceles.review.services import validate_candidacies
from conoceles.review.standing import Standing, standings

from ..services import has_accepted_current
from .dashboard import ORDER, DashboardFilters


def _candidacies():
    return Candidacy.objects.select_related("contest", "actor", "process")


def _chosen(request):
    """The candidacies the form names (marked, or every complete one under its filters) that the user validates."""
    validatable = candidacies_for(request.user, Action.VALIDATE_CANDIDACY, _candidacies())
    if request.POST.get("seleccion") == "completas":
        filters = DashboardFilters.from_request(request, request.POST)
        matching = filters.apply(validatable)
        ids = [pk for pk, s in standings(matching).items() if s == Standing.COMPLETE]
    elif "ids" in request.POST:
        ids = [pk for pk in map(parse_id, request.POST["ids"].split(",")) if pk]
    else:
        ids = [pk for pk in map(parse_id, request.POST.getlist("candidatura")) if pk]
    return list(validatable.filter(pk__in=ids).order_by(*ORDER))


@require_POST
@login_required
def bulk_validate(request):
    if scope_of(request.user, Action.VALIDATE_CANDIDACY) is None:
        raise PermissionDenied("Solo el actor político que registró las candidaturas las valida.")
    chosen = _chosen(request)
    if not chosen:
        messages.error(request, "Marque al menos una candidatura completa para validarla.")
        return redirect("capture:dashboard")
    # As for a single validation (conoceles.questionnaires.gate): the aviso de privacidad in force comes first.
    for process in {c.process_id: c.process for c in chosen}.values():
        if not has_accepted_current(request.user, process):
            messages.error(request, "Antes de validar, lea y acepte el aviso de privacidad.")
            return redirect(f"{reverse('capture:notice', args=[process.pk])}?next={reverse('capture:dashboard')}")
    if request.POST.get("confirmar") != "1":
        by_pk = standings(_candidacies().filter(pk__in=[c.pk for c in chosen]))
        for candidacy in chosen:
            candidacy.standing = Standing(by_pk[candidacy.pk])
        context = {"chosen": chosen, "ids": ",".join(str(c.pk) for c in chosen)}
        return render(request, "questionnaires/capture/bulk_confirm.html", context)
    results = validate_candidacies(chosen, by=request.user)
    context = {
        "validated": [c for c, reason in results if not reason],
        "refused": [(c, reason) for c, reason in results if reason],
    }
    return render(request, "questionnaires/capture/bulk_result.html", context)
