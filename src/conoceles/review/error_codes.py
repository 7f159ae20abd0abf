"""The codes of the review workflow's refusals (ValidationError.code); stable values: screens and the API use them."""

from enum import StrEnum


class ReviewErrorCode(StrEnum):
    """Why the review workflow refused a step (validation, observation, correction, correction request)."""

    NOT_ACTIVE = "not_active"  # the candidacy is substituted or cancelled
    INVALID_TRANSITION = "invalid_transition"  # the state table has no such change from the current state
    INCOMPLETE = "incomplete"  # a required rubro (or the rubro sent) lacks data
    NO_RUBROS = "no_rubros"
    BAD_RUBRO = "bad_rubro"  # an unknown rubro code
    NO_RULES = "no_rules"  # no content rule (supuesto) cited
    BAD_RULE = "bad_rule"  # a content rule outside 1–7
    NO_COMMENT = "no_comment"
    NO_ROUNDS_LEFT = "no_rounds_left"  # the observation rounds are used up
    NOT_OBSERVABLE = "not_observable"  # a rubro neither validated nor corrected
    ALREADY_DECIDED = "already_decided"  # the proposal was approved or rejected already
    NOT_OBSERVED = "not_observed"
    NOT_CORRECTED = "not_corrected"
    NO_REASON = "no_reason"
    NOT_VALIDATED = "not_validated"  # the candidacy, or a rubro to reopen, is not validated
    NO_REQUESTS_LEFT = "no_requests_left"  # the correction requests are used up
    UNCHANGED = "unchanged"  # a correction sent without a change and without a reason
    REVIEW_OPEN = "review_open"  # «revisada sin observaciones» while observations or corrections are pending
    RUBRO_LOCKED = "rubro_locked"  # a validated or pending rubro cannot be edited
