"""The codes of the refusals of a deliverable of the process's calendar (`Deliverable.clean`)."""

from enum import StrEnum


class GestionErrorCode(StrEnum):
    """Why a deliverable's due date or fulfilment was refused."""

    DUE_DATE_MISSING = "due_date_missing"  # neither a fixed date nor a process date to count from
    DUE_DATE_TWICE = "due_date_twice"  # both a fixed date and a process date
    OFFSET_WITHOUT_ANCHOR = "offset_without_anchor"  # days to add, but to no process date
    FULFILLED_NOT_DONE = "fulfilled_not_done"  # a fulfilment date on a deliverable not marked fulfilled
