"""The aviso de privacidad: read and accept the versions in force before capturing (DOMAIN.md §6).

gate.capture_view sends here who has not accepted them yet.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from conoceles.core.http import safe_next_url
from conoceles.core.permissions import Action, candidacies_for
from conoceles.elections.models import ElectoralProcess

from ..models import PrivacyNotice
from ..services import accept_notice, current_notices, notices_to_accept


def _dashboard_url() -> str:
    try:
        return reverse("capture:dashboard")
    except NoReverseMatch:  # the dashboard is another part of issue 4
        return reverse("accounts:home")


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, process_id):
    """Read and accept the aviso integral and simplificado in force; then go on to `next`."""
    user = request.user
    reachable = candidacies_for(user, Action.CAPTURE_CANDIDACY).filter(process_id=process_id).exists() or (
        candidacies_for(user, Action.GIVE_CONSENT).filter(process_id=process_id).exists()
    )
    if not reachable:
        raise Http404("No tiene captura en ese proceso.")
    process = get_object_or_404(ElectoralProcess, pk=process_id)
    next_url = safe_next_url(request)
    notices = current_notices(process)
    published = all(n is not None for n in notices.values())
    pending = notices_to_accept(user, process) if published else []
    error = None
    if request.method == "POST" and published:
        if request.POST.get("accept") != "1":
            error = "Para continuar, marque la casilla «He leído y acepto…» del aviso de privacidad."
        else:
            for item in pending:
                accept_notice(user, item)
            if pending:
                versions = ", ".join(f"{n.get_kind_display().lower()} (versión {n.version})" for n in pending)
                messages.success(request, f"Se registró su aceptación del {versions}.")
            return redirect(next_url or _dashboard_url())
    ordered = [notices[PrivacyNotice.Kind.INTEGRAL], notices[PrivacyNotice.Kind.SIMPLIFIED]]
    return render(
        request,
        "questionnaires/notice.html",
        {
            "process": process,
            "notices": [n for n in ordered if n is not None],
            "published": published,
            "pending": pending,
            "accepted": published and not pending,
            "next": next_url,
            "error": error,
            "continue_url": next_url or _dashboard_url(),
        },
        status=400 if error else 200,
    )
