"""The process's calendar: every dated obligation the system knows, in date order, for the dashboard's «próximas
fechas»: the process's dates, the cargos' publication windows and the deliverables still open."""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from conoceles.elections.models import DATE_ORDER, ElectoralProcess


@dataclass(frozen=True)
class DatedItem:
    date: datetime.date
    label: str
    url: str = ""  # where the institute acts on it or sets it

    def days_from(self, today: datetime.date) -> int:
        return (self.date - today).days


def process_calendar(process: ElectoralProcess) -> list[DatedItem]:
    """The process's dates (capture deadline, election day, end of publication, archive, bloqueo, cancelación), each
    cargo's publication window and each open deliverable with a due date, in date order."""
    settings_url = reverse("gestion:dates", args=[process.pk])
    items = [
        DatedItem(getattr(process, name), process._meta.get_field(name).verbose_name.capitalize(), settings_url)
        for name in DATE_ORDER
        if getattr(process, name)
    ]
    for cargo in process.cargos.all():
        if cargo.publication_start:
            items.append(DatedItem(cargo.publication_start, f"Inicio de publicación: {cargo.name}", settings_url))
        if cargo.publication_end:
            items.append(DatedItem(cargo.publication_end, f"Fin de publicación: {cargo.name}", settings_url))
    deliverables_url = reverse("gestion:deliverables", args=[process.pk])
    for deliverable in process.deliverables.open():
        if deliverable.due:
            label = f"Entregable {deliverable.code or 'S/ID'}: {deliverable.title}"
            items.append(DatedItem(deliverable.due, label, f"{deliverables_url}#entregable-{deliverable.pk}"))
    return sorted(items, key=lambda item: (item.date, item.label))


def upcoming(process: ElectoralProcess, today: datetime.date) -> list[DatedItem]:
    """The items from today on: the first is «the next deliverable»."""
    return [item for item in process_calendar(process) if item.date >= today]
