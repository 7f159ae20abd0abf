"""The institute's pages: aviso de privacidad, acerca del sitio and the accessibility statement; the favicon."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services.consent import current_notices

from ..profiles import UNAVAILABLE


@require_safe
def privacy_notice(request):
    process = ElectoralProcess.objects.current()
    notices = current_notices(process) if process else {}
    context = {
        "process": process,
        "integral": notices.get(PrivacyNotice.Kind.INTEGRAL),
        "simplified": notices.get(PrivacyNotice.Kind.SIMPLIFIED),
    }
    return render(request, "public/pages/privacy_notice.html", context)


@require_safe
def about(request):
    context = {"process": ElectoralProcess.objects.current(), "unavailable": UNAVAILABLE}
    return render(request, "public/pages/about.html", context)


@require_safe
def accessibility(request):
    return render(request, "public/pages/accessibility.html")


FAVICON = "conoceles/img/favicon.ico"  # pages link the SVG beside it (base.html); /favicon.ico is what browsers ask


@require_safe
def favicon(request):
    with open(finders.find(FAVICON), "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
