"""Gestión → Ajustes del proceso → Ciclo de vida: the dates and options, each step's dry run, the record of the steps
taken, and «Ejecutar ahora» (with a confirmation) for the step whose date has come. Views read and render; the
services take the steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from conoceles.core.permissions import Action, permission_required
from conoceles.elections.models import ElectoralProcess

from . import services
from .forms import ConfirmForm, OptionsForm
from .steps import dry_run, step_for


@permission_required(Action.MANAGE_CATALOGS)
@require_http_methods(["GET", "POST"])
def screen(request, pk):
    process = get_object_or_404(ElectoralProcess, pk=pk)
    form = OptionsForm(request.POST if request.method == "POST" else None, instance=process)  # unchecked: empty
    if request.method == "POST" and form.is_valid():
        if services.save_options(form, by=request.user):
            messages.success(request, "Las opciones quedaron guardadas.")
        else:
            messages.info(request, "No había cambios que guardar.")
        return redirect("lifecycle:screen", process.pk)
    context = {
        "process": process,
        "form": form,
        "overview": services.overview(process),
        "section": "lifecycle",
        "today": timezone.localdate(),
    }
    return render(request, "lifecycle/screen.html", context)


@permission_required(Action.MANAGE_CATALOGS)
@require_http_methods(["GET", "POST"])
def run(request, pk, stage):
    process = get_object_or_404(ElectoralProcess, pk=pk)
    try:
        step = step_for(stage)
    except (ValueError, KeyError):
        raise Http404("No existe ese paso del ciclo de vida.") from None
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    refusal = None
    try:
        services.check_step(process, step, timezone.localdate())
    except ValidationError as error:
        refusal = error.messages[0]
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.run_step(process, step, by=request.user)
        except ValidationError as error:  # taken meanwhile by the scheduled task or another admin
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Se ejecutó «{step.label}». El registro está abajo.")
        return redirect("lifecycle:screen", process.pk)
    context = {
        "process": process,
        "step": step,
        "plan": dry_run(step, process),
        "form": form,
        "refusal": refusal,
        "due": step.due(process),
    }
    return render(
        request, "lifecycle/confirm.html", context, status=409 if refusal and request.method == "POST" else 200
    )
