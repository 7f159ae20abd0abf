from django.conf import settings
from django.shortcuts import render

from conoceles.core.permissions import Action, can
from conoceles.elections.models import ElectoralProcess

from ..statistics import cached_statistics
from ..tasks import schedule_visits_flush, schedules_flushes
from ..visits import flush_visits, last_flush, visits_summary


def statistics(request):
    process = ElectoralProcess.objects.current()
    context = {"process": process, "stats": cached_statistics(process) if process else None}
    if can(request.user, Action.VIEW_STATISTICS):  # staff only: signed in, so this page is never cached for them
        if schedules_flushes():
            schedule_visits_flush()  # the worker flushes them; this restarts its schedule if it was ever lost
            context["visits_flush_minutes"] = settings.VISITS_FLUSH_MINUTES
        else:  # no worker: flushed now, for this page
            flush_visits()
        context["visits"] = visits_summary()
        context["visits_flushed"] = last_flush()
    return render(request, "public/statistics.html", context)
