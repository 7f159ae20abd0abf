"""The codes of the reports' refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class ReportErrorCode(StrEnum):
    """Why a report's parameters were refused."""

    BAD_MONTH = "bad_month"  # the monthly report's month is not «AAAA-MM»
