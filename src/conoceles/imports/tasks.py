"""Background work for the import screen; immediate in development, a worker in production."""

from django_tasks import task

from . import services
from .models import ImportJob


@task()
def validate_job_task(job_id: int) -> None:
    services.validate_job(ImportJob.objects.get(pk=job_id))


@task()
def apply_job_task(job_id: int) -> None:
    services.apply_job(ImportJob.objects.get(pk=job_id))
