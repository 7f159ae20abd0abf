"""The identity questionnaire (DOMAIN.md §6): voluntary, on one page, every question with «Prefiero no contestar».

Every screen about one candidacy goes through gate.capture_view (404 for another actor's candidacy, aviso first).
The aviso de privacidad is conoceles.questionnaires.views.privacy; consent, conoceles.questionnaires.views.consent.
"""

from contextlib import suppress
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from conoceles.core.forms import error_messages
from conoceles.core.permissions import Action, can, require_sensitive_data_readable

from ..completeness import identity_completeness_of
from ..gate import capture_view
from ..models import IdentityAnswer, IdentityQuestion
from ..services import (
    questions_last_changed_by_party,
    save_identity_answers,
    seed_identity_questions,
    visible_question_ids,
)

SELECT_THRESHOLD = 12  # a single-choice question with more options than this is a <select> (pueblos, países…)


@dataclass
class OptionRow:
    pk: int
    label: str
    requires_detail: bool
    is_decline: bool
    checked: bool


@dataclass
class QuestionRow:
    pk: int
    number: int
    text: str
    multiple: bool
    use_select: bool
    options: list[OptionRow]
    detail: str
    detail_option: int | None  # the first option asking «Especifique»
    parent_pk: int | None
    parent_number: int | None
    parent_option_pk: int | None
    parent_option_label: str
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"q{self.pk}"

    @property
    def detail_name(self) -> str:
        return f"q{self.pk}-detalle"


def _questions(candidacy) -> list[IdentityQuestion]:
    return list(
        IdentityQuestion.objects.filter(process_id=candidacy.process_id)
        .select_related("parent", "parent_option")
        .prefetch_related("options")
        .order_by("order", "number")
    )


def _stored(candidacy) -> tuple[dict[int, set[str]], dict[int, str]]:
    selected, details = {}, {}
    for answer in IdentityAnswer.objects.filter(candidacy=candidacy).prefetch_related("options").order_by():
        selected[answer.question_id] = {str(o.pk) for o in answer.options.all()}
        details[answer.question_id] = answer.detail
    return selected, details


def _posted(request, questions) -> tuple[dict[int, list[str]], dict[int, str]]:
    selected, details = {}, {}
    for question in questions:
        selected[question.pk] = [v for v in request.POST.getlist(f"q{question.pk}") if v]
        details[question.pk] = request.POST.get(f"q{question.pk}-detalle", "")
    return selected, details


def _int_ids(values) -> set[int]:
    return {int(v) for v in values if str(v).isdigit()}


def _rows(questions, selected, details, errors) -> list[QuestionRow]:
    rows = []
    for question in questions:
        options = list(question.options.all())
        chosen = {str(v) for v in selected.get(question.pk, ())}
        detail_option = next((o.pk for o in options if o.requires_detail), None)
        multiple = question.kind == IdentityQuestion.Kind.MULTIPLE
        rows.append(
            QuestionRow(
                pk=question.pk,
                number=question.number,
                text=question.text,
                multiple=multiple,
                use_select=not multiple and len(options) > SELECT_THRESHOLD,
                options=[
                    OptionRow(o.pk, o.label, o.requires_detail, o.is_decline, str(o.pk) in chosen) for o in options
                ],
                detail=details.get(question.pk, ""),
                detail_option=detail_option,
                parent_pk=question.parent_id,
                parent_number=question.parent.number if question.parent_id else None,
                parent_option_pk=question.parent_option_id,
                parent_option_label=question.parent_option.label if question.parent_option_id else "",
                errors=errors.get(str(question.pk), []),
            )
        )
    return rows


@capture_view()
@require_http_methods(["GET", "POST"])
def identity(request, candidacy):
    """The whole identity questionnaire on one page; voluntary, every question offers «Prefiero no contestar»."""
    require_sensitive_data_readable(candidacy.process)
    questions = _questions(candidacy)
    if not questions:  # a process set up without them: the INE's 20 questions, which the admin may then extend
        with suppress(IntegrityError):  # seeded at the same moment by another request
            seed_identity_questions(candidacy.process)
        questions = _questions(candidacy)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        selected, details = _posted(request, questions)
        # Answers to dependent questions whose parent is not answered with the triggering option are discarded
        # (the one rule: visible_question_ids); the service applies it again on what is stored.
        visible = visible_question_ids(questions, {qid: _int_ids(values) for qid, values in selected.items()})
        answers = {qid: ((values, details[qid]) if qid in visible else None) for qid, values in selected.items()}
        try:
            save_identity_answers(candidacy, answers, by=request.user)
        except ValidationError as error:
            errors = error_messages(error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, "Se guardaron las respuestas del cuestionario de identidad.")
            return redirect("capture:identity", candidacy.pk)
    else:
        selected, details = _stored(candidacy)
    rows = _rows(questions, selected, details, errors)
    return render(
        request,
        "questionnaires/identity.html",
        {
            "candidacy": candidacy,
            "questions": rows,
            "errors": errors,
            "error_rows": [r for r in rows if r.errors],
            "completeness": identity_completeness_of(candidacy),
            # The candidate herself is shown which answers her political actor entered or changed for her.
            "changed_by_party": (
                questions_last_changed_by_party(candidacy) if can(request.user, Action.GIVE_CONSENT, candidacy) else []
            ),
        },
        status=400 if errors else 200,
    )
