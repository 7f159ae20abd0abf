"""The codes of the accounts screens' refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class AccountErrorCode(StrEnum):
    """Why an action on accounts (issuing credentials) was refused."""

    EMPTY = "empty"  # no account selected
    INACTIVE = "inactive"  # deactivated accounts among the selected
    OWN = "own"  # credentials for the acting user's own account
    REISSUE_UNCONFIRMED = "reissue_unconfirmed"  # new passwords for accounts that had some, not confirmed


class LockedDataErrorCode(StrEnum):
    """Why a consultation of blocked sensitive data (the legal-claim procedure, conoceles.lifecycle) was refused."""

    LOCKED_DATA_REASON_TOO_SHORT = "locked_data_reason_too_short"  # no real sentence saying which claim is served
    LOCKED_DATA_UNKNOWN_CANDIDACY = "locked_data_unknown_candidacy"  # no candidacy with that key in the process
