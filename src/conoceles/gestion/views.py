"""Gestión in the site's own look: the administration's dashboard (where it lands after signing in) and the process
settings (dates and publication windows, review rules, capture rules). Views read and render; saving goes through
conoceles.gestion.services."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, permission_required
from conoceles.elections.models import Cargo, ElectoralProcess
from conoceles.imports.models import ImportJob
from conoceles.public.statistics.figures import progress_counts
from conoceles.questionnaires.models import ConsentFormat
from conoceles.questionnaires.services import capture_rules_for
from conoceles.review.models import CorrectionRequest, Observation
from conoceles.review.services import review_rules_for
from conoceles.review.states import Decision

from . import services
from .calendar import upcoming
from .forms import TEXT_LIMITS, CaptureRulesForm, CargoWindowFormSet, ProcessDatesForm, ReviewRulesForm
from .history import recent_changes

RECENT_IMPORTS = 5
UPCOMING_DATES = 6
PROGRESS = (
    ("captured", "Con cuestionario curricular capturado"),
    ("complete", "Con cuestionario curricular completo"),
    ("validated", "Validadas por su actor político"),
    ("published", "Publicadas hoy"),
)
SAVED = "Los cambios quedaron guardados."
UNCHANGED = "No había cambios que guardar."


def _current_process():
    process = ElectoralProcess.objects.current()
    if process is None:
        raise Http404("Todavía no hay un proceso electoral vigente: créelo en Gestión.")
    return process


def _progress(process, today):
    counts = (
        Candidacy.objects.filter(process=process)
        .active()
        .aggregate(**progress_counts(today, capture_rules_for(process)))
    )
    total = counts["total"]
    rows = [
        {"key": key, "label": label, "count": counts[key], "percent": round(counts[key] * 100 / total) if total else 0}
        for key, label in PROGRESS
    ]
    return total, rows


@permission_required(Action.MANAGE_CATALOGS)
def dashboard(request):
    process = ElectoralProcess.objects.current()
    context = {"process": process}
    if process is not None:
        today = timezone.localdate()
        pending = Q(candidacy__process=process, decision=Decision.PENDING)
        total, progress = _progress(process, today)
        dates = upcoming(process, today)[:UPCOMING_DATES]
        context |= {
            "observations": Observation.objects.filter(pending).count(),
            "correction_requests": CorrectionRequest.objects.filter(pending).count(),
            "consent_formats": ConsentFormat.objects.filter(
                candidacy__process=process, status=ConsentFormat.Status.PENDING
            ).count(),
            "total": total,
            "progress": progress,
            "next_item": dates[0] if dates else None,
            "next_days": dates[0].days_from(today) if dates else None,
            "later_items": dates[1:],
        }
    jobs = ImportJob.objects.filter(Q(process=process) | Q(process__isnull=True)) if process else ImportJob.objects
    context |= {
        "imports": jobs.order_by("-created_at")[:RECENT_IMPORTS],
    }
    return render(request, "gestion/dashboard.html", context)


@permission_required(Action.MANAGE_CATALOGS)
def process_settings(request):
    """Gestión → Proceso: the current process's settings."""
    return redirect("gestion:dates", _current_process().pk)


def _saved(request, changed: bool):
    if changed:
        messages.success(request, SAVED)
    else:
        messages.info(request, UNCHANGED)


@permission_required(Action.MANAGE_CATALOGS)
def dates(request, pk):
    process = get_object_or_404(ElectoralProcess, pk=pk)
    cargos = process.cargos.order_by("order", "name")
    data = request.POST if request.method == "POST" else None
    form = ProcessDatesForm(data, instance=process)
    windows = CargoWindowFormSet(data, queryset=cargos, prefix="cargos")
    if data is not None:
        form_valid = form.is_valid()
        for cargo_form in windows.forms:  # the windows are checked against the election day just submitted
            cargo_form.instance.process = process
        if form_valid and windows.is_valid():
            _saved(request, services.save_process_dates(form, windows))
            return redirect("gestion:dates", process.pk)
    changes = recent_changes(
        process.history.all(),
        Cargo.history.filter(process=process),
        subject=lambda record: "Proceso" if record.instance_type is ElectoralProcess else f"Cargo: {record.name}",
    )
    context = {"process": process, "form": form, "windows": windows, "changes": changes, "section": "dates"}
    return render(request, "gestion/settings_dates.html", context)


def _rules_screen(request, pk, *, rules_for, form_class, save, section, subject, template, **extra):
    """A tab of one process's rules (review or capture): its form, saved through `save`, and its recent changes."""
    process = get_object_or_404(ElectoralProcess, pk=pk)
    rules = rules_for(process)
    form = form_class(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        _saved(request, save(form))
        return redirect(request.path)
    changes = recent_changes(rules.history.all(), subject=lambda record: subject)
    context = {"process": process, "form": form, "changes": changes, "section": section, **extra}
    return render(request, template, context)


@permission_required(Action.MANAGE_CATALOGS)
def review_rules(request, pk):
    return _rules_screen(
        request, pk, rules_for=review_rules_for, form_class=ReviewRulesForm, save=services.save_review_rules,
        section="review", subject="Reglas de revisión", template="gestion/settings_review.html",
    )


@permission_required(Action.MANAGE_CATALOGS)
def capture_rules(request, pk):
    return _rules_screen(
        request, pk, rules_for=capture_rules_for, form_class=CaptureRulesForm, save=services.save_capture_rules,
        section="capture", subject="Reglas de captura", template="gestion/settings_capture.html",
        text_limits=TEXT_LIMITS,
    )
