from django.shortcuts import render

from conoceles.core.permissions import Action, can
from conoceles.elections.models import ElectoralProcess

from ..statistics import cached_statistics
from ..visits import flush_visits, visits_summary


def statistics(request):
    process = ElectoralProcess.objects.current()
    context = {"process": process, "stats": cached_statistics(process) if process else None}
    if can(request.user, Action.VIEW_STATISTICS):  # staff only: signed in, so this page is never cached for them
        flush_visits()
        context["visits"] = visits_summary()
    return render(request, "public/statistics.html", context)
