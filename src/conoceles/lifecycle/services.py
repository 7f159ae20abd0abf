"""The runner of the lifecycle steps (conoceles.lifecycle.steps): the daily task (`manage.py lifecycle`) and the
admin's «Ejecutar ahora» both take steps here, and only here is a process's stage set.

Rules: a step is taken only once its date has come (`Step.due`), in order (a process two steps behind catches up
one step after the other), once (the stage and the unique LifecycleAction say it was taken), never undone. Each step
runs in its own transaction: what it does, the new stage, its record and the announcement of the change commit
together or not at all. An admin who needs a step earlier moves its date on the dates screen (recorded in the
process's history) and then takes it: there is no way around the date.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import Role, User
from conoceles.changes import Reason, process_withdrawn, rows_changed
from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify

from .error_codes import LifecycleErrorCode
from .models import LifecycleAction, LifecycleNotice
from .plan import PlanLine
from .steps import STEPS, Step, dry_run, next_step

OPTIONS = ("in_public_archive", "keep_open_data")


def _refuse(message: str, code: LifecycleErrorCode, **params):
    return ValidationError(message, code=code, params=params)


def check_step(process: ElectoralProcess, step: Step, today: datetime.date) -> None:
    """Refuse (ValidationError) a step already taken, out of order or whose date has not come."""
    if process.reached(step.stage):
        raise _refuse(
            "El proceso ya pasó por «%(step)s»: un paso no se repite ni se deshace.",
            LifecycleErrorCode.STEP_TAKEN,
            step=step.label,
        )
    upcoming = next_step(process)
    if upcoming is not step:
        raise _refuse(
            "Antes de «%(step)s» debe ejecutarse «%(before)s».",
            LifecycleErrorCode.STEP_OUT_OF_ORDER,
            step=step.label,
            before=upcoming.label,
        )
    due = step.due(process)
    if due is None:
        raise _refuse(
            "«%(step)s» no tiene fecha: fíjela en las fechas del proceso.",
            LifecycleErrorCode.STEP_NOT_DUE,
            step=step.label,
        )
    if due > today:
        raise _refuse(
            "«%(step)s» corresponde a partir del %(due)s; para adelantarlo, cambie la fecha del proceso.",
            LifecycleErrorCode.STEP_NOT_DUE,
            step=step.label,
            due=f"{due:%d/%m/%Y}",
        )


def run_step(process: ElectoralProcess, step: Step, *, by=None, today: datetime.date | None = None) -> LifecycleAction:
    """Take `step` on `process` (by an admin, or None: the scheduled task): do it, set the stage, record it and
    announce the change, in one transaction. ValidationError when the step may not be taken (check_step)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        process = ElectoralProcess.objects.select_for_update().get(pk=process.pk)
        check_step(process, step, today)
        lines = step.act(process)
        process.stage = step.stage
        process._history_user = by
        process.save(update_fields=["stage"])
        action = LifecycleAction.objects.create(
            process=process,
            step=step.stage,
            due=step.due(process),
            ran_by=by,
            lines=[line.as_dict() for line in lines],
        )
        process_withdrawn(process, reason=Reason.LIFECYCLE)  # the stage is a public row: see process_withdrawn
    return action


@dataclass
class Taken:
    process: ElectoralProcess
    action: LifecycleAction


def due_steps(process: ElectoralProcess, today: datetime.date) -> list[Step]:
    """The steps the process would take today, in order: from its next one, while their dates have come."""
    due = []
    for step in STEPS:
        if process.reached(step.stage):
            continue
        day = step.due(process)
        if day is None or day > today:
            break
        due.append(step)
    return due


def run_due_steps(today: datetime.date | None = None, processes=None) -> list[Taken]:
    """Take, for every process (or those of `processes`), every step whose date has come, in order. Running it
    again the same day takes nothing new. Returns the steps taken."""
    today = today or timezone.localdate()
    processes = ElectoralProcess.objects.all() if processes is None else processes
    taken = []
    for process in processes.order_by("pk"):
        for step in due_steps(process, today):
            taken.append(Taken(process, run_step(process, step, today=today)))
            process.refresh_from_db()
    return taken


