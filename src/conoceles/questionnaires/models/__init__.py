"""The curricular and identity questionnaires, the aviso de privacidad and consent (DOMAIN.md §5, §6).

Rows and their own invariants only, split by topic; import from here:
``from conoceles.questionnaires.models import CurricularQuestionnaire``. Every write goes through
conoceles.questionnaires.services, completeness is computed in conoceles.questionnaires.completeness and the rubros
are declared in conoceles.questionnaires.rubros.
"""

from .consent import ConsentFormat, ConsentItem, ConsentRecord
from .curricular import CurricularQuestionnaire
from .identity import DECLINE_LABEL, IdentityAnswer, IdentityOption, IdentityQuestion
from .privacy import PrivacyAcceptance, PrivacyNotice
from .rules import (
    NO_EDUCATION,
    CaptureRules,
    default_education_levels,
    default_education_statuses,
    default_levels_without_status,
)

__all__ = [
    "DECLINE_LABEL",
    "NO_EDUCATION",
    "CaptureRules",
    "ConsentFormat",
    "ConsentItem",
    "ConsentRecord",
    "CurricularQuestionnaire",
    "IdentityAnswer",
    "IdentityOption",
    "IdentityQuestion",
    "PrivacyAcceptance",
    "PrivacyNotice",
    "default_education_levels",
    "default_education_statuses",
    "default_levels_without_status",
]
