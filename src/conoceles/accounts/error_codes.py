"""The codes of the accounts screens' refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class AccountErrorCode(StrEnum):
    """Why an action on accounts (issuing credentials) was refused."""

    EMPTY = "empty"  # no account selected
    INACTIVE = "inactive"  # deactivated accounts among the selected
    OWN = "own"  # credentials for the acting user's own account
    REISSUE_UNCONFIRMED = "reissue_unconfirmed"  # new passwords for accounts that had some, not confirmed
