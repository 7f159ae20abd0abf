"""Every change of the qualitative evaluation: the process's rubric (default, edited, restored) and the scores that
reviewers give, with the dependency rule applied here, on the server, whatever the screen sent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.rubros import RUBROS, get_rubro
from conoceles.questionnaires.services import capture_rules_for, curricular_for
from conoceles.review.states import State

from . import defaults
from .error_codes import EvaluationErrorCode as Code
from .measures import MEASURES
from .models import CandidacyScore, Rubric, RubricVariable, VariableScore

# Worth scoring: active candidacies whose actor validated their content (whatever happened after the validation:
# observed, corrected, reopened). A candidacy still in capture has nothing settled to score.
SCORABLE_STATES = tuple(s for s in State.values if s != State.DRAFT)
# What changes the meaning of a saved score: refused once any candidacy is scored with the rubric.
STRUCTURAL_FIELDS = ("rubro", "order", "points_met", "points_not_met", "depends_on_first")
RUBRO_ORDER = {r.code: i for i, r in enumerate(RUBROS)}


def scorable(process):
    return Candidacy.objects.filter(process=process).active().filter(workflow__state__in=SCORABLE_STATES)


def rubric_for(process) -> Rubric | None:
    return Rubric.objects.filter(process=process).first()


def variables_of(rubric) -> list[RubricVariable]:
    """The rubric's variables in the questionnaire's order of rubros, then by `order`."""
    return sorted(rubric.variables.all(), key=lambda v: (RUBRO_ORDER[v.rubro], v.order, v.pk or 0))


def _create_default_variables(rubric) -> None:
    order: dict[str, int] = {}
    for rubro, label, description, points, dependent, measure in defaults.VARIABLES:
        order[rubro] = order.get(rubro, 0) + 1
        RubricVariable.objects.create(
            rubric=rubric, rubro=rubro, order=order[rubro], label=label, description=description,
            points_met=points, points_not_met=0, depends_on_first=dependent, measure=measure,
        )


@transaction.atomic
def ensure_default_rubric(process) -> Rubric:
    """The process's rubric; the default one (conoceles.evaluation.defaults) the first time."""
    rubric, created = Rubric.objects.get_or_create(process=process, defaults={"name": defaults.NAME})
    if created:
        _create_default_variables(rubric)
    return rubric


def _refuse_if_scored(rubric) -> None:
    if rubric.pk and rubric.scores.exists():
        raise ValidationError(
            "Ya hay candidaturas calificadas con esta rúbrica: solo pueden cambiarse el nombre, los textos de las "
            "variables y sus sugerencias, no los rubros, los puntos, el orden ni las dependencias.",
            code=Code.RUBRIC_IN_USE,
        )


@transaction.atomic
def restore_default_rubric(rubric) -> Rubric:
    """Replace the rubric's variables with the default ones (refused once a candidacy is scored with it)."""
    _refuse_if_scored(rubric)
    rubric.variables.all().delete()
    rubric.name = defaults.NAME
    rubric.save()
    _create_default_variables(rubric)
    return rubric


def check_variables(variables: list[RubricVariable]) -> None:
    """The rules of a rubric as a whole: at least one variable, one order per position in a rubro, the first
    variable of each rubro not dependent, each suggestion of its own rubro."""
    errors = []
    if not variables:
        errors.append(ValidationError("La rúbrica necesita al menos una variable.", code=Code.EMPTY_RUBRIC))
    by_rubro: dict[str, list[RubricVariable]] = {}
    for variable in variables:
        by_rubro.setdefault(variable.rubro, []).append(variable)
        measure = MEASURES.get(variable.measure)
        if measure and measure.rubro != variable.rubro:
            errors.append(ValidationError(
                f"«{variable.label}»: la sugerencia «{measure.label}» es del rubro «{get_rubro(measure.rubro).label}».",
                code=Code.BAD_MEASURE,
            ))
    for code, items in by_rubro.items():
        label = get_rubro(code).label
        orders = [v.order for v in items]
        if len(set(orders)) != len(orders):
            errors.append(ValidationError(
                f"Dos variables de «{label}» tienen el mismo orden; cada una necesita el suyo.", code=Code.BAD_ORDER
            ))
            continue
        first = min(items, key=lambda v: v.order)
        if first.depends_on_first:
            errors.append(ValidationError(
                f"«{first.label}» es la primera variable de «{label}»: no puede depender de sí misma.",
                code=Code.FIRST_DEPENDENT,
            ))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_rubric(rubric, name_form, formset) -> bool:
    """Save the rubric's name and variables (the forms valid). Returns whether anything changed; raises
    ValidationError (nothing saved) when the result breaks check_variables or changes the structure of a rubric
    already used to score."""
    if not name_form.has_changed() and not formset.has_changed():
        return False
    kept = formset.save(commit=False)
    structural = bool(formset.deleted_objects or formset.new_objects) or any(
        set(changed) & set(STRUCTURAL_FIELDS) for _, changed in formset.changed_objects
    )
    if structural:
        _refuse_if_scored(rubric)
    deleted = {v.pk for v in formset.deleted_objects}
    edited = {v.pk: v for v in kept if v.pk}
    result = [edited.get(v.pk, v) for v in rubric.variables.all() if v.pk not in deleted]
    result += [v for v in kept if not v.pk]
    check_variables(result)
    for variable in formset.deleted_objects:
        variable.delete()
    for variable in kept:
        variable.rubric = rubric
        variable.save()
    name_form.save()
    return True


