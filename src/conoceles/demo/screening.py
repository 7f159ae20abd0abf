"""What the demo election needs of the review assistants: watched terms for rule 7, calls to vote and campaign
slogans like those the demo content plants."""

from conoceles.screening.models import WatchedTerm

DEMO_TERMS = (
    ("vota por", "Llamado al voto: propaganda de campaña."),
    ("vota y gana", "Llamado al voto: propaganda de campaña."),
    ("ni un voto menos", "Lema de campaña (demostración)."),
    ("este 6 de junio", "La jornada electoral como llamado al voto."),
    ("el 6 de junio", "La jornada electoral como llamado al voto."),
    ("marca la boleta", "Llamado al voto: propaganda de campaña."),
    ("juntos vamos a ganar", "Lema de campaña (demostración)."),
    ("vamos por todo", "Lema de campaña (demostración)."),
)


def seed_demo_terms(process) -> int:
    """Demonstration terms for rule 7; returns how many were created."""
    created = 0
    for term, note in DEMO_TERMS:
        created += WatchedTerm.objects.get_or_create(process=process, term=term, defaults={"note": note})[1]
    return created
