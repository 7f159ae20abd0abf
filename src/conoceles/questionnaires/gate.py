"""The two conditions of every capture screen: the user may capture this candidacy, and has accepted the aviso de
privacidad in force (DOMAIN.md §4 step 4). One decorator, used by every capture view."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, get_candidacy_or_404

from .services import has_accepted_current


def capture_view(action: Action = Action.CAPTURE_CANDIDACY):
    """Load `pk` as a candidacy the user may act on (404 otherwise) and, for capture and consent, send the user to
    the aviso first if the version in force is not accepted. The view receives the candidacy instead of the pk."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, pk, *args, **kwargs):
            queryset = Candidacy.objects.select_related("process", "contest__cargo", "actor")
            candidacy = get_candidacy_or_404(request.user, action, pk, queryset)
            # The aviso governs capturing personal data; reading (staff, history, photo) does not require it.
            if action != Action.VIEW_CANDIDACY and not has_accepted_current(request.user, candidacy.process):
                return redirect(f"{reverse('capture:notice', args=[candidacy.process_id])}?next={request.path}")
            return view(request, candidacy, *args, **kwargs)

        return wrapped

    return decorator
