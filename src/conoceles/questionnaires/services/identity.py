"""The identity questionnaire: seeding the INE's questions for a process, and saving a candidacy's answers."""

from collections.abc import Collection, Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conoceles.accounts.models import Role
from conoceles.changes import Reason, candidacies_changed
from conoceles.core.permissions import Action, can

from ..error_codes import QuestionnaireErrorCode
from ..identity_catalog import DECLINE, INE_QUESTION_HEADERS, question_specs
from ..models import IdentityAnswer, IdentityOption, IdentityQuestion
from .curricular import normalize_text, require_capture, too_long


def seed_identity_questions(process) -> int:
    """Create the 20 INE questions and their options for `process`, each with «Prefiero no contestar».

    Idempotent: creates only what is missing (questions by number, options by label, dependencies not yet set)
    and never changes what an admin edited. Returns how many questions and options it created."""
    created = 0
    with transaction.atomic():
        questions: dict[int, IdentityQuestion] = {}
        existing = {q.number: q for q in IdentityQuestion.objects.filter(process=process)}
        for spec in question_specs():
            question = existing.get(spec.number)
            if question is None:
                question = IdentityQuestion.objects.create(
                    process=process,
                    number=spec.number,
                    text=spec.text,
                    export_header=INE_QUESTION_HEADERS.get(spec.number, ""),
                    kind=IdentityQuestion.Kind.MULTIPLE if spec.multiple else IdentityQuestion.Kind.SINGLE,
                    group=spec.group,
                    order=spec.number,
                )
                created += 1
            questions[spec.number] = question
            have = set(question.options.values_list("label", flat=True))
            start = question.options.count()
            missing = [option for option in (*spec.options, DECLINE) if option.label not in have]
            IdentityOption.objects.bulk_create(
                IdentityOption(
                    question=question,
                    label=option.label,
                    order=start + index,
                    requires_detail=option.requires_detail,
                    is_decline=option is DECLINE,
                )
                for index, option in enumerate(missing)
            )
            created += len(missing)
        for spec in question_specs():
            question = questions[spec.number]
            if spec.parent is None or question.parent_id is not None:
                continue
            parent = questions[spec.parent]
            question.parent = parent
            question.parent_option = parent.options.get(label=spec.parent_option)
            question.save(update_fields=["parent", "parent_option"])
        if created:
            candidacies_changed([], reason=Reason.IDENTITY)
    return created


def visible_question_ids(questions: Iterable[IdentityQuestion], selected: Mapping[int, Collection[int]]) -> set[int]:
    """The questions shown given the answers `selected` (question id -> chosen option ids): a question with a
    parent is shown only when its parent is shown and answered with the triggering option.

    The one rule for dependent questions: saving discards answers outside this set and completeness counts only
    inside it."""
    by_id = {q.pk: q for q in questions}
    memo: dict[int, bool] = {}

    def visible(question: IdentityQuestion) -> bool:
        if question.pk not in memo:
            memo[question.pk] = False  # a cycle (refused by IdentityQuestion.clean) hides the questions in it
            parent = by_id.get(question.parent_id) if question.parent_id else None
            memo[question.pk] = question.parent_id is None or (
                parent is not None
                and visible(parent)
                and question.parent_option_id in selected.get(question.parent_id, ())
            )
        return memo[question.pk]

    return {q.pk for q in by_id.values() if visible(q)}


