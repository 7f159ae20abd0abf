"""The codes of the reports' refusals (ValidationError.code); values are stable."""

from enum import StrEnum


class ReportErrorCode(StrEnum):
    """Why a report's parameters were refused."""

    BAD_MONTH = "bad_month"  # the monthly report's month is not «AAAA-MM»
    MONTH_IN_FUTURE = "month_in_future"  # the monthly report's month has not begun
    CUT_IN_PAST = "cut_in_past"  # a report of the present state asked with a cut already gone
    SCHEDULE_UNAVAILABLE = "schedule_unavailable"  # a later cut, without a task worker that runs tasks later
    VERSION_INVALID = "version_invalid"  # the informe final's version is neither «completa» nor «publica»
