"""What the demo election needs of the review: a few observations, corrections and requests in every state, made
through the services (so the bitácora and the avisos have them), for the demo accounts to find."""

from conoceles.accounts.models import Role, User
from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.services import save_rubro
from conoceles.review import services
from conoceles.review.states import State

PROPOSALS = [
    (["proposals"], [1], "La propuesta 1 coincide casi palabra por palabra con la de otra candidatura; redáctela."),
    (["motivation"], [7], "El texto usa un llamado al voto («vota por…»), que es propaganda de campaña."),
    (["political"], [5], "La trayectoria alude a otro partido político; describa solo la trayectoria propia."),
    (["general", "proposals"], [4], "La fotografía y la propuesta de género corresponden a otra candidatura."),
]


def seed_demo_review(process, *, reviewer: User, admin: User) -> str:
    """Observations pending and approved, a correction awaiting review and a pending correction request, on validated
    candidacies of the demo party account's actor where it exists. Returns a line for the output."""
    party = User.objects.filter(role=Role.PARTY, actor__process=process, is_active=True).order_by("pk").first()
    validated = (
        Candidacy.objects.active()
        .filter(process=process, workflow__state=State.VALIDATED, rubro_states__state=State.VALIDATED)
        .exclude(accounts__role=Role.CANDIDATE)  # not the demo candidate's own: she captures it herself
        .distinct()
        .order_by("contest__cargo__order", "pk")
    )
    own = list(validated.filter(actor=party.actor)[:3]) if party else []
    others = list(validated.exclude(pk__in=[c.pk for c in own])[:3])
    made = {"approved": 0, "pending": 0, "corrected": 0, "requests": 0}

    def propose(candidacy, index):
        rubros, rules, comment = PROPOSALS[index % len(PROPOSALS)]
        return services.propose_observation(candidacy, rubros=rubros, rules=rules, comment=comment, by=reviewer)

    for index, candidacy in enumerate(own[:2]):
        services.decide_observation(propose(candidacy, index), approve=True, note="Procede.", by=admin)
        made["approved"] += 1
    if len(own) >= 2:  # the actor corrected the second one; it awaits a reviewer
        second = own[1]
        corrected = f"{second.curricular.motivation}\n\nTexto corregido a petición del Instituto."
        save_rubro(second, "motivation", {"motivation": corrected}, by=party)
        services.submit_correction(second, "motivation", by=party)
        made["corrected"] += 1
    if len(own) >= 3:
        services.request_correction(
            own[2], rubros=["professional"], reason="Omitimos el empleo actual de la candidata.", by=party
        )
        made["requests"] += 1
    for index, candidacy in enumerate(others):
        propose(candidacy, index + 2)
        made["pending"] += 1
    return (
        f"Revisión: {made['approved']} observaciones aprobadas ({made['corrected']} ya subsanada), "
        f"{made['pending']} propuestas por decidir, {made['requests']} solicitud de corrección."
    )
