"""The actor's side of the workflow (DOMAIN.md §4 steps 5, 7, 8): validate, see observations, send corrections,
ask to reopen rubros. Loaded like every capture screen (404 for another actor's candidacy)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from conoceles.core.forms import add_service_error
from conoceles.core.permissions import Action, can
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.gate import capture_view
from conoceles.questionnaires.rubros import RUBROS

from . import services
from .editing import editable_rubros
from .forms import CorrectionRequestForm
from .publication import is_public, publication_window
from .states import TO_CORRECT_RUBRO_STATES, Decision, State


@capture_view(Action.VIEW_CANDIDACY)
def status(request, candidacy, form=None, submit_error=None):
    """`submit_error`: (rubro code, the note sent, the messages) of a refused «Enviar corrección», shown next to
    that rubro's form with the note kept."""
    workflow = services.workflow_of(candidacy)
    states = services.rubro_states_of(candidacy)
    completeness = curricular_completeness(candidacy)
    may_validate = can(request.user, Action.VALIDATE_CANDIDACY, candidacy)
    validated_rubros = [code for code, state in states.items() if state.state == State.VALIDATED]
    requests_left = services.correction_requests_left(candidacy)
    can_request = may_validate and workflow.state == State.VALIDATED and requests_left > 0 and validated_rubros
    editable = editable_rubros(candidacy)
    rejections = {
        code: event
        for code, event in services.last_reasons(candidacy, State.CORRECTION_REJECTED).items()
        if states[code].state == State.CORRECTION_REJECTED
    }
    error_rubro, error_note, error_messages = submit_error or ("", "", ())
    try:
        services.require_validatable(candidacy, workflow)
    except ValidationError as error:
        refusal = error.messages[0]
    else:
        refusal = ""
    context = {
        "candidacy": candidacy,
        "workflow": workflow,
        "rubros": [
            {
                "rubro": rubro,
                "state": states[rubro.code],
                "editable": rubro.code in editable,
                "complete": completeness.rubro(rubro.code).complete,
                "can_submit": may_validate and states[rubro.code].state in TO_CORRECT_RUBRO_STATES,
                "rejection": rejections.get(rubro.code),
                "note": error_note if rubro.code == error_rubro else "",
                "errors": error_messages if rubro.code == error_rubro else (),
            }
            for rubro in RUBROS
        ],
        "missing": services.missing_message(completeness.missing) if not completeness.complete else "",
        "can_validate": may_validate and not refusal,
        "validation_refusal": refusal if may_validate else "",
        "may_validate": may_validate,
        "observations": candidacy.observations.filter(decision=Decision.APPROVED).order_by("-decided_at"),
        "correction_requests": candidacy.correction_requests.order_by("-requested_at"),
        "requests_left": requests_left,
        "request_form": form or (CorrectionRequestForm(rubros=validated_rubros) if can_request else None),
        "is_public": is_public(candidacy),
        "window": publication_window(candidacy),
    }
    refused = form is not None or submit_error is not None
    return render(request, "review/actor_status.html", context, status=400 if refused else 200)


def _apply(request, change, success: str) -> None:
    """Run a service call; each message of its refusal becomes an error message of its own (buttons without
    fields: there is no field for a message to land next to)."""
    try:
        change()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)


@require_POST
@capture_view(Action.VALIDATE_CANDIDACY)
def validate(request, candidacy):
    _apply(
        request,
        lambda: services.validate_candidacy(candidacy, by=request.user),
        "Candidatura validada: se publica en el sitio durante el periodo de publicación de su cargo.",
    )
    return redirect("review_actor:status", candidacy.pk)


@require_POST
@capture_view(Action.VALIDATE_CANDIDACY)
def submit_correction(request, candidacy, rubro_code):
    note = request.POST.get("note", "")
    try:
        services.submit_correction(candidacy, rubro_code, by=request.user, note=note)
    except ValidationError as error:
        return status(request, candidacy.pk, submit_error=(rubro_code, note, error.messages))
    messages.success(request, "Corrección enviada: el Instituto la revisará antes de volver a publicar el rubro.")
    return redirect("review_actor:status", candidacy.pk)


@require_POST
@capture_view(Action.VALIDATE_CANDIDACY)
def request_correction(request, candidacy):
    states = services.rubro_states_of(candidacy)
    validated = [code for code, state in states.items() if state.state == State.VALIDATED]
    form = CorrectionRequestForm(request.POST, rubros=validated)
    if form.is_valid():
        try:
            services.request_correction(candidacy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Solicitud enviada; la Instancia Interna la resolverá.")
            return redirect("review_actor:status", candidacy.pk)
    return status(request, candidacy.pk, form=form)
