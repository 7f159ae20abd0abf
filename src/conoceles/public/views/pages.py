"""The institute's pages: aviso de privacidad, acerca del sitio and the accessibility statement."""

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
