"""The curricular questionnaire of one demo candidacy: a grado and estatus drawn from the process's CaptureRules
catalogs, some public contact data (example.org addresses, 555 telephone numbers), one of the stored portraits and
long texts composed from the phrase banks (`texts`) within each field's limits."""

import itertools

from conoceles.core.text import fold
from conoceles.questionnaires.rubros import FIELDS_BY_NAME

from . import texts

AREA_CODES = ["983", "998", "984", "987"]
STREETS = ["Av. Insurgentes", "Calle 22 de Enero", "Av. Tulum", "Calle 5 de Mayo", "Av. Constituyentes", "Calle 30"]
NEIGHBOURHOODS = ["Col. Centro", "Col. Proterritorio", "Col. Jardines", "Supermanzana 23", "Col. Las Américas"]
EDUCATION_WEIGHTS = {
    "Sin estudios": 0.5,
    "Primaria": 2,
    "Secundaria": 5,
    "Preparatoria/Bachillerato": 15,
    "Técnica": 7,
    "Licenciatura": 45,
    "Especialidad": 6,
    "Maestría": 15,
    "Doctorado": 4,
    "Posdoctorado": 0.5,
}
HIGHER_EDUCATION = {"Licenciatura", "Especialidad", "Maestría", "Doctorado", "Posdoctorado"}
STATUS_WEIGHTS_HIGHER = {"Cursando": 8, "Trunco": 7, "Certificado": 5, "Título": 45, "Cédula profesional": 35}
STATUS_WEIGHTS_BASIC = {"Cursando": 3, "Trunco": 15, "Certificado": 80, "Título": 1, "Cédula profesional": 1}


def _weighted(options: list[str], weights: dict[str, float], default: float = 3):
    """A draw from `options` (a CaptureRules catalog) with `weights` by label (`default` for labels not there)."""
    cumulative = list(itertools.accumulate(weights.get(o, default) for o in options))
    return lambda rng: rng.choices(options, cum_weights=cumulative)[0]


_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.")


def _slug(*parts: str) -> str:
    """'María José', 'de la Cruz' -> 'maria.de' (first words, folded, letters and digits only)."""
    return "".join(ch for ch in ".".join(fold(p).split(" ")[0] for p in parts if p) if ch in _SLUG_CHARS)


def _grammar(text: str) -> str:
    return text.replace(" de el ", " del ").replace(" a el ", " al ")


class CurricularComposer:
    """Composes the values of a CurricularQuestionnaire row (every required field filled) for one candidacy."""

    def __init__(self, rules, photos: list[str], times: list, now):
        self.rules = rules
        self.photos = photos  # storage names of the stored portraits
        self.times = times  # when questionnaires were created: the last week
        self.now = now
        self.draw_level = _weighted(self.rules.education_levels, EDUCATION_WEIGHTS)
        self.draw_higher_status = _weighted(self.rules.education_statuses, STATUS_WEIGHTS_HIGHER, default=5)
        self.draw_basic_status = _weighted(self.rules.education_statuses, STATUS_WEIGHTS_BASIC, default=5)

    def values(self, rng, row, author: texts.Author) -> dict:
        rules = self.rules
        level = self.draw_level(rng)
        status = ""
        if rules.status_applies(level):
            status = (self.draw_higher_status if level in HIGHER_EDUCATION else self.draw_basic_status)(rng)
        profession = texts.profession_for(rng)
        if level not in HIGHER_EDUCATION:
            while profession[2] is not None and rng.random() < 0.8:
                profession = texts.profession_for(rng)
        pad = [_grammar(s) for s in texts.padding(rng, author)] if rules.min_text_length else []

        def long_text(sentences, name):
            minimum = rules.min_text_length if FIELDS_BY_NAME[name].minimum else 0
            return texts.fit([_grammar(s) for s in sentences], minimum, rules.limit(FIELDS_BY_NAME[name].limit), pad)

        proposal_1, proposal_2 = texts.proposals(rng, author)
        slug = _slug(row[3], row[4]) + str(rng.randrange(10, 1000))
        values = {
            "candidacy_id": row[0],
            "photo": rng.choice(self.photos),
            "facebook": f"https://www.facebook.com/{slug}" if rng.random() < 0.7 else "",
            "x": f"https://x.com/{slug.replace('.', '_')}" if rng.random() < 0.35 else "",
            "instagram": f"https://www.instagram.com/{slug}" if rng.random() < 0.45 else "",
            "youtube": f"https://www.youtube.com/@{slug.replace('.', '')}" if rng.random() < 0.08 else "",
            "tiktok": f"https://www.tiktok.com/@{slug}" if rng.random() < 0.25 else "",
            "other_network": f"https://social.example.org/@{slug.replace('.', '')}" if rng.random() < 0.03 else "",
            "website": f"https://{slug.replace('.', '-')}.example.org" if rng.random() < 0.15 else "",
            "public_email": f"contacto.{slug}@example.org" if rng.random() < 0.4 else "",
            "public_phone": (
                f"{rng.choice(AREA_CODES)} 555 {rng.randrange(1000, 10000)}" if rng.random() < 0.3 else ""
            ),
            "campaign_address": (
                f"{rng.choice(STREETS)} {rng.randrange(1, 400)}, {rng.choice(NEIGHBOURHOODS)}, {author.town}"
                if rng.random() < 0.25
                else ""
            ),
            "education_level": level,
            "education_status": status,
            "other_training": (
                long_text([texts.other_training(rng, author)], "other_training") if rng.random() < 0.6 else ""
            ),
            "professional_history": long_text(
                texts.professional_history(rng, author, profession), "professional_history"
            ),
            "political_trajectory": long_text(texts.political_trajectory(rng, author), "political_trajectory"),
            "motivation": long_text(texts.motivation(rng, author), "motivation"),
            "proposal_1": long_text(proposal_1, "proposal_1"),
            "proposal_2": long_text(proposal_2, "proposal_2"),
            "proposal_gender": long_text(texts.proposal_gender(rng, author), "proposal_gender"),
            "created_at": rng.choice(self.times),
            "updated_at": self.now,
        }
        return values
