"""Helpers of the evaluation tests: candidacies whose actor validated them (the ones worth scoring)."""

from conoceles.accounts.models import Role, User
from conoceles.questionnaires.services import save_photo, save_rubro
from conoceles.review.services import validate_candidacy
from tests.factories import make_user
from tests.uploads import image_bytes, upload

TEXTS = {
    "general": {"facebook": "https://www.facebook.com/maria.lopez"},
    "education": {"education_level": "Maestría", "education_status": "Título", "other_training": ""},
    "professional": {"professional_history": "Docente rural de 2005 a 2020"},
    "political": {"political_trajectory": "Regidora 2018–2021"},
    "motivation": {"motivation": "Servir a mi comunidad"},
    "proposals": {
        "proposal_1": "Agua potable para 30 colonias",
        "proposal_2": "Centros de salud abiertos las 24 horas en cada municipio",
        "proposal_gender": "Paridad en el gabinete municipal",
    },
}


def party_of(actor) -> User:
    return User.objects.filter(actor=actor).first() or make_user(f"enlace-{actor.acronym.lower()}", Role.PARTY,
                                                                 actor=actor)


def validated(world, contest="MR1", actor="PAN", *, texts=None, photo=True, **fields):
    """A new candidacy of `world`, its curricular questionnaire filled (TEXTS, each rubro updated with `texts`)
    and validated by its actor's account."""
    candidacy = world.candidacy(contest, actor, **fields)
    party = party_of(candidacy.actor)
    if photo:
        save_photo(candidacy, upload(image_bytes()), by=party)
    for code, values in TEXTS.items():
        save_rubro(candidacy, code, {**values, **(texts or {}).get(code, {})}, by=party)
    validate_candidacy(candidacy, by=party)
    return candidacy
