"""How the sensitive-data tests take a lifecycle step, in one place.

Until the step runner of conoceles.lifecycle is merged, a step is the stage flag the runner sets plus, for bloqueo
and cancelación, the effects of conoceles.lifecycle.sensitive (which the runner calls). After the merge, replace
the body of `take_step` with the runner's call for that step: every test of tests/lifecycle/test_sensitive*.py and
test_lifecycle_privacy.py then goes through production's path."""

from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.lifecycle import sensitive


def take_step(process, stage: LifecycleStage):
    """Take the step to `stage`; returns what its sensitive-data function returned (PlanLines), or None."""
    ElectoralProcess.objects.filter(pk=process.pk).update(stage=stage)
    process.refresh_from_db()
    if stage == LifecycleStage.LOCKED:
        return sensitive.lock(process)
    if stage == LifecycleStage.CANCELLED:
        return sensitive.cancel(process)
    return None
