"""Gestión in the site's own look: the administration's dashboard (where it lands after signing in), the process
settings (dates and publication windows, review rules, capture rules) and the deliverables calendar with its
iCalendar feed. Views read and render; saving goes through conoceles.gestion.services."""

import datetime
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, permission_required
from conoceles.elections.models import Cargo, ElectoralProcess
from conoceles.elections.services import create_process
from conoceles.gestion.processes import PARAMETER as PROCESS_PARAMETER
from conoceles.gestion.processes import SESSION_KEY as PROCESS_SESSION_KEY
from conoceles.gestion.processes import process_for
from conoceles.imports.models import ImportJob
from conoceles.public.statistics.figures import progress_counts
from conoceles.questionnaires.models import ConsentFormat
from conoceles.questionnaires.services import capture_rules_for
from conoceles.reports.services import latest_by_kind
from conoceles.review.models import CorrectionRequest, Observation
from conoceles.review.services import review_rules_for
from conoceles.review.states import Decision

from . import services
from .calendar import upcoming
from .forms import (
    TEXT_LIMITS,
    CaptureRulesForm,
    CargoWindowFormSet,
    DeliverableForm,
    NewProcessForm,
    ProcessDatesForm,
    ReviewRulesForm,
)
from .history import recent_changes
from .ics import deliverables_calendar, feed_token, feed_user
from .models import Deliverable

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
    process = process_for(request)
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
    """Gestión → Proceso: every process of the installation, which one the public site shows (the active one with
    the latest election day) and each one's lifecycle stage, with the way to create a new one."""
    current = ElectoralProcess.objects.current()
    rows = ElectoralProcess.objects.annotate(
        candidacy_count=Count("candidacies", distinct=True), actor_count=Count("actors", distinct=True)
    ).order_by("-election_day", "-pk")
    context = {"processes": rows, "current": current, "selected": process_for(request)}
    return render(request, "gestion/processes.html", context)


@permission_required(Action.MANAGE_CATALOGS)
def process_new(request):
    """Gestión → Proceso → Nuevo proceso. Earlier processes stay; the new one is selected for the staff screens."""
    form = NewProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        process = create_process(**form.cleaned_data)
        request.session[PROCESS_SESSION_KEY] = process.pk
        current = ElectoralProcess.objects.current()
        shown = "Es el proceso que ahora muestra el sitio público." if current == process else (
            f"El sitio público sigue mostrando «{current}», que tiene la jornada electoral más reciente."
        )
        messages.success(
            request,
            f"Se creó el proceso «{process}». {shown} Importe ahora sus catálogos y candidaturas en Importaciones.",
        )
        return redirect(f"{reverse('gestion:process')}?proceso={process.pk}")
    return render(request, "gestion/process_new.html", {"form": form})


def _selected_elsewhere(request, pk) -> int | None:
    """On a screen of process `pk`, the layout's selector (`?proceso=`) chose another process: its id, so that the
    screen opens the same tab of that process."""
    if request.method != "GET" or not request.GET.get(PROCESS_PARAMETER):
        return None
    chosen = process_for(request)
    return chosen.pk if chosen is not None and chosen.pk != pk else None


def _saved(request, changed: bool):
    if changed:
        messages.success(request, SAVED)
    else:
        messages.info(request, UNCHANGED)


@permission_required(Action.MANAGE_CATALOGS)
def dates(request, pk):
    if (other := _selected_elsewhere(request, pk)) is not None:
        return redirect("gestion:dates", other)
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
    if (other := _selected_elsewhere(request, pk)) is not None:
        return redirect(request.resolver_match.view_name, other)
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


# --- The deliverables calendar ---------------------------------------------------------------------------------------

OVERDUE = "overdue"
STATUS_FILTERS = [*Deliverable.Status.choices, (OVERDUE, "Vencidos")]


def _date_order(deliverable):
    """By due date (the undated last), then by activity number (11.2 before 11.10; S/ID after), then by title."""
    due = deliverable.due
    number = tuple(int(part) for part in deliverable.code.split(".") if part.isdigit())
    return (due is None, due or datetime.date.max, not number, number, deliverable.title)


def _shown(deliverable, status: str, today) -> bool:
    if status == OVERDUE:
        return deliverable.is_overdue(today)
    return not status or deliverable.status == status


def _deliverables_url(process, status: str = "") -> str:
    url = reverse("gestion:deliverables", args=[process.pk])
    return f"{url}?estado={status}" if status in dict(STATUS_FILTERS) else url


