"""Background re-scan after a capture save; immediate in development, a worker in production."""

from django_tasks import task

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess

from . import engine


@task()
def scan_candidacy_task(candidacy_id: int) -> None:
    candidacy = Candidacy.objects.filter(pk=candidacy_id).first()
    if candidacy is not None:
        engine.scan_candidacy(candidacy)


@task()
def scan_process_task(process_id: int) -> None:
    engine.scan_process(ElectoralProcess.objects.get(pk=process_id))
