"""«Mis datos personales»: the candidate downloads her data (acceso) and asks for cancelación or oposición."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from conoceles.core.permissions import Action, can

from . import services
from .forms import REQUEST_KINDS, groups
from .models import ArcoRequest, Kind


def _candidacy_or_404(user):
    """Only a candidate's own account has this page; any other account gets a 404 (there is nothing of hers)."""
    candidacy = user.candidacy
    if candidacy is None or not can(user, Action.EXERCISE_ARCO, candidacy):
        raise Http404("Esta sección es de las personas candidatas, con su propia cuenta.")
    return candidacy


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    candidacy = _candidacy_or_404(request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            made = services.submit_request(
                request.user,
                kind=request.POST.get("kind", ""),
                scope=request.POST.getlist("scope"),
                reasons=request.POST.get("reasons", ""),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"general": error.messages}
        else:
            messages.success(
                request,
                f"Se recibió su solicitud n.º {made.pk}. El instituto responde a más tardar el "
                f"{made.deadline:%d/%m/%Y}; le avisaremos aquí y por correo.",
            )
            return redirect("arco:mine")
    requests = ArcoRequest.objects.filter(candidacy=candidacy).order_by("-received_at", "-pk")
    return render(
        request,
        "arco/mine.html",
        {
            "candidacy": candidacy,
            "errors": errors,
            "kinds": REQUEST_KINDS,
            "groups": groups(),
            "reasons": request.POST.get("reasons", ""),
            "chosen_kind": request.POST.get("kind", ""),
            "chosen_scope": request.POST.getlist("scope"),
            "requests": [r for r in requests if r.kind != Kind.ACCESS],
            "downloads": [r for r in requests if r.kind == Kind.ACCESS][:10],
            "unavailable": services.personal_data_unavailable(candidacy),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def download(request):
    _candidacy_or_404(request.user)
    package, _ = services.download_my_data(request.user)
    response = FileResponse(package.file, as_attachment=True, filename=package.filename, content_type="application/zip")
    response["Cache-Control"] = "no-store"
    return response
