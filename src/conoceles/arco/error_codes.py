"""The codes of the refusals of an ARCO request or of its answer (conoceles.arco.services)."""

from enum import StrEnum


class ArcoErrorCode(StrEnum):
    """Why a cancelación or oposición request, its answer or the extension of its deadline was refused."""

    BAD_KIND = "bad_kind"  # not cancelación nor oposición (acceso is the download; rectificación, the capture)
    SCOPE_REQUIRED = "scope_required"  # nothing ticked of what the request covers
    BAD_SCOPE = "bad_scope"  # an item that is not of the chosen right
    REASONS_REQUIRED = "reasons_required"  # no reasons written
    REASONS_TOO_LONG = "reasons_too_long"
    ALREADY_PENDING = "already_pending"  # the same right over the same item already awaits an answer
    ALREADY_ANSWERED = "already_answered"
    RESPONSE_REQUIRED = "response_required"  # the answer's reasoning is mandatory
    BAD_DECISION = "bad_decision"
    PARTIAL_SCOPE = "partial_scope"  # «parcialmente» must grant some, not all, of what was asked
    ALREADY_EXTENDED = "already_extended"  # the deadline is extended once only
    EXTENSION_REASON_REQUIRED = "extension_reason_required"
    NO_CANDIDACY = "no_candidacy"  # the account is not a candidate's
