"""Every write of the questionnaires app, and the reads other apps must share (one place per rule).

Split by topic; import from here: ``from conoceles.questionnaires.services import save_rubro``.
"""

from .consent import (
    EVIDENCE_MAX_BYTES,
    accept_notice,
    check_evidence,
    consents_for,
    current_consent,
    current_notice,
    current_notices,
    has_accepted_current,
    notices_to_accept,
    publish_notice,
    record_consent,
)
from .curricular import (
    NETWORKS,
    capture_rules_for,
    curricular_for,
    normalize_text,
    require_capture,
    save_rubro,
    text_length,
    validate_rubro,
)
from .identity import (
    save_identity_answers,
    seed_identity_questions,
    validate_identity_answers,
    visible_question_ids,
)
from .photos import PHOTO_MAX_PIXELS, inspect_image, reencode_photo, save_photo

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "NETWORKS",
    "PHOTO_MAX_PIXELS",
    "accept_notice",
    "capture_rules_for",
    "check_evidence",
    "consents_for",
    "current_consent",
    "current_notice",
    "current_notices",
    "curricular_for",
    "has_accepted_current",
    "inspect_image",
    "normalize_text",
    "notices_to_accept",
    "publish_notice",
    "record_consent",
    "reencode_photo",
    "require_capture",
    "save_identity_answers",
    "save_photo",
    "save_rubro",
    "seed_identity_questions",
    "text_length",
    "validate_identity_answers",
    "validate_rubro",
    "visible_question_ids",
]
