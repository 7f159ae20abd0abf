"""The codes of the candidacies' refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class CandidacyErrorCode(StrEnum):
    """Why a candidacy was refused."""

    SEAT_TAKEN = "seat_taken"  # another approved candidacy holds the place in the formula
