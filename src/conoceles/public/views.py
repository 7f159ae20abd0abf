from django.shortcuts import render

from conoceles.elections.selectors import process_overview
from conoceles.elections.models import ElectoralProcess


def home(request):
    process = ElectoralProcess.objects.current()
    return render(request, "public/home.html", {"process": process, "overview": process_overview(process)})
