"""The codes of the qualitative evaluation's refusals (ValidationError.code); stable values."""

from enum import StrEnum


class EvaluationErrorCode(StrEnum):
    NOT_SCORABLE = "not_scorable"  # the candidacy is not active, or its actor never validated it
    NO_RUBRIC = "no_rubric"  # the process has no rubric yet
    BAD_VARIABLE = "bad_variable"  # an answer for a variable of another rubric
    BAD_POINTS = "bad_points"  # «no cumple» worth more than «cumple»
    BAD_ORDER = "bad_order"  # two variables of a rubro with the same order
    FIRST_DEPENDENT = "first_dependent"  # a rubro's first variable cannot depend on itself
    BAD_MEASURE = "bad_measure"  # an automatic suggestion of another rubro
    EMPTY_RUBRIC = "empty_rubric"  # a rubric without variables
    RUBRIC_IN_USE = "rubric_in_use"  # a structural change once candidacies are scored
