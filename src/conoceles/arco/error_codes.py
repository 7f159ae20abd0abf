"""The codes of the refusals of an ARCO request or of its answer (conoceles.arco.services)."""

from enum import StrEnum


class ArcoErrorCode(StrEnum):
    BAD_KIND = "arco_bad_kind"  # not cancelación nor oposición (acceso is the download; rectificación, the capture)
    SCOPE_REQUIRED = "arco_scope_required"  # nothing ticked of what the request covers
    BAD_SCOPE = "arco_bad_scope"  # an item that is not of the chosen right
    REASONS_REQUIRED = "arco_reasons_required"  # no reasons written
    REASONS_TOO_LONG = "arco_reasons_too_long"
    ALREADY_PENDING = "arco_already_pending"  # the same right over the same item already awaits an answer
    ALREADY_ANSWERED = "arco_already_answered"
    RESPONSE_REQUIRED = "arco_response_required"  # the answer's reasoning is mandatory
    BAD_DECISION = "arco_bad_decision"
    PARTIAL_SCOPE = "arco_partial_scope"  # «parcialmente» must grant some, not all, of what was asked
    ALREADY_EXTENDED = "arco_already_extended"  # the deadline is extended once only
    EXTENSION_REASON_REQUIRED = "arco_extension_reason_required"
    NO_CANDIDACY = "arco_no_candidacy"  # the account is not a candidate's
