"""The visits' flush on a schedule, by the task worker itself (no cron): each flush enqueues the next one
VISITS_FLUSH_MINUTES later. The chain starts when the worker starts (`manage.py flush_visits` before `db_worker`,
docs/despliegue.md) or when staff open the visits (the statistics page), whichever comes first; a guard keeps a
single flush waiting."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .visits import flush_visits

SCHEDULE_LOCK_KEY = "visits:schedule-lock"


@task()
def flush_visits_task() -> int:
    try:
        return flush_visits()
    finally:  # the next one even if this one failed: the counters must not outlive the cache
        schedule_visits_flush()


def schedules_flushes() -> bool:
    """Does the task backend run tasks later (the database backend's worker)? The immediate one cannot."""
    return flush_visits_task.get_backend().supports_defer


def schedule_visits_flush() -> bool:
    """Enqueue a flush VISITS_FLUSH_MINUTES from now unless one is already waiting; True if it did."""
    if not schedules_flushes():
        return False
    from django_tasks_db.models import DBTaskResult  # the app exists only with the database backend's tables

    if not cache.add(SCHEDULE_LOCK_KEY, 1, timeout=60):  # another process is scheduling it right now
        return False
    try:
        with transaction.atomic():  # on SQLite a write transaction: two processes cannot both find none
            waiting = DBTaskResult.objects.filter(
                task_path=flush_visits_task.module_path, status=TaskResultStatus.READY
            )
            if waiting.exists():
                return False
            run_after = timezone.now() + datetime.timedelta(minutes=settings.VISITS_FLUSH_MINUTES)
            flush_visits_task.using(run_after=run_after).enqueue()
            return True
    finally:
        cache.delete(SCHEDULE_LOCK_KEY)