# --- Notices days ahead -----------------------------------------------------------------------------------------------


def notice_days() -> list[int]:
    """How many days before a step the administration is told (settings.LIFECYCLE_NOTICE_DAYS)."""
    return sorted(set(settings.LIFECYCLE_NOTICE_DAYS), reverse=True)


def _when(days: int) -> str:
    return "hoy" if days == 0 else "mañana" if days == 1 else f"en {days} días"


def describe(lines: list[PlanLine] | None) -> str:
    if lines is None:
        return "(El ensayo de este paso no está disponible en esta instalación.)"
    if not lines:
        return "No toca ningún dato."
    return "\n".join(
        f"- {line.what}: {line.rows} registros"
        + (f", {line.files} archivos" if line.files else "")
        + f" ({line.table})"
        for line in lines
    )


def send_notices(today: datetime.date | None = None, processes=None) -> list[LifecycleNotice]:
    """Tell the active administration accounts (in the site and by e-mail) of each step not yet taken whose date is
    within the largest of `notice_days()`, with the step's dry run: once per process, step, date and threshold (the
    smallest its date has reached), so running again the same day, or the next within the same threshold, sends
    nothing new. Returns the notices sent."""
    today = today or timezone.localdate()
    thresholds = notice_days()
    admins = list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk"))
    processes = ElectoralProcess.objects.all() if processes is None else processes
    sent_before = set(LifecycleNotice.objects.values_list("process", "step", "due", "days_before"))
    sent = []
    for process in processes.exclude(stage=LifecycleStage.CANCELLED).order_by("pk"):
        for step in STEPS:
            if process.reached(step.stage):
                continue
            due = step.due(process)
            left = (due - today).days if due else -1
            reached = [days for days in thresholds if 0 <= left <= days]
            if not reached or (process.pk, step.stage.value, due, min(reached)) in sent_before:
                continue
            with transaction.atomic():
                sent.append(
                    LifecycleNotice.objects.create(process=process, step=step.stage, due=due, days_before=min(reached))
                )
                notify(
                    admins,
                    kind=Notification.Kind.LIFECYCLE_STEP,
                    subject=f"{step.label} del {process.name} {_when(left)} ({due:%d/%m/%Y})",
                    body=(
                        f"El {due:%d/%m/%Y} la tarea programada ejecuta «{step.label}» en el {process.name}. "
                        f"{step.explanation}\nEnsayo de hoy (lo que tocaría):\n{describe(dry_run(step, process))}\n"
                        "Revise las fechas y las opciones del proceso en la pantalla del ciclo de vida; un paso "
                        "ejecutado no se deshace."
                    ),
                    url=reverse("lifecycle:screen", args=[process.pk]),
                )
    return sent


# --- Options ------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_options(form, *, by) -> bool:
    """Save the process's lifecycle options (the form valid): the public site reads them (the open data, the
    archive of earlier processes). Returns whether anything changed."""
    if not form.has_changed():
        return False
    process = form.instance
    process._history_user = by
    form.save()
    rows_changed(process, changed_fields=form.changed_data, reason=Reason.ADMIN)
    return True


@dataclass
class Overview:
    """What the lifecycle screen shows of a process."""

    process: ElectoralProcess
    pending: list = field(default_factory=list)  # [(step, date, due, plan lines or None, may run now)]
    actions: list = field(default_factory=list)


def overview(process: ElectoralProcess, today: datetime.date | None = None) -> Overview:
    today = today or timezone.localdate()
    upcoming = next_step(process)
    result = Overview(process)
    for step in STEPS:
        if process.reached(step.stage):
            continue
        due = step.due(process)
        runnable = step is upcoming and due is not None and due <= today
        result.pending.append((step, step.date(process), due, dry_run(step, process), runnable))
    result.actions = list(process.lifecycle_actions.select_related("ran_by"))
    return result
