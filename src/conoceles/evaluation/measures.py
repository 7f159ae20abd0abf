"""The measurable checks of the rubric: what the system can see in a curricular questionnaire by itself (a length
within the limits, two proposals that differ, a figure or a date…). Each is a pure function of the questionnaire
(`CurricularQuestionnaire`, saved or not) and the process's `CaptureRules`, returning True or False: a suggestion
that the person who scores confirms or changes, never a score (conoceles.evaluation.services.suggestions)."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from conoceles.core.text import fold
from conoceles.questionnaires.models import CaptureRules
from conoceles.questionnaires.rubros import FIELDS_BY_NAME, NETWORK_FIELDS, get_rubro
from conoceles.questionnaires.services.curricular import normalize_text, text_length

# Two proposals this similar (difflib's ratio of their folded texts) count as the same proposal.
SAME_PROPOSAL_RATIO = 0.8
# A figure (digits) or a date written with a month's name: what makes a proposal concrete.
MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
CONCRETE = re.compile(rf"\d|\b({MONTHS})\b")
PROPOSALS = ("proposal_1", "proposal_2")


def _text(questionnaire, name: str) -> str:
    return normalize_text(getattr(questionnaire, name, "") or "")


def _within_limits(questionnaire, rules: CaptureRules, name: str) -> bool:
    """Written, not longer than its maximum and not shorter than the process's minimum."""
    length = text_length(getattr(questionnaire, name, ""))
    maximum = rules.limit(FIELDS_BY_NAME[name].limit)
    return 0 < length <= maximum and length >= (rules.min_text_length or 0)


def photo_present(q, rules) -> bool:
    return bool(getattr(q, "photo", None))


def public_contact_present(q, rules) -> bool:
    return any(_text(q, name) for name in (*NETWORK_FIELDS, "website", "public_email", "public_phone"))


def education_stated(q, rules) -> bool:
    level = _text(q, "education_level")
    return bool(level) and (bool(_text(q, "education_status")) or not rules.status_applies(level))


def other_training_stated(q, rules) -> bool:
    return bool(_text(q, "other_training"))


def professional_within_limits(q, rules) -> bool:
    return _within_limits(q, rules, "professional_history")


def professional_concrete(q, rules) -> bool:
    return bool(CONCRETE.search(fold(_text(q, "professional_history"))))


def political_within_limits(q, rules) -> bool:
    return _within_limits(q, rules, "political_trajectory")


def motivation_within_limits(q, rules) -> bool:
    return _within_limits(q, rules, "motivation")


def proposals_distinct(q, rules) -> bool:
    """Both proposals written, and not the same text (nor nearly: SAME_PROPOSAL_RATIO)."""
    first, second = (fold(_text(q, name)) for name in PROPOSALS)
    return bool(first and second) and SequenceMatcher(None, first, second).ratio() < SAME_PROPOSAL_RATIO


def proposals_within_limits(q, rules) -> bool:
    return all(_within_limits(q, rules, name) for name in (*PROPOSALS, "proposal_gender"))


def proposal_concrete(q, rules) -> bool:
    """At least one of the two proposals has a figure or a date."""
    return any(CONCRETE.search(fold(_text(q, name))) for name in PROPOSALS)


def gender_proposal_present(q, rules) -> bool:
    return bool(_text(q, "proposal_gender"))


@dataclass(frozen=True)
class Measure:
    key: str
    rubro: str  # the rubro whose variables may use it
    label: str
    check: Callable[[object, CaptureRules], bool]


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("photo_present", "general", "Tiene fotografía", photo_present),
        Measure("public_contact_present", "general", "Tiene un medio de contacto público o red social",
                public_contact_present),
        Measure("education_stated", "education", "Grado y estatus capturados", education_stated),
        Measure("other_training_stated", "education", "Otra formación capturada", other_training_stated),
        Measure("professional_within_limits", "professional", "Historia profesional dentro de los límites",
                professional_within_limits),
        Measure("professional_concrete", "professional", "Historia profesional con fechas o cifras",
                professional_concrete),
        Measure("political_within_limits", "political", "Trayectoria dentro de los límites", political_within_limits),
        Measure("motivation_within_limits", "motivation", "Motivo dentro de los límites", motivation_within_limits),
        Measure("proposals_distinct", "proposals", "Dos propuestas distintas", proposals_distinct),
        Measure("proposals_within_limits", "proposals", "Las tres propuestas dentro de los límites",
                proposals_within_limits),
        Measure("proposal_concrete", "proposals", "Una propuesta con cifra o fecha", proposal_concrete),
        Measure("gender_proposal_present", "proposals", "Propuesta de género capturada", gender_proposal_present),
    )
}
MEASURE_CHOICES = [(m.key, f"{get_rubro(m.rubro).label}: {m.label}") for m in MEASURES.values()]
