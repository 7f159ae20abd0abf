from django.db.models import Count, Q

from conoceles.candidacies.models import Candidacy

from .models import ElectoralProcess


def process_overview(process: ElectoralProcess | None) -> dict | None:
    """What the home page says about a process: its cargos with how many contests and candidacies each."""
    if process is None:
        return None
    cargos = process.cargos.annotate(
        contest_count=Count("contests", distinct=True),
        candidacy_count=Count(
            "contests__candidacies", filter=Q(contests__candidacies__status=Candidacy.Status.APPROVED)
        ),
    ).order_by("order", "name")
    return {
        "cargos": list(cargos),
        "candidacy_count": Candidacy.objects.filter(process=process).active().count(),
        "actor_count": process.actors.count(),
        "municipality_count": process.municipalities.count(),
        "district_count": process.districts.count(),
        "section_count": process.sections.count(),
    }
