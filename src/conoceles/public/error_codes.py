"""The codes of the public site's form refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class PublicErrorCode(StrEnum):
    """Why a citizen's search on the public site was refused."""

    NOT_A_NUMBER = "not_a_number"  # the electoral section is not a number
    UNKNOWN = "unknown"  # no such section in the process