def _question_error(message: str, code: QuestionnaireErrorCode, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def validate_identity_answers(questions: Mapping[int, IdentityQuestion], answers: Mapping) -> dict:
    """question id -> (frozenset of option ids, detail) for the submitted answers, or a ValidationError keyed by
    the question id (as a string) with the codes unknown_question, bad_option, single_choice, decline_alone,
    detail_required, too_long."""
    cleaned, errors = {}, {}
    for raw_id, value in answers.items():
        option_ids, detail = value if value is not None else ((), "")
        try:
            question = questions[int(raw_id)]
        except (KeyError, TypeError, ValueError):
            errors[str(raw_id)] = _question_error(
                "La pregunta no es de este cuestionario.", QuestionnaireErrorCode.UNKNOWN_QUESTION
            )
            continue
        options = {o.pk: o for o in question.options.all()}
        try:
            chosen = frozenset(int(i) for i in (option_ids or ()))
        except (TypeError, ValueError):
            chosen = None
        key = str(question.pk)
        if chosen is None or not chosen <= options.keys():
            errors[key] = _question_error(
                "Elija una de las opciones de la pregunta.", QuestionnaireErrorCode.BAD_OPTION
            )
            continue
        if question.kind == IdentityQuestion.Kind.SINGLE and len(chosen) > 1:
            errors[key] = _question_error("Elija solo una opción.", QuestionnaireErrorCode.SINGLE_CHOICE)
            continue
        if len(chosen) > 1 and any(options[i].is_decline for i in chosen):
            errors[key] = _question_error(
                "«Prefiero no contestar» no se combina con otras opciones.", QuestionnaireErrorCode.DECLINE_ALONE
            )
            continue
        detail = " ".join(normalize_text(detail).split())
        if any(options[i].requires_detail for i in chosen):
            if not detail:
                errors[key] = _question_error("Especifique su respuesta.", QuestionnaireErrorCode.DETAIL_REQUIRED)
                continue
            limit = IdentityAnswer._meta.get_field("detail").max_length
            if len(detail) > limit:
                errors[key] = too_long(len(detail), limit)
                continue
        else:
            detail = ""
        cleaned[question.pk] = (chosen, detail)
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_identity_answers(candidacy, answers: Mapping, *, by) -> dict[int, IdentityAnswer]:
    """Save identity answers: `answers` maps question id -> (option ids, detail); no options (or None) clears
    the answer. Questions absent from `answers` keep their stored answer.

    All or nothing: any invalid answer raises ValidationError (see validate_identity_answers) and nothing is
    saved. The server is the authority on dependent questions: an answer to a question whose parent is not
    answered with the triggering option is discarded, and a stored one is deleted. Returns the candidacy's
    answers after the save, by question id."""
    require_capture(by, candidacy)
    questions = {
        q.pk: q for q in IdentityQuestion.objects.filter(process_id=candidacy.process_id).prefetch_related("options")
    }
    cleaned = validate_identity_answers(questions, answers)
    with transaction.atomic():
        stored = {
            a.question_id: a
            for a in IdentityAnswer.objects.select_for_update()
            .filter(candidacy=candidacy)
            .order_by()  # no joins: FOR UPDATE cannot lock the nullable side of an outer join (PostgreSQL)
            .prefetch_related("options")
        }
        state = {qid: (frozenset(o.pk for o in a.options.all()), a.detail) for qid, a in stored.items()}
        state.update(cleaned)
        state = {qid: value for qid, value in state.items() if value[0]}
        visible = visible_question_ids(questions.values(), {qid: value[0] for qid, value in state.items()})
        result = {}
        for qid in questions:
            target = state.get(qid) if qid in visible else None
            answer = stored.get(qid)
            if target is None:
                if answer is not None:
                    answer._history_user = by
                    answer.delete()
                continue
            option_ids, detail = target
            if answer is not None and state.get(qid) == (frozenset(o.pk for o in answer.options.all()), answer.detail):
                result[qid] = answer
                continue
            result[qid] = _write_answer(candidacy, questions[qid], answer, option_ids, detail, by)
        candidacies_changed([candidacy.pk], reason=Reason.IDENTITY)
    return result


def erase_identity_answers(candidacy, *, by) -> int:
    """Cancelación of the candidate's identity answers (an ARCO request Administración granted, or the lifecycle's
    supresión): her answer rows and their change history are deleted for good, and the public site drops them at
    once. Returns how many answers were deleted. Only Action.MANAGE_ARCO."""
    if not can(by, Action.MANAGE_ARCO):
        raise PermissionDenied("Solo Administración cancela las respuestas de identidad de una candidatura.")
    with transaction.atomic():
        answers = IdentityAnswer.objects.filter(candidacy=candidacy)
        count = answers.count()
        answers.delete()
        IdentityAnswer.history.filter(candidacy_id=candidacy.pk).delete()  # with their options' history rows
        candidacies_changed([candidacy.pk], reason=Reason.IDENTITY)
    return count


def _write_answer(candidacy, question, answer, option_ids, detail, by) -> IdentityAnswer:
    """One history row per change, holding the final options (not one for the row and another for the M2M)."""
    answer = answer or IdentityAnswer(candidacy=candidacy, question=question)
    answer.detail = detail
    answer.skip_history_when_saving = True
    try:
        answer.save()
        answer.options.set(option_ids)
    finally:
        del answer.skip_history_when_saving
    answer._history_user = by
    answer.save(update_fields=["updated_at"])
    return answer


def questions_last_changed_by_party(candidacy) -> list[int]:
    """Numbers of the questions whose answer (or its removal) was last saved by an account of the political actor,
    not by the candidate: what she is shown to check (the identity answers are hers; DOMAIN.md §2, §6)."""
    last: dict[int, tuple[int, str | None]] = {}
    rows = (
        IdentityAnswer.history.filter(candidacy_id=candidacy.pk)
        .order_by("question_id", "-history_date", "-history_id")
        .values_list("question_id", "question__number", "history_user__role")
    )
    for question_id, number, role in rows:
        last.setdefault(question_id, (number, role))
    return sorted(number for number, role in last.values() if role == Role.PARTY)
