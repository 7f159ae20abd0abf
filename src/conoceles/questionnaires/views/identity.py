"""Capture screens, part 1 of issue 4: the aviso de privacidad, the identity questionnaire and consent.

Every screen about one candidacy goes through gate.capture_view (404 for another actor's candidacy, aviso first);
the consent screen and the evidence download also open, read-only, to the institute's staff.
"""

from contextlib import suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from conoceles.candidacies.models import Candidacy
from conoceles.core.forms import error_messages
from conoceles.core.http import safe_next_url
from conoceles.core.permissions import Action, can, candidacies_for, get_candidacy_or_404
from conoceles.elections.models import ElectoralProcess

from ..completeness import identity_completeness_of
from ..gate import capture_view
from ..models import ConsentFormat, ConsentItem, ConsentRecord, IdentityAnswer, IdentityQuestion, PrivacyNotice
from ..services import (
    accept_notice,
    candidate_has_answered,
    counting_consent_records,
    current_consent,
    current_notice,
    current_notices,
    has_accepted_current,
    notices_to_accept,
    questions_last_changed_by_party,
    record_consent,
    records_in_force,
    save_identity_answers,
    seed_identity_questions,
    upload_consent_format,
    visible_question_ids,
)

SELECT_THRESHOLD = 12  # a single-choice question with more options than this is a <select> (pueblos, países…)
YES, NO = "si", "no"


def _dashboard_url() -> str:
    try:
        return reverse("capture:dashboard")
    except NoReverseMatch:  # the dashboard is another part of issue 4
        return reverse("accounts:home")


# --------------------------------------------------------------------------------------------
# Aviso de privacidad
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, process_id):
    """Read and accept the aviso integral and simplificado in force; then go on to `next`."""
    user = request.user
    reachable = candidacies_for(user, Action.CAPTURE_CANDIDACY).filter(process_id=process_id).exists() or (
        candidacies_for(user, Action.GIVE_CONSENT).filter(process_id=process_id).exists()
    )
    if not reachable:
        raise Http404("No tiene captura en ese proceso.")
    process = get_object_or_404(ElectoralProcess, pk=process_id)
    next_url = safe_next_url(request)
    notices = current_notices(process)
    published = all(n is not None for n in notices.values())
    pending = notices_to_accept(user, process) if published else []
    error = None
    if request.method == "POST" and published:
        if request.POST.get("accept") != "1":
            error = "Para continuar, marque la casilla «He leído y acepto…» del aviso de privacidad."
        else:
            for item in pending:
                accept_notice(user, item)
            if pending:
                versions = ", ".join(f"{n.get_kind_display().lower()} (versión {n.version})" for n in pending)
                messages.success(request, f"Se registró su aceptación del {versions}.")
            return redirect(next_url or _dashboard_url())
    ordered = [notices[PrivacyNotice.Kind.INTEGRAL], notices[PrivacyNotice.Kind.SIMPLIFIED]]
    return render(
        request,
        "questionnaires/notice.html",
        {
            "process": process,
            "notices": [n for n in ordered if n is not None],
            "published": published,
            "pending": pending,
            "accepted": published and not pending,
            "next": next_url,
            "error": error,
            "continue_url": next_url or _dashboard_url(),
        },
        status=400 if error else 200,
    )


# --------------------------------------------------------------------------------------------
# Identity questionnaire
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Consent
# --------------------------------------------------------------------------------------------


def _consent_candidacy(request, pk, action: Action) -> Candidacy:
    queryset = Candidacy.objects.select_related("process", "contest__cargo", "actor")
    return get_candidacy_or_404(request.user, action, pk, queryset)


