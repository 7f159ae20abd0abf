"""Reminders before the capture deadline: `manage.py send_capture_reminders`, run once a day (docs/despliegue.md).

For each active process whose capture deadline falls within the next `days` days, the active candidacies whose
curricular questionnaire is incomplete (questionnaires.completeness decides) are told to the accounts that
capture them (`recipients_for`): one notice per account listing all of its incomplete candidacies, and at most
one reminder per account per day, so running it twice the same day sends nothing new."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import User
from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.completeness import completeness_for

from .models import Notification
from .services import recipients_q, save_notifications

DEFAULT_DAYS = 3
BATCH = 500  # candidacies per completeness computation (four queries each)
LISTED = 50  # candidacies named in one message; the rest are counted


@dataclass
class Reminder:
    user: object
    deadline: datetime.date
    candidacies: list = field(default_factory=list)  # (candidacy, labels of the incomplete rubros)


def _incomplete(process) -> list:
    """(candidacy, incomplete rubro labels) of the process's active candidacies with the curricular incomplete."""

    found = []
    rows = (
        Candidacy.objects.active()
        .filter(process=process)
        .select_related("contest")
        .order_by("contest__cargo__order", "contest__name", "formula_number", "position")
        .iterator(chunk_size=BATCH)
    )
    while chunk := list(islice(rows, BATCH)):
        completeness = completeness_for(chunk)
        for candidacy in chunk:
            curricular = completeness[candidacy.pk].curricular
            if not curricular.complete:
                found.append((candidacy, [r.label for r in curricular.rubros if not r.complete]))
    return found


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def plan_capture_reminders(*, days: int = DEFAULT_DAYS, today: datetime.date | None = None) -> list[Reminder]:
    """The reminders due today, one per account, without those already reminded today. Writes nothing."""

    today = today or timezone.localdate()
    reminded = set(
        Notification.objects.filter(
            kind=Notification.Kind.CAPTURE_REMINDER, created_at__range=_day_bounds(today)
        ).values_list("user_id", flat=True)
    )
    reminders: dict[int, Reminder] = {}
    processes = ElectoralProcess.objects.filter(
        is_active=True, capture_deadline__gte=today, capture_deadline__lte=today + datetime.timedelta(days=days)
    )
    for process in processes.order_by("capture_deadline", "pk"):
        incomplete = _incomplete(process)
        by_actor, by_candidacy = defaultdict(list), {}
        for item in incomplete:
            by_actor[item[0].actor_id].append(item)
            by_candidacy[item[0].pk] = item
        users = User.objects.filter(recipients_q(by_actor, by_candidacy)).exclude(pk__in=reminded)
        for user in users.select_related("actor", "candidacy").order_by("pk"):
            reminder = reminders.setdefault(user.pk, Reminder(user, process.capture_deadline))
            if user.candidacy_id:
                reminder.candidacies.append(by_candidacy[user.candidacy_id])
            else:
                reminder.candidacies.extend(by_actor[user.actor_id])
    return list(reminders.values())


def _when(deadline: datetime.date, today: datetime.date) -> str:
    left = (deadline - today).days
    if left == 0:
        return "hoy"
    return "mañana" if left == 1 else f"en {left} días"


def _message(reminder: Reminder, today: datetime.date) -> Notification:
    deadline = f"{reminder.deadline:%d/%m/%Y}"
    items = reminder.candidacies
    if reminder.user.candidacy_id:
        candidacy, labels = items[0]
        subject = f"Su cuestionario curricular está incompleto: la captura cierra {_when(reminder.deadline, today)}"
        body = (
            f"La captura cierra el {deadline}. Al cuestionario curricular de su candidatura le falta información "
            f"en: {', '.join(labels)}.\nLo que no se capture a tiempo se publicará como «La candidatura no "
            "proporcionó información»."
        )
        url = reverse("capture:candidacy", args=[candidacy.pk])
    else:
        subject = (
            f"{len(items)} candidatura{'s' if len(items) != 1 else ''} con el cuestionario curricular incompleto: "
            f"la captura cierra {_when(reminder.deadline, today)}"
        )
        lines = [
            f"- {c.full_name} · {c.contest.name} · fórmula {c.formula_number} · {c.position_label}: "
            f"falta información en {', '.join(labels)}"
            for c, labels in items[:LISTED]
        ]
        if len(items) > LISTED:
            lines.append(f"… y {len(items) - LISTED} más: véalas en la pantalla de captura.")
        heading = f"La captura cierra el {deadline}. Candidaturas con el cuestionario curricular incompleto:"
        body = "\n".join([heading, *lines])
        url = reverse("capture:dashboard")
    return Notification(
        user=reminder.user,
        kind=Notification.Kind.CAPTURE_REMINDER,
        subject=subject,
        body=body,
        url=url,
        candidacy=items[0][0] if reminder.user.candidacy_id else None,
    )


@transaction.atomic
def send_capture_reminders(*, days: int = DEFAULT_DAYS, today: datetime.date | None = None) -> list[Notification]:
    """Create today's reminders (in-app and by e-mail). Returns the notices created."""
    today = today or timezone.localdate()
    return save_notifications([_message(r, today) for r in plan_capture_reminders(days=days, today=today)], email=True)