# --------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------


def apply_dependency(variables: list[RubricVariable], answers: dict[int, bool | None]) -> dict[int, bool | None]:
    """{variable id: met} for every variable: the answer given, except that a dependent variable fails when the
    first variable of its rubro failed."""
    first: dict[str, RubricVariable] = {}
    for variable in sorted(variables, key=lambda v: v.order):
        first.setdefault(variable.rubro, variable)
    result = {}
    for variable in variables:
        met = answers.get(variable.pk)
        head = first[variable.rubro]
        if variable.depends_on_first and head.pk != variable.pk and answers.get(head.pk) is False:
            met = False
        result[variable.pk] = met
    return result


def suggestions(candidacy, rubric, variables: list[RubricVariable] | None = None) -> dict[int, bool | None]:
    """{variable id: True/False suggested by its measure, None without one}, the dependency rule applied."""
    variables = variables_of(rubric) if variables is None else variables
    questionnaire = curricular_for(candidacy)
    rules = capture_rules_for(candidacy.process)
    raw = {v.pk: MEASURES[v.measure].check(questionnaire, rules) if v.measure else None for v in variables}
    return apply_dependency(variables, raw)


def score_of(candidacy, rubric) -> CandidacyScore | None:
    return CandidacyScore.objects.filter(candidacy=candidacy, rubric=rubric).prefetch_related("answers").first()


@transaction.atomic
def score_candidacy(candidacy, answers: dict[int, bool | None], *, by) -> CandidacyScore:
    """Save a person's score of `candidacy` with its process's rubric: `answers` {variable id: met, or None when
    not answered}. Dependent variables of a failed first variable fail whatever was sent; the total and whether
    every variable is answered are computed here."""
    rubric = rubric_for(candidacy.process)
    if rubric is None:
        raise ValidationError("El proceso todavía no tiene rúbrica de evaluación.", code=Code.NO_RUBRIC)
    if not scorable(candidacy.process).filter(pk=candidacy.pk).exists():
        raise ValidationError(
            "Solo se califican candidaturas vigentes que su actor político ya validó.", code=Code.NOT_SCORABLE
        )
    variables = variables_of(rubric)
    if set(answers) - {v.pk for v in variables}:
        raise ValidationError("La calificación menciona variables que no son de esta rúbrica.", code=Code.BAD_VARIABLE)
    decided = apply_dependency(variables, answers)
    suggested = suggestions(candidacy, rubric, variables)
    score, _ = CandidacyScore.objects.update_or_create(
        candidacy=candidacy,
        rubric=rubric,
        defaults={
            "scored_by": by,
            "scored_at": timezone.now(),
            "total": sum(v.points(decided[v.pk]) for v in variables if decided[v.pk] is not None),
            "complete": all(met is not None for met in decided.values()),
        },
    )
    previous = {a.variable_id: a for a in score.answers.all()}
    for variable in variables:
        met, answer = decided[variable.pk], previous.get(variable.pk)
        if met is None:
            if answer is not None:
                answer.delete()
            continue
        values = {"met": met, "suggested": suggested[variable.pk]}
        values["changed"] = values["suggested"] is not None and met != values["suggested"]
        if answer is None:
            VariableScore.objects.create(score=score, variable=variable, **values)
        elif any(getattr(answer, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(answer, k, v)
            answer.save()
    return score
