from django.shortcuts import render

from conoceles.elections.models import ElectoralProcess
from conoceles.elections.selectors import process_overview


def home(request):
    process = ElectoralProcess.objects.current()
    return render(request, "public/home.html", {"process": process, "overview": process_overview(process)})
