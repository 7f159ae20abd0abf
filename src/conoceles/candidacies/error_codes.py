"""The codes of the candidacies' refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class CandidacyErrorCode(StrEnum):
    """Why a candidacy was refused."""

    SEAT_TAKEN = "seat_taken"  # another approved candidacy holds the place in the formula
    PROCESS_ARCHIVED = "process_archived"  # a write (capture, review, import, accounts...) on an archived process