@permission_required(Action.MANAGE_CATALOGS)
def deliverables(request, pk):
    """The process's deliverables in date order, grouped by month, filtered by status; and the personal feed address."""
    if (other := _selected_elsewhere(request, pk)) is not None:
        return redirect("gestion:deliverables", other)
    process = get_object_or_404(ElectoralProcess, pk=pk)
    today = timezone.localdate()
    everything = sorted(process.deliverables.all(), key=_date_order)
    status = request.GET.get("estado", "")
    status = status if status in dict(STATUS_FILTERS) else ""
    reports = latest_by_kind(process)

    def report_url(kind: str) -> str:
        return reverse("reports:detail", args=[reports[kind].pk]) if kind in reports else ""

    rows = [
        # the last finished report of the deliverable's kind, which may fulfil it
        {"deliverable": d, "overdue": d.is_overdue(today), "latest_report_url": report_url(d.report_kind)}
        for d in everything
        if _shown(d, status, today)
    ]
    dated = [row for row in rows if row["deliverable"].due]
    months = [
        {"start": start, "rows": list(group)}
        for start, group in groupby(dated, key=lambda row: row["deliverable"].due.replace(day=1))
    ]
    filters = [("", "Todos", len(everything))] + [
        (value, label, sum(_shown(d, value, today) for d in everything)) for value, label in STATUS_FILTERS
    ]
    feed = reverse("gestion:deliverables_feed", args=[process.pk])
    context = {
        "process": process,
        "section": "deliverables",
        "has_any": bool(everything),
        "months": months,
        "undated": [row for row in rows if not row["deliverable"].due],
        "filters": filters,
        "status": status,
        "feed_url": request.build_absolute_uri(f"{feed}?token={feed_token(request.user)}"),
    }
    return render(request, "gestion/deliverables.html", context)


@permission_required(Action.MANAGE_CATALOGS)
def deliverable_edit(request, pk, deliverable_pk=None):
    """Edit a deliverable, or add one (without `deliverable_pk`)."""
    process = get_object_or_404(ElectoralProcess, pk=pk)
    deliverable = get_object_or_404(process.deliverables, pk=deliverable_pk) if deliverable_pk else None
    form = DeliverableForm(request.POST or None, instance=deliverable, process=process)
    if request.method == "POST" and form.is_valid():
        _saved(request, services.save_deliverable(form))
        return redirect(f"{_deliverables_url(process)}#entregable-{form.instance.pk}")
    changes = []
    if deliverable is not None:
        changes = recent_changes(deliverable.history.all(), subject=lambda record: "Entregable")
    context = {"process": process, "deliverable": deliverable, "form": form, "changes": changes}
    return render(request, "gestion/deliverable_form.html", context)


@permission_required(Action.MANAGE_CATALOGS)
@require_POST
def deliverable_fulfilled(request, pk, deliverable_pk):
    process = get_object_or_404(ElectoralProcess, pk=pk)
    deliverable = get_object_or_404(process.deliverables, pk=deliverable_pk)
    if services.mark_deliverable_fulfilled(deliverable):
        messages.success(request, f"«{deliverable.title}» quedó cumplido el {deliverable.fulfilled_on:%d/%m/%Y}.")
    else:
        messages.info(request, "Ese entregable ya estaba cumplido.")
    return redirect(f"{_deliverables_url(process, request.POST.get('estado', ''))}#entregable-{deliverable.pk}")


@permission_required(Action.MANAGE_CATALOGS)
@require_POST
def default_deliverables(request, pk):
    process = get_object_or_404(ElectoralProcess, pk=pk)
    added = services.ensure_default_deliverables(process)
    if added:
        messages.success(request, f"Se agregaron {len(added)} entregables de la lista predeterminada.")
    else:
        messages.info(request, "El proceso ya tenía todos los entregables de la lista predeterminada.")
    return redirect(_deliverables_url(process))


def deliverables_feed(request, pk):
    """The iCalendar feed: no session (calendar applications have none), the personal token instead."""
    if feed_user(request.GET.get("token", "")) is None:
        raise PermissionDenied(
            "Esta dirección del calendario no es válida o ya no está vigente: copie la suya desde el calendario de "
            "entregables."
        )
    process = get_object_or_404(ElectoralProcess, pk=pk)
    screen = request.build_absolute_uri(reverse("gestion:deliverables", args=[process.pk]))
    feed = deliverables_calendar(process, process.deliverables.all(), url=screen)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="entregables.ics"'
    patch_cache_control(response, private=True, no_store=True)
    return response
