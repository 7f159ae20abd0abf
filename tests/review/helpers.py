"""Helpers of the review tests: a complete, validated candidacy inside an open publication window."""

import datetime

from conoceles.questionnaires.services import save_photo, save_rubro
from conoceles.review.services import validate_candidacy
from tests.factories import announce
from tests.uploads import image_bytes, upload

START = datetime.date(2027, 4, 15)
ELECTION_DAY = datetime.date(2027, 6, 6)  # tests.factories.ProcessFactory
TEXTS = {
    "education": {"education_level": "Maestría", "education_status": "Título"},
    "professional": {"professional_history": "Docente rural durante quince años"},
    "political": {"political_trajectory": "Regidora 2018–2021"},
    "motivation": {"motivation": "Servir a mi comunidad"},
    "proposals": {"proposal_1": "Agua potable", "proposal_2": "Salud", "proposal_gender": "Paridad"},
}


def fill(candidacy, by):
    save_photo(candidacy, upload(image_bytes()), by=by)
    for code, values in TEXTS.items():
        save_rubro(candidacy, code, values, by=by)


def open_window(candidacy, start=START, end=None):
    cargo = candidacy.contest.cargo
    cargo.publication_start, cargo.publication_end = start, end
    cargo.save()
    announce(cargo)


def published(candidacy, party_user):
    """Fill, validate and open the window (from START to election day)."""
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    open_window(candidacy)
    return candidacy
