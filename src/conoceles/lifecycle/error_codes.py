"""The codes of the lifecycle's refusals (ValidationError.code); stable values: screens and commands use them."""

from enum import StrEnum


class LifecycleErrorCode(StrEnum):
    """Why a lifecycle step was refused (a write on an archived process: CandidacyErrorCode.PROCESS_ARCHIVED)."""

    STEP_TAKEN = "step_taken"  # the process already took that step (a step is never taken twice nor undone)
    STEP_OUT_OF_ORDER = "step_out_of_order"  # an earlier step has not been taken yet
    STEP_NOT_DUE = "step_not_due"  # its date has not come (or is not set)
