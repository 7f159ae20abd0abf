"""Tu boleta: the form by sección, the ballot page of a set of contests (conoceles.public.ballots), the lookup
sección → ballot, and one contest's page: its registered fórmulas by actor, the published candidacies with
their profiles."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from conoceles.elections.models import Contest, ElectoralProcess

from ..ballots import SHARD_SIZE, ballot_contests, ballot_for_key, ballot_key, section_lookup
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
    """A ballot: its contests, each a link to the contest's page that the browser fills in with the contest's
    candidacies from its fragment (ballot.js). So the page itself depends only on the catalog: a change of a
    candidacy rewrites its contest's two files in the snapshot, not the thousands of ballots that share a contest."""
    process = ElectoralProcess.objects.current()
    found = ballot_for_key(process, key) if process is not None else None
    if found is None:
        raise Http404("No hay una boleta con esas contiendas.")
    context = {"process": process, "form": BallotForm(None, process), "shard_size": SHARD_SIZE, "ballot": found}
    return render(request, "public/ballot_page.html", context)


@require_safe
def contest_fragment(request, pk):
    """One contest's candidacies as a fragment of a ballot page (read by ballot.js)."""
    contest = get_object_or_404(Contest.objects.select_related("cargo", "process"), pk=pk, process__is_active=True)
    (slate,) = slates(contest.process, [contest], registered=True)
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
    (slate,) = slates(contest.process, [contest], registered=True)
    return render(request, "public/contest.html", {"slate": slate, "contest": contest})
