"""Every write of the questionnaires app, and the reads other apps must share (one place per rule).

Split by topic; import from here: ``from conoceles.questionnaires.services import save_rubro``.
"""

from .consent import (
    accept_notice,
    candidate_has_answered,
    consent_in_force,
    consents_for,
    counting_consent_records,
    current_consent,
    current_notice,
    current_notices,
    decide_consent_format,
    has_accepted_current,
    notices_to_accept,
    publish_notice,
    record_consent,
    records_in_force,
    upload_consent_format,
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
    questions_last_changed_by_party,
    save_identity_answers,
    seed_identity_questions,
    validate_identity_answers,
    visible_question_ids,
)
from .photos import PHOTO_MAX_PIXELS, inspect_image, reencode_photo, save_photo

__all__ = [
    "NETWORKS",
    "PHOTO_MAX_PIXELS",
    "accept_notice",
    "capture_rules_for",
    "candidate_has_answered",
    "consent_in_force",
    "consents_for",
    "counting_consent_records",
    "current_consent",
    "current_notice",
    "current_notices",
    "curricular_for",
    "decide_consent_format",
    "has_accepted_current",
    "inspect_image",
    "normalize_text",
    "notices_to_accept",
    "publish_notice",
    "questions_last_changed_by_party",
    "record_consent",
    "records_in_force",
    "reencode_photo",
    "require_capture",
    "save_identity_answers",
    "save_photo",
    "save_rubro",
    "seed_identity_questions",
    "text_length",
    "upload_consent_format",
    "validate_identity_answers",
    "validate_rubro",
    "visible_question_ids",
]
