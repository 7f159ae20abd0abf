"""How complete a candidacy's questionnaires are: THE place that says it (capture screens, the party's
validation, progress reports and omisos all ask here).

Curricular: per rubro, the required fields of conoceles.questionnaires.rubros that are filled (the estatus is not
required when the grado does not take one, «Sin estudios»). The minimum text length is not checked here: it is a
validation error at save, so a saved text always meets the minimum in force then.
Identity: answering is voluntary, so "complete" means every applicable (shown) question has an answer;
«Prefiero no contestar» is an answer.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .models import CaptureRules, CurricularQuestionnaire, IdentityAnswer, IdentityQuestion
from .rubros import RUBROS, STATUS_FIELD, Field, Kind
from .services.curricular import capture_rules_for
from .services.identity import visible_question_ids


def _percent(done: int, total: int) -> int:
    """Rounded down, so that 100 means complete."""
    return 100 if total == 0 else math.floor(done * 100 / total)


@dataclass(frozen=True)
class RubroCompleteness:
    code: str
    label: str
    complete: bool
    missing: tuple[str, ...]  # labels of the required fields still empty
    percent: int
    filled: int  # required fields filled
    required: int  # required fields that apply
    is_empty: bool  # nothing at all captured: shown as «La candidatura no proporcionó información»


@dataclass(frozen=True)
class CurricularCompleteness:
    rubros: tuple[RubroCompleteness, ...]
    percent: int  # share of all applicable required fields that are filled
    complete: bool

    def rubro(self, code: str) -> RubroCompleteness:
        return next(r for r in self.rubros if r.code == code)

    @property
    def missing(self) -> dict[str, tuple[str, ...]]:
        """rubro code -> missing field labels, for the incomplete rubros."""
        return {r.code: r.missing for r in self.rubros if r.missing}


@dataclass(frozen=True)
class IdentityCompleteness:
    answered: int
    applicable: int
    percent: int
    complete: bool
    unanswered: tuple[int, ...]  # numbers of the applicable questions without an answer


@dataclass(frozen=True)
class Completeness:
    curricular: CurricularCompleteness
    identity: IdentityCompleteness


def _is_filled(questionnaire, field: Field) -> bool:
    if questionnaire is None:
        return False
    value = getattr(questionnaire, field.name)
    if field.kind == Kind.PHOTO:
        return bool(value and value.name)
    return bool(str(value or "").strip())


def _applies(questionnaire, field: Field, rules: CaptureRules) -> bool:
    if field.name == STATUS_FIELD and questionnaire is not None:
        return rules.status_applies(questionnaire.education_level)
    return True


def _questionnaire_of(source) -> CurricularQuestionnaire | None:
    if source is None or isinstance(source, CurricularQuestionnaire):
        return source
    try:
        return source.curricular
    except CurricularQuestionnaire.DoesNotExist:
        return None


def curricular_completeness(source, rules: CaptureRules | None = None) -> CurricularCompleteness:
    """Completeness of a candidacy's curricular questionnaire. `source`: a Candidacy, its CurricularQuestionnaire
    or None (nothing captured). `rules`: the process's CaptureRules (fetched when not given)."""
    questionnaire = _questionnaire_of(source)
    if rules is None:
        candidacy = questionnaire.candidacy if questionnaire is not None else source
        rules = capture_rules_for(candidacy.process) if candidacy is not None else CaptureRules()
    rubros, total_filled, total_required = [], 0, 0
    for rubro in RUBROS:
        required = [f for f in rubro.required_fields if _applies(questionnaire, f, rules)]
        missing = tuple(f.label for f in required if not _is_filled(questionnaire, f))
        filled = len(required) - len(missing)
        rubros.append(
            RubroCompleteness(
                code=rubro.code,
                label=rubro.label,
                complete=not missing,
                missing=missing,
                percent=_percent(filled, len(required)),
                filled=filled,
                required=len(required),
                is_empty=not any(_is_filled(questionnaire, f) for f in rubro.fields),
            )
        )
        total_filled += filled
        total_required += len(required)
    return CurricularCompleteness(
        rubros=tuple(rubros),
        percent=_percent(total_filled, total_required),
        complete=total_filled == total_required,
    )


def identity_completeness(questions: Iterable[IdentityQuestion], selected: dict[int, set[int]]) -> IdentityCompleteness:
    """Completeness of identity answers: `questions` of the process, `selected` question id -> option ids."""
    questions = list(questions)
    visible = visible_question_ids(questions, selected)
    applicable = [q for q in questions if q.pk in visible]
    unanswered = tuple(sorted(q.number for q in applicable if not selected.get(q.pk)))
    answered = len(applicable) - len(unanswered)
    return IdentityCompleteness(
        answered=answered,
        applicable=len(applicable),
        percent=_percent(answered, len(applicable)),
        complete=not unanswered,
        unanswered=unanswered,
    )


def identity_completeness_of(candidacy) -> IdentityCompleteness:
    """Identity completeness of one candidacy (two queries)."""
    return completeness_for([candidacy])[candidacy.pk].identity


def curricular_completeness_for(candidacies: Iterable) -> dict[int, CurricularCompleteness]:
    """candidacy id -> CurricularCompleteness of any number of candidacies (objects with `pk` and `process_id`), in
    two queries (questionnaires, capture rules); rules not yet created count with their defaults."""
    candidacies = list(candidacies)
    ids = [c.pk for c in candidacies]
    if not ids:
        return {}
    questionnaires = {q.candidacy_id: q for q in CurricularQuestionnaire.objects.filter(candidacy_id__in=ids)}
    process_ids = {c.process_id for c in candidacies}
    rules = {r.process_id: r for r in CaptureRules.objects.filter(process_id__in=process_ids)}
    return {
        c.pk: curricular_completeness(
            questionnaires.get(c.pk), rules.get(c.process_id) or CaptureRules(process_id=c.process_id)
        )
        for c in candidacies
    }


def completeness_for(candidacies: Iterable) -> dict[int, Completeness]:
    """candidacy id -> Completeness for a page of candidacies, in four queries whatever the page size
    (questionnaires, capture rules, questions, chosen options). Capture rules not yet created count with their
    defaults (nothing is written)."""
    candidacies = list(candidacies)
    ids = [c.pk for c in candidacies]
    process_ids = {c.process_id for c in candidacies}
    if not ids:
        return {}
    curricular = curricular_completeness_for(candidacies)
    questions = defaultdict(list)
    for question in IdentityQuestion.objects.filter(process_id__in=process_ids).only(
        "pk", "process_id", "number", "parent_id", "parent_option_id"
    ):
        questions[question.process_id].append(question)
    selected: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    through = IdentityAnswer.options.through
    for candidacy_id, question_id, option_id in through.objects.filter(
        identityanswer__candidacy_id__in=ids
    ).values_list("identityanswer__candidacy_id", "identityanswer__question_id", "identityoption_id"):
        selected[candidacy_id][question_id].add(option_id)
    result = {}
    for candidacy in candidacies:
        result[candidacy.pk] = Completeness(
            curricular=curricular[candidacy.pk],
            identity=identity_completeness(questions[candidacy.process_id], selected.get(candidacy.pk, {})),
        )
    return result


def annotate_completeness(candidacies: Iterable) -> list:
    """The candidacies (a page) as a list, each with a `completeness` attribute (Completeness), for templates."""
    candidacies = list(candidacies)
    computed = completeness_for(candidacies)
    for candidacy in candidacies:
        candidacy.completeness = computed[candidacy.pk]
    return candidacies
