"""How the sensitive-data tests take a lifecycle step, in one place: through the runner of conoceles.lifecycle, as
the daily task or «Ejecutar ahora» does (every step before it first, in order), so that every test of
tests/lifecycle/test_sensitive*.py and test_lifecycle_privacy.py goes through production's path."""

import datetime

from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.lifecycle.plan import PlanLine
from conoceles.lifecycle.services import run_step
from conoceles.lifecycle.steps import STEPS, step_for

# The dates the runner needs, days after election day, for the steps whose date the test did not set.
OFFSETS = {"archive_date": 2, "lock_date": 3, "cancellation_date": 4}


def take_step(process, stage: LifecycleStage):
    """Take the step to `stage` (and the earlier ones not taken yet); returns what its sensitive-data function
    returned (PlanLines) for bloqueo and cancelación, or None."""
    process.refresh_from_db()
    dates = {name: process.election_day + datetime.timedelta(days=days) for name, days in OFFSETS.items()}
    missing = {name: day for name, day in dates.items() if getattr(process, name) is None}
    if missing:
        ElectoralProcess.objects.filter(pk=process.pk).update(**missing)
        process.refresh_from_db()
    today = max(d for d in (process.cancellation_date, process.lock_date, process.archive_date) if d)
    action = None
    for step in STEPS:
        if process.reached(step.stage):
            continue
        action = run_step(process, step, today=today)
        process.refresh_from_db()
        if step is step_for(stage):
            break
    if LifecycleStage(stage) in (LifecycleStage.LOCKED, LifecycleStage.CANCELLED):
        return [PlanLine(**line) for line in action.lines]
    return None
