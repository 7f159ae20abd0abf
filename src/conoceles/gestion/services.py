"""Saving the process settings and the deliverables calendar, and reminding the administration of the deliverables.
Each change is recorded by django-simple-history (who and when: the request's user, via HistoryRequestMiddleware)
and, when the public site shows or depends on it, announced (conoceles.changes)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import Role, User
from conoceles.changes import Reason, rows_changed
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify

from .default_deliverables import DEFAULTS
from .models import Deliverable, DeliverableReminder

PUBLICATION_WINDOW = frozenset({"publication_start", "publication_end"})


@transaction.atomic
def save_process_dates(dates_form, windows_formset) -> bool:
    """Save the process's dates and the cargos' publication windows (both forms valid). Returns whether anything
    changed."""
    process = dates_form.instance
    changed_cargos = [form.save() for form in windows_formset.forms if form.has_changed()]
    if dates_form.has_changed():
        dates_form.save()
        rows_changed(process, changed_fields=dates_form.changed_data, reason=Reason.ADMIN)
    if changed_cargos:
        rows_changed(*changed_cargos, changed_fields=PUBLICATION_WINDOW, reason=Reason.ADMIN)
    return dates_form.has_changed() or bool(changed_cargos)


@transaction.atomic
def save_capture_rules(form) -> bool:
    """Save the capture rules (the form valid); the public site reads their catalogs and limits."""
    if not form.has_changed():
        return False
    rules = form.save()
    rows_changed(rules, changed_fields=form.changed_data, reason=Reason.ADMIN)
    return True


@transaction.atomic
def save_review_rules(form) -> bool:
    """Save the review rules (the form valid): the public site does not show them, nothing to announce."""
    if not form.has_changed():
        return False
    form.save()
    return True


# --- The deliverables calendar ---------------------------------------------------------------------------------------


@transaction.atomic
def ensure_default_deliverables(process) -> list[Deliverable]:
    """Add to `process` the rows of the default list it lacks (default_deliverables.DEFAULTS); the ones it has,
    edited or not, stay as they are. Returns the rows added (none the second time)."""
    have = set(process.deliverables.exclude(default_key="").values_list("default_key", flat=True))
    added = [item.row(process) for item in DEFAULTS if item.key not in have]
    for deliverable in added:
        deliverable.save()
    return added


@transaction.atomic
def save_deliverable(form) -> bool:
    """Save a deliverable (the form valid; a new one too). One marked fulfilled without a date was fulfilled today.
    Returns whether anything changed."""
    deliverable = form.instance
    if deliverable.status == Deliverable.Status.DONE and deliverable.fulfilled_on is None:
        deliverable.fulfilled_on = timezone.localdate()
    if deliverable.pk and not form.has_changed():
        return False
    form.save()
    return True


@transaction.atomic
def mark_deliverable_fulfilled(deliverable, *, on: datetime.date | None = None) -> bool:
    """Mark a deliverable fulfilled on `on` (today by default). Returns False if it already was."""
    if deliverable.status == Deliverable.Status.DONE:
        return False
    deliverable.status = Deliverable.Status.DONE
    deliverable.fulfilled_on = on or timezone.localdate()
    deliverable.full_clean()
    deliverable.save()
    return True


def reminder_days() -> list[int]:
    """How many days before a due date the administration is reminded (settings.DELIVERABLE_REMINDER_DAYS)."""
    return sorted(set(settings.DELIVERABLE_REMINDER_DAYS), reverse=True)


def _when(days: int) -> str:
    return "hoy" if days == 0 else "mañana" if days == 1 else f"en {days} días"


@transaction.atomic
def send_deliverable_reminders(*, today: datetime.date | None = None) -> list[DeliverableReminder]:
    """Remind the active administration accounts (in the site and by e-mail) of each open deliverable of an active
    process due within the largest of `reminder_days()`: once per deliverable, due date and threshold (the smallest
    threshold its date has reached), so running it again the same day, or the next within the same threshold,
    sends nothing new. Returns the reminders sent."""
    today = today or timezone.localdate()
    thresholds = reminder_days()
    admins = list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk"))
    deliverables = Deliverable.objects.open().filter(process__is_active=True).select_related("process")
    reminders = DeliverableReminder.objects.filter(deliverable__in=deliverables)
    sent_before = set(reminders.values_list("deliverable", "due", "days_before"))
    sent = []
    for deliverable in deliverables.order_by("pk"):
        due = deliverable.due
        left = (due - today).days if due else -1
        reached = [days for days in thresholds if 0 <= left <= days]
        if not reached or (deliverable.pk, due, min(reached)) in sent_before:
            continue
        sent.append(DeliverableReminder.objects.create(deliverable=deliverable, due=due, days_before=min(reached)))
        code = f"{deliverable.code} " if deliverable.code else ""
        notify(
            admins,
            kind=Notification.Kind.DELIVERABLE_DUE,
            subject=f"Entregable {code}por vencer {_when(left)}: {deliverable.title}",
            body=(
                f"{deliverable.process.name}. Fecha límite: {due:%d/%m/%Y}."
                + (f" Área responsable: {deliverable.area}." if deliverable.area else "")
                + (f"\n{deliverable.rule}" if deliverable.rule else "")
                + "\nCuando lo entregue, márquelo como cumplido en el calendario de entregables."
            ),
            url=reverse("gestion:deliverables", args=[deliverable.process_id]),
        )
    return sent
