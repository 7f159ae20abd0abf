"""The demo process's deliverables calendar: the default list, with those already due fulfilled on their date except
the latest of them, left pending (overdue) so that the calendar shows one to chase."""

import datetime

from django.utils import timezone

from conoceles.gestion.services import ensure_default_deliverables, mark_deliverable_fulfilled


def seed_demo_deliverables(process, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    ensure_default_deliverables(process)
    past = sorted((d for d in process.deliverables.open() if d.due and d.due < today), key=lambda d: (d.due, d.pk))
    for deliverable in past[:-1]:
        mark_deliverable_fulfilled(deliverable, on=deliverable.due)
    return (
        f"Calendario de entregables: {process.deliverables.count()} entregables, {max(len(past) - 1, 0)} cumplidos "
        f"y {min(len(past), 1)} vencido."
    )
