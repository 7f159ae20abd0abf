"""The snapshot's background work: immediate in development and tests, the task worker in production.

conoceles.changes calls `after_change`; the builder is imported inside the functions because it renders the public
pages, whose views import the services that import conoceles.changes (a real cycle at import time).
"""

from django_tasks import task


@task()
def update_snapshot_task(candidacy_ids: list[int], release: bool = False) -> None:
    from . import builder  # see the module's docstring

    builder.update(candidacy_ids, release=release)


@task()
def build_snapshot_task() -> None:
    from . import builder  # see the module's docstring

    builder.build()


def withdraw(candidacy_ids: list[int]) -> None:
    """What conoceles.changes sets off when a whole process leaves the site: its profiles leave the snapshot at once
    (the full build it also queues renders the rest)."""
    from . import builder  # see the module's docstring

    builder.withdraw(candidacy_ids)


def after_change(candidacy_ids: list[int], *, everything: bool, release: bool) -> None:
    """What conoceles.changes sets off once a change of published data commits: the changed profiles leave the
    snapshot at once, then the task renders what the change touched (or, for a change that names no candidacy
    and is no release, the whole site)."""
    from . import builder  # see the module's docstring

    if not builder.changed(candidacy_ids, everything=everything):
        return
    if everything:
        build_snapshot_task.enqueue()
    else:
        update_snapshot_task.enqueue(list(candidacy_ids), release)
