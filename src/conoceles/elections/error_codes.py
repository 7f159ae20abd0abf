"""The codes of the refusals of the process's dates and the cargos' publication windows (the models' `clean`)."""

from enum import StrEnum


class ElectionErrorCode(StrEnum):
    """Why a process's dates or a cargo's publication window were refused."""

    DATES_OUT_OF_ORDER = "dates_out_of_order"  # a process date before the one it follows (elections.models.DATE_ORDER)
    WINDOW_REVERSED = "window_reversed"  # the publication ends before it starts
    WINDOW_AFTER_ELECTION = "window_after_election"  # the publication starts or ends after election day
    WINDOW_TOO_EARLY = "window_too_early"  # the publication starts more than a year before election day
