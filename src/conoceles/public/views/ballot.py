"""Tu boleta: the form by sección, the ballot page of a set of contests (conoceles.public.ballots), the lookup
sección → ballot, and one contest's page: published candidacies by actor and fórmula."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from conoceles.elections.models import Contest, ElectoralProcess

from ..ballots import SHARD_SIZE, ballot_contests, ballot_for_key, ballot_key, is_shared, section_lookup
from ..forms import BallotForm
from ..search import slates


@require_safe
def ballot(request):
    """The form; a valid sección is sent to its ballot's page (the browser with JavaScript goes there itself)."""
    process = ElectoralProcess.objects.current()
    context = {"process": process, "shard_size": SHARD_SIZE}
    if process is not None:
        form = BallotForm(request.GET if "seccion" in request.GET else None, process)
        context["form"] = form
        if form.is_valid():
            section = form.cleaned_data["seccion"]
            url = reverse("public:ballot_page", args=[ballot_key(ballot_contests(section))])
            return redirect(f"{url}?seccion={section.number}")
    return render(request, "public/ballot.html", context)


@require_safe
def ballot_page(request, key):
    """A ballot: its own contests (district, municipality) with their candidacies; those of the whole entity, on
    every ballot, as a link that the browser fills in from the contest's fragment (so a change of a governor's
    candidacy rewrites one file of the snapshot, not every ballot)."""
    process = ElectoralProcess.objects.current()
    found = ballot_for_key(process, key) if process is not None else None
    if found is None:
        raise Http404("No hay una boleta con esas contiendas.")
    own = {s.contest.pk: s for s in slates(process, [c for c in found.contests if not is_shared(c)])}
    context = {
        "process": process,
        "form": BallotForm(None, process),
        "shard_size": SHARD_SIZE,
        "ballot": found,
        "sections": [(contest, own.get(contest.pk)) for contest in found.contests],
    }
    return render(request, "public/ballot_page.html", context)


@require_safe
def contest_fragment(request, pk):
    """One contest's candidacies as a fragment of a ballot page (read by ballot.js)."""
    contest = get_object_or_404(Contest.objects.select_related("cargo", "process"), pk=pk, process__is_active=True)
    (slate,) = slates(contest.process, [contest])
    return render(request, "public/contest_slate.html", {"slate": slate, "heading": 4})


@require_safe
def ballot_lookup(request, shard):
    process = ElectoralProcess.objects.current()
    keys = section_lookup(process, shard) if process is not None else {}
    if not keys:
        raise Http404("No hay secciones en ese intervalo.")
    return JsonResponse(keys)


@require_safe
def contest(request, pk):
    contest = get_object_or_404(Contest.objects.select_related("cargo", "process"), pk=pk, process__is_active=True)
    (slate,) = slates(contest.process, [contest])
    return render(request, "public/contest.html", {"slate": slate, "contest": contest})