@login_required
@require_http_methods(["GET", "POST"])
def consent(request, pk):
    """The three consent items. The candidate records her own answer (it prevails); her party uploads the signed
    format, which counts once an institute reviewer accepts it; the institute's staff reads."""
    candidacy = _consent_candidacy(request, pk, Action.VIEW_CANDIDACY)
    user = request.user
    captures = can(user, Action.CAPTURE_CANDIDACY, candidacy)
    if captures and not has_accepted_current(user, candidacy.process):
        return redirect(f"{reverse('capture:notice', args=[candidacy.process_id])}?next={request.path}")
    direct = can(user, Action.GIVE_CONSENT, candidacy)
    formats = list(
        ConsentFormat.objects.filter(candidacy=candidacy).select_related("uploaded_by", "decided_by").prefetch_related(
            "records"
        )
    )
    pending = next((f for f in formats if f.status == ConsentFormat.Status.PENDING), None)
    candidate_answered = candidate_has_answered(candidacy)
    uploads = captures and not direct and not candidate_answered and pending is None
    current = current_consent(candidacy)
    posted: dict[int, str] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not (direct or captures):
            raise PermissionDenied("Su cuenta puede consultar el consentimiento, no registrarlo.")
        posted = {item: request.POST.get(f"consent-{item}", "") for item in ConsentItem.values}
        missing = [item for item, value in posted.items() if value not in (YES, NO)]
        evidence = request.FILES.get("evidence")
        if missing:
            errors["answers"] = ["Responda «Sí» o «No» a cada uno de los tres consentimientos."]
        else:
            answers = {item: value == YES for item, value in posted.items()}
            try:
                if direct:
                    if evidence is None:  # the candidate records only what changed
                        answers = {item: given for item, given in answers.items() if current[item] != given}
                    if not answers:
                        messages.info(request, "Sus respuestas no cambiaron; no se registró nada nuevo.")
                        return redirect("capture:consent", candidacy.pk)
                    record_consent(candidacy, answers, by=user, evidence=evidence)
                    messages.success(request, "Se registró el consentimiento. Ya está vigente en todo el sitio.")
                else:
                    upload_consent_format(candidacy, answers, evidence, by=user)
                    messages.success(
                        request,
                        "Se recibió el formato firmado. Tendrá efecto cuando el instituto lo revise y lo acepte; "
                        "se avisó a la persona candidata.",
                    )
            except ValidationError as error:
                errors = error_messages(error)
            else:
                return redirect("capture:consent", candidacy.pk)
    history = list(
        ConsentRecord.objects.filter(candidacy=candidacy)
        .select_related("recorded_by", "notice", "source_format")
        .order_by("-recorded_at", "-pk")
    )
    counting = set(counting_consent_records().filter(candidacy=candidacy).values_list("pk", flat=True))
    in_force = records_in_force(candidacy)
    for record in history:
        record.counts = record.pk in counting
    items = []
    for item in ConsentItem:
        value = posted.get(item.value) or ({True: YES, False: NO}.get(current[item.value], "") if direct else "")
        items.append(
            {
                "number": item.value,
                "label": item.label,
                "current": current[item.value],
                "record": in_force.get(item.value),
                "value": value,
                "name": f"consent-{item.value}",
            }
        )
    return render(
        request,
        "questionnaires/consent.html",
        {
            "candidacy": candidacy,
            "items": items,
            "history": history,
            "formats": formats,
            "pending": pending,
            "candidate_answered": candidate_answered,
            "direct": direct,
            "uploads": uploads,
            "may_record": direct or uploads,
            "errors": errors,
            "notice": current_notice(candidacy.process_id, PrivacyNotice.Kind.INTEGRAL),
        },
        status=400 if errors else 200,
    )


@capture_view()
@require_GET
def consent_format(request, candidacy):
    """The consent format, pre-filled with the candidacy's data, to print, sign and upload."""
    from weasyprint import HTML  # imported here: loading pango costs time every other view should not pay

    html = render_to_string(
        "questionnaires/consent_format.html",
        {
            "candidacy": candidacy,
            "institute_name": settings.INSTITUTE["name"],
            "items": list(ConsentItem),
            "notice": current_notice(candidacy.process_id, PrivacyNotice.Kind.INTEGRAL),
            "today": timezone.localdate(),
        },
    )
    # No base_url: the template references no file or URL, so WeasyPrint never fetches anything.
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="formato-consentimiento-{candidacy.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


EVIDENCE_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def private_file_response(file, filename: str, *, as_attachment: bool = True) -> FileResponse:
    """A stored private file (consent evidence): never cached, never sniffed into another type."""
    extension = file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        file.open("rb"),
        as_attachment=as_attachment,
        filename=f"{filename}.{extension}",
        content_type=EVIDENCE_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def consent_evidence(request, pk, record_id):
    """The file the candidate attached to one of her consent records: only to who may view the candidacy; never
    public, never cached."""
    candidacy = _consent_candidacy(request, pk, Action.VIEW_CANDIDACY)
    record = get_object_or_404(ConsentRecord, pk=record_id, candidacy=candidacy)
    if not record.evidence:
        raise Http404("Ese registro no tiene formato firmado.")
    return private_file_response(record.evidence, f"consentimiento-{candidacy.pk}-{record.pk}")


@login_required
@require_GET
def consent_format_file(request, pk, format_id):
    """A signed format uploaded by the candidate's political actor: to who may view the candidacy (the candidate
    herself included, who sees what was uploaded on her behalf); never public, never cached."""
    candidacy = _consent_candidacy(request, pk, Action.VIEW_CANDIDACY)
    consent_format = get_object_or_404(ConsentFormat, pk=format_id, candidacy=candidacy)
    return private_file_response(consent_format.evidence, f"formato-consentimiento-{candidacy.pk}-{consent_format.pk}")
