"""The codes of the questionnaires' refusals (ValidationError.code); values are stable: screens and the API use them."""

from enum import StrEnum


class QuestionnaireErrorCode(StrEnum):
    """Why a questionnaire, photo, identity answer, notice, consent or capture rule was refused."""

    # Curricular fields
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    BAD_NETWORK_URL = "bad_network_url"  # not a profile address on the field's social network
    BAD_URL = "bad_url"
    BAD_EMAIL = "bad_email"
    BAD_PHONE = "bad_phone"
    BAD_CHOICE = "bad_choice"  # a value outside the process's catalog
    # Photo
    BAD_IMAGE_TYPE = "bad_image_type"  # not a complete JPEG or PNG by content
    PHOTO_TOO_BIG = "photo_too_big"
    PHOTO_TOO_MANY_PIXELS = "photo_too_many_pixels"
    # Identity answers
    UNKNOWN_QUESTION = "unknown_question"  # not a question of this questionnaire
    BAD_OPTION = "bad_option"  # not an option of the question
    SINGLE_CHOICE = "single_choice"  # several options for a single-choice question
    DECLINE_ALONE = "decline_alone"  # «Prefiero no contestar» combined with other options
    DETAIL_REQUIRED = "detail_required"
    # Privacy notice and consent
    EMPTY_NOTICE = "empty_notice"
    NO_NOTICE = "no_notice"  # no integral notice published yet
    BAD_CONSENT_ANSWERS = "bad_consent_answers"  # not a yes or no for each consent item
    EVIDENCE_REQUIRED = "evidence_required"  # a signed format upload without its file
    BAD_EVIDENCE = "bad_evidence"  # not a valid PDF, JPEG or PNG
    EVIDENCE_TOO_BIG = "evidence_too_big"
    EVIDENCE_TOO_MANY_PAGES = "evidence_too_many_pages"
    CANDIDATE_DECIDED = "candidate_decided"  # the candidate recorded her own consent: no format replaces it
    FORMAT_PENDING = "format_pending"  # another format of the candidacy awaits review
    FORMAT_ALREADY_DECIDED = "format_already_decided"
    REASON_REQUIRED = "reason_required"  # a rejected format needs a reason
    # Capture rules and identity questions (models' clean)
    BAD_CATALOG = "bad_catalog"  # an empty, repeated or inconsistent catalog of education levels or statuses
    BAD_PARENT = "bad_parent"  # a question depending on itself, on another process or in a cycle
