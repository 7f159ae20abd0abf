"""Tu boleta por sección, and one contest's page: published candidacies by actor and fórmula."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from conoceles.elections.models import Contest, ElectoralProcess

from ..forms import BallotForm
from ..search import ballot_contests, slates


@require_safe
def ballot(request):
    process = ElectoralProcess.objects.current()
    context = {"process": process}
    if process is not None:
        form = BallotForm(request.GET if "seccion" in request.GET else None, process)
        context["form"] = form
        if form.is_valid():
            section = form.cleaned_data["seccion"]
            context |= {"section": section, "slates": slates(process, ballot_contests(section))}
    return render(request, "public/ballot.html", context)


@require_safe
def contest(request, pk):
    contest = get_object_or_404(Contest.objects.select_related("cargo", "process"), pk=pk, process__is_active=True)
    (slate,) = slates(contest.process, [contest])
    return render(request, "public/contest.html", {"slate": slate, "contest": contest})
