from django.shortcuts import render

from conoceles.elections.models import ElectoralProcess
from conoceles.elections.selectors import process_overview

from ..ballots import SHARD_SIZE
from ..forms import BallotForm


def home(request):
    """The process in figures, with the two ways in on the page itself: the sección's ballot (the form of «Tu
    boleta», which ballot.js answers from the lookup files) and the search by name (a GET form to /buscar/)."""
    process = ElectoralProcess.objects.current()
    context = {"process": process, "overview": process_overview(process), "shard_size": SHARD_SIZE}
    if process is not None:
        context["form"] = BallotForm(None, process)
    return render(request, "public/home.html", context)
