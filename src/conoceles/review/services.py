"""Every change of the review workflow (DOMAIN.md §4 steps 5–8): the actor's validation, observations, corrections
and correction requests, and who is told. What is public is conoceles.review.publication's to say.

Workflow rows are created lazily here, in their initial state; every change of state goes through
conoceles.review.workflow.transition, and every step leaves a WorkflowEvent for the audit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from conoceles.candidacies.models import Candidacy
from conoceles.changes import Reason, candidacies_changed
from conoceles.core.permissions import Action, can, require_writable
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify, recipients_for
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.rubros import RUBROS, get_rubro
from conoceles.questionnaires.services import curricular_for

from .error_codes import ReviewErrorCode
from .models import (
    CandidacyWorkflow,
    ContentRule,
    CorrectionRequest,
    Observation,
    ReviewRules,
    RubroState,
    WorkflowEvent,
)
from .states import OBSERVABLE_RUBRO_STATES, TO_CORRECT_RUBRO_STATES, Decision, EventKind, Level, State
from .workflow import allowed_action, log_event, transition

NotificationKind = Notification.Kind

# The states from which the actor's validation (re-)validates a rubro: never captured as validated yet, or reopened.
_REVALIDATED_RUBRO_STATES = (State.DRAFT, State.CORRECTION_APPROVED)


def workflow_of(candidacy) -> CandidacyWorkflow:
    """The candidacy's workflow row, created in draft the first time it is asked for."""
    workflow, created = CandidacyWorkflow.objects.get_or_create(candidacy=candidacy)
    if created:
        candidacies_changed([candidacy.pk], reason=Reason.WORKFLOW)
    return workflow


def rubro_states_of(candidacy) -> dict[str, RubroState]:
    """rubro code -> RubroState for every rubro of rubros.RUBROS, the missing ones created in draft."""
    existing = {r.rubro: r for r in RubroState.objects.filter(candidacy=candidacy)}
    missing = [RubroState(candidacy=candidacy, rubro=r.code) for r in RUBROS if r.code not in existing]
    if missing:
        RubroState.objects.bulk_create(missing, ignore_conflicts=True)
        candidacies_changed([candidacy.pk], reason=Reason.WORKFLOW)
        existing = {r.rubro: r for r in RubroState.objects.filter(candidacy=candidacy)}
    return {r.code: existing[r.code] for r in RUBROS}


def missing_message(missing: dict[str, tuple[str, ...]]) -> str:
    """«Formación académica: Estatus; Propuestas: Propuesta 2, …» for the rubros still incomplete."""
    labels = {r.code: r.label for r in RUBROS}
    return "; ".join(f"{labels[code]}: {', '.join(fields)}" for code, fields in missing.items())


def require_validatable(candidacy, workflow: CandidacyWorkflow) -> None:
    """Whether the actor's validation may run now, whatever the candidacy's completeness: a ValidationError saying
    why not (code "not_active" for a substituted or cancelled candidacy, "invalid_transition" otherwise: already
    validated, or a correction request awaiting the Institute's decision). The status screen shows this reason
    instead of the button; validate_candidacy raises it."""
    if candidacy.status != Candidacy.Status.APPROVED:
        raise ValidationError(
            "Solo se validan candidaturas con registro aprobado (esta está %(status)s).",
            code=ReviewErrorCode.NOT_ACTIVE,
            params={"status": candidacy.get_status_display().lower()},
        )
    if workflow.state == State.CORRECTION_REQUESTED:
        pending = candidacy.correction_requests.filter(decision=Decision.PENDING).order_by("-requested_at").first()
        since = f" desde el {_long_date(pending.requested_at)}" if pending else ""
        raise ValidationError(
            "Solicitud de corrección pendiente de decisión del Instituto%(since)s: la candidatura sigue validada y se "
            "podrá validar de nuevo cuando el Instituto apruebe la solicitud.",
            code=ReviewErrorCode.INVALID_TRANSITION,
            params={"since": since},
        )
    if workflow.state == State.VALIDATED:
        raise ValidationError(
            "La candidatura ya está validada; para cambiarla, solicite una corrección.",
            code=ReviewErrorCode.INVALID_TRANSITION,
        )
    if allowed_action(Level.CANDIDACY, workflow.state, State.VALIDATED) != Action.VALIDATE_CANDIDACY:
        raise ValidationError(
            "La candidatura no está pendiente de validación (estado: %(state)s).",
            code=ReviewErrorCode.INVALID_TRANSITION,
            params={"state": workflow.get_state_display().lower()},
        )


def _long_date(moment) -> str:
    """«6 de diciembre de 2026», in the institute's time zone."""
    return date_format(timezone.localtime(moment), r"j \d\e F \d\e Y").lower()


def validate_candidacy(candidacy, *, by) -> CandidacyWorkflow:
    """The political actor validates the candidacy (first time, or again after an approved correction request).

    PermissionDenied if `by` may not validate it (views load the candidacy with get_candidacy_or_404 first, so
    another actor's candidacy is a 404 there). ValidationError with code "not_active" for a substituted or
    cancelled candidacy, "invalid_transition" if it is not awaiting validation, and "incomplete" (params
    `missing`: rubro code -> missing field labels) while a required rubro is incomplete per
    curricular_completeness. Valid: the candidacy and its draft or reopened rubros become validated."""
    require_writable(candidacy)
    if not can(by, Action.VALIDATE_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede validar esta candidatura.")
    workflow = workflow_of(candidacy)
    require_validatable(candidacy, workflow)
    completeness = curricular_completeness(candidacy)
    if not completeness.complete:
        missing = completeness.missing
        raise ValidationError(
            "No se puede validar: faltan datos obligatorios. %(detail)s.",
            code=ReviewErrorCode.INCOMPLETE,
            params={"detail": missing_message(missing), "missing": missing},
        )
    with transaction.atomic():
        rubros = rubro_states_of(candidacy)
        transition(workflow, State.VALIDATED, by=by)
        for rubro_state in rubros.values():
            if rubro_state.state in _REVALIDATED_RUBRO_STATES:
                transition(rubro_state, State.VALIDATED, by=by)
    return workflow


def validate_candidacies(candidacies, *, by) -> list[tuple[Candidacy, str]]:
    """The actor validates several candidacies at once: each exactly as validate_candidacy does (its own
    transaction and announcement), one refusal not stopping the others. Returns (candidacy, "" when validated or
    the reason it was not), in the given order."""
    results = []
    for candidacy in candidacies:
        try:
            validate_candidacy(candidacy, by=by)
        except (ValidationError, PermissionDenied) as error:
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            results.append((candidacy, reason))
        else:
            results.append((candidacy, ""))
    return results


def notify_actor(candidacy, *, kind, subject: str, body: str, url: str) -> None:
    """Tell the candidacy's actor accounts and its candidate (in-app and by e-mail, in the background)."""
    notify(recipients_for(candidacy), kind=kind, subject=subject, body=body, url=url, candidacy=candidacy)


# --- Review rules ------------------------------------------------------------------


def review_rules_for(process) -> ReviewRules:
    """The process's review rules, created with the defaults (one round, one request) the first time."""
    rules, _ = ReviewRules.objects.get_or_create(process=process)
    return rules


def _clean_rubros(codes) -> list[str]:
    codes = list(dict.fromkeys(codes or ()))
    if not codes:
        raise ValidationError("Elija al menos un rubro.", code=ReviewErrorCode.NO_RUBROS)
    for code in codes:
        try:
            get_rubro(code)
        except ValueError:
            raise ValidationError(
                "Rubro desconocido: %(code)s.", code=ReviewErrorCode.BAD_RUBRO, params={"code": code}
            ) from None
    order = [r.code for r in RUBROS]
    return sorted(codes, key=order.index)


def _require_active(candidacy) -> None:
    if candidacy.status != Candidacy.Status.APPROVED:
        raise ValidationError(
            "La candidatura está %(status)s: ya no se revisa.",
            code=ReviewErrorCode.NOT_ACTIVE,
            params={"status": candidacy.get_status_display().lower()},
        )


def _rubros_in(candidacy, codes, allowed_states, message: str, code: ReviewErrorCode) -> dict[str, RubroState]:
    states = rubro_states_of(candidacy)
    wrong = [states[c] for c in codes if states[c].state not in allowed_states]
    if wrong:
        detail = ", ".join(f"{get_rubro(r.rubro).label} ({r.state_label})" for r in wrong)
        raise ValidationError(message, code=code, params={"detail": detail})
    return {c: states[c] for c in codes}


# --- Observations (DOMAIN.md §4 step 7) -------------------------------------------------------------------------


def observation_rounds_left(candidacy) -> int:
    used = candidacy.observations.filter(decision=Decision.APPROVED).count()
    return max(review_rules_for(candidacy.process).observation_rounds - used, 0)


def _require_round_left(candidacy) -> None:
    if observation_rounds_left(candidacy) <= 0:
        raise ValidationError(
            "Esta candidatura ya agotó sus rondas de observación (%(rounds)s).",
            code=ReviewErrorCode.NO_ROUNDS_LEFT,
            params={"rounds": review_rules_for(candidacy.process).observation_rounds},
        )


def propose_observation(candidacy, *, rubros, rules, comment: str, by) -> Observation:
    """A reviewer proposes that `rubros` breach content `rules` (numbers 1–7), with a comment for the actor."""
    require_writable(candidacy)
    if not can(by, Action.REVIEW_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede proponer observaciones.")
    _require_active(candidacy)
    codes = _clean_rubros(rubros)
    numbers = sorted({int(n) for n in rules or ()})
    if not numbers:
        raise ValidationError("Cite al menos un supuesto.", code=ReviewErrorCode.NO_RULES)
    if any(n not in ContentRule.values for n in numbers):
        raise ValidationError("Los supuestos van del 1 al 7.", code=ReviewErrorCode.BAD_RULE)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Explique al actor político qué debe corregir.", code=ReviewErrorCode.NO_COMMENT)
    _require_round_left(candidacy)
    _rubros_in(
        candidacy,
        codes,
        OBSERVABLE_RUBRO_STATES,
        "Solo se observan rubros validados o subsanados: %(detail)s.",
        ReviewErrorCode.NOT_OBSERVABLE,
    )
    with transaction.atomic():
        observation = Observation.objects.create(
            candidacy=candidacy, rubros=codes, rules=numbers, comment=comment, proposed_by=by
        )
        log_event(candidacy, EventKind.OBSERVATION_PROPOSED, by=by, reason=_observation_summary(observation))
    return observation


def _observation_summary(observation) -> str:
    return (
        f"Observación {observation.pk}: {', '.join(observation.rubro_labels)}; "
        f"supuesto{'s' if len(observation.rules) > 1 else ''} "
        f"{', '.join(str(n) for n in observation.rules)}. {observation.comment}"
    )


def _decide(proposal, *, approve: bool, note: str, by) -> None:
    proposal.decision = Decision.APPROVED if approve else Decision.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = (note or "").strip()
    proposal.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])


def _require_pending(model, proposal, by):
    """Lock the proposal row; PermissionDenied unless `by` decides reviews; ValidationError if decided."""
    require_writable(proposal.candidacy)
    if not can(by, Action.DECIDE_REVIEW, proposal.candidacy):
        raise PermissionDenied("Solo la Instancia Interna decide.")
    locked = model.objects.select_for_update().select_related("candidacy").get(pk=proposal.pk)
    if locked.decision != Decision.PENDING:
        raise ValidationError(
            "Ya se decidió (%(decision)s).",
            code=ReviewErrorCode.ALREADY_DECIDED,
            params={"decision": locked.get_decision_display().lower()},
        )
    return locked


def decide_observation(observation, *, approve: bool, note: str = "", by) -> Observation:
    """The admin approves (its rubros leave the public site and the actor is told what to correct) or rejects."""
    with transaction.atomic():
        observation = _require_pending(Observation, observation, by)
        candidacy = observation.candidacy
        if approve:
            _require_active(candidacy)
            _require_round_left(candidacy)
            states = _rubros_in(
                candidacy,
                observation.rubros,
                OBSERVABLE_RUBRO_STATES,
                "Los rubros cambiaron desde la propuesta y ya no se pueden observar: %(detail)s.",
                ReviewErrorCode.NOT_OBSERVABLE,
            )
            questionnaire = curricular_for(candidacy)
            for rubro_state in states.values():
                _keep_observed_content(rubro_state, questionnaire)
                transition(rubro_state, State.OBSERVED, by=by, reason=f"Observación {observation.pk}")
        _decide(observation, approve=approve, note=note, by=by)
        kind = EventKind.OBSERVATION_APPROVED if approve else EventKind.OBSERVATION_REJECTED
        log_event(candidacy, kind, by=by, reason=_observation_summary(observation) + _note(note))
        if approve:
            notify_actor(
                candidacy,
                kind=NotificationKind.OBSERVATION_APPROVED,
                subject=f"Observación a la candidatura de {candidacy.full_name}",
                body=(
                    f"El Instituto observó {', '.join(observation.rubro_labels)} de la candidatura de "
                    f"{candidacy.full_name} ({candidacy.contest}). Supuestos: {'; '.join(observation.rule_labels)}.\n\n"
                    f"{observation.comment}\n\nEsos rubros no se muestran en el sitio público hasta que los corrija "
                    "y el Instituto acepte la corrección."
                ),
                url=reverse("review_actor:status", args=[candidacy.pk]),
            )
    return observation


def _note(note: str) -> str:
    note = (note or "").strip()
    return f" Nota: {note}" if note else ""


def rubro_content(questionnaire, rubro_code: str) -> dict[str, str]:
    """{field name: value as text} of one rubro as captured (the photo: its file name; empty: "")."""
    fields = get_rubro(rubro_code).fields
    if not questionnaire.pk:
        return {f.name: "" for f in fields}
    return {f.name: str(value) if (value := getattr(questionnaire, f.name, "")) else "" for f in fields}


def _keep_observed_content(rubro_state, questionnaire) -> None:
    """Keep the rubro's content as it is sent back to the actor; call before the transition that announces."""
    rubro_state.observed_content = rubro_content(questionnaire, rubro_state.rubro)
    rubro_state.save(update_fields=["observed_content"])


def correction_diff(rubro_state, questionnaire) -> list[dict] | None:
    """The fields of a rubro changed since it was sent back to the actor: [{field, before, after}], in
    questionnaire order; None when that content was not kept (observed before it was)."""
    if rubro_state.observed_content is None:
        return None
    now = rubro_content(questionnaire, rubro_state.rubro)
    return [
        {"field": field, "before": rubro_state.observed_content.get(field.name, ""), "after": now[field.name]}
        for field in get_rubro(rubro_state.rubro).fields
        if rubro_state.observed_content.get(field.name, "") != now[field.name]
    ]


def last_reasons(candidacy, to_state: str) -> dict[str, WorkflowEvent]:
    """rubro code -> the latest WorkflowEvent that moved that rubro to `to_state` (its reason is what the reviewer
    or the actor wrote)."""
    events = WorkflowEvent.objects.filter(candidacy=candidacy, to_state=to_state).exclude(rubro="").order_by("at", "pk")
    return {event.rubro: event for event in events.select_related("by")}


def submit_correction(candidacy, rubro_code: str, *, by, note: str = "") -> RubroState:
    """The actor sends an observed rubro (or one whose correction was rejected), once corrected, back to review; it
    stays off the site until accepted. Its content must differ from what was sent back to the actor, unless `note`
    explains why no change is needed (code "unchanged"); the note is kept in the WorkflowEvent for the reviewer."""
    get_rubro(rubro_code)
    require_writable(candidacy)
    if not can(by, Action.VALIDATE_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede enviar correcciones de esta candidatura.")
    rubro_state = _rubros_in(
        candidacy,
        [rubro_code],
        TO_CORRECT_RUBRO_STATES,
        "Ese rubro no está observado: %(detail)s.",
        ReviewErrorCode.NOT_OBSERVED,
    )[rubro_code]
    missing = curricular_completeness(candidacy).missing.get(rubro_code)
    if missing:
        raise ValidationError(
            "Complete el rubro antes de enviarlo: falta %(fields)s.",
            code=ReviewErrorCode.INCOMPLETE,
            params={"fields": ", ".join(missing)},
        )
    note = (note or "").strip()
    if correction_diff(rubro_state, curricular_for(candidacy)) == [] and not note:
        raise ValidationError(
            "No ha cambiado nada en «%(rubro)s» desde que el Instituto lo observó. Corrija el rubro, o explique "
            "por qué no hace falta cambiarlo.",
            code=ReviewErrorCode.UNCHANGED,
            params={"rubro": get_rubro(rubro_code).label},
        )
    transition(rubro_state, State.CORRECTED, by=by, reason=note)
    return rubro_state


def accept_correction(candidacy, rubro_code: str, *, by) -> RubroState:
    """A reviewer accepts a corrected rubro: it is validated again and back on the public site."""
    rubro_state = _corrected(candidacy, rubro_code, by=by)
    with transaction.atomic():
        transition(rubro_state, State.VALIDATED, by=by, reason="Corrección aceptada")
        label = get_rubro(rubro_code).label
        notify_actor(
            candidacy,
            kind=NotificationKind.CORRECTION_REVIEWED,
            subject=f"Corrección aceptada: {candidacy.full_name}",
            body=f"El Instituto aceptó la corrección de «{label}» de {candidacy.full_name}; ya se muestra en el sitio.",
            url=reverse("review_actor:status", args=[candidacy.pk]),
        )
    return rubro_state


def reject_correction(candidacy, rubro_code: str, *, reason: str, by) -> RubroState:
    """A reviewer rejects a corrected rubro, with a reason for the actor, whatever the observation rounds left: it
    goes back to the actor (correction_rejected), who must correct it again and send it."""
    rubro_state = _corrected(candidacy, rubro_code, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "Explique al actor político por qué se rechaza la corrección.", code=ReviewErrorCode.NO_REASON
        )
    with transaction.atomic():
        _keep_observed_content(rubro_state, curricular_for(candidacy))
        transition(rubro_state, State.CORRECTION_REJECTED, by=by, reason=reason)
        label = get_rubro(rubro_code).label
        notify_actor(
            candidacy,
            kind=NotificationKind.CORRECTION_REVIEWED,
            subject=f"Corrección rechazada: {candidacy.full_name}",
            body=(
                f"El Instituto rechazó la corrección de «{label}» de {candidacy.full_name}. Motivo: {reason}\n\n"
                "Corrija el rubro y envíelo de nuevo; mientras tanto no se muestra en el sitio público."
            ),
            url=reverse("review_actor:status", args=[candidacy.pk]),
        )
    return rubro_state


def _corrected(candidacy, rubro_code: str, *, by) -> RubroState:
    get_rubro(rubro_code)
    require_writable(candidacy)
    if not can(by, Action.REVIEW_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede revisar correcciones.")
    return _rubros_in(
        candidacy,
        [rubro_code],
        {State.CORRECTED},
        "Ese rubro no está subsanado: %(detail)s.",
        ReviewErrorCode.NOT_CORRECTED,
    )[rubro_code]


# --- «Revisada sin observaciones» -------------------------------------------------------------------------------


def with_clean_review(queryset):
    """Annotate each candidacy with `clean_review_at`: when a reviewer last recorded «revisada sin observaciones»,
    if nothing undid it since (the actor validating the candidacy again, an approved observation); else None."""
    events = WorkflowEvent.objects.filter(candidacy=OuterRef("pk")).order_by("-at", "-pk")
    last_clean = events.filter(kind=EventKind.REVIEWED_CLEAN).values("at")[:1]
    last_reset = events.filter(
        Q(kind=EventKind.OBSERVATION_APPROVED) | Q(kind=EventKind.TRANSITION, rubro="", to_state=State.VALIDATED)
    ).values("at")[:1]
    return queryset.annotate(last_clean_at=Subquery(last_clean), last_reset_at=Subquery(last_reset)).annotate(
        clean_review_at=Case(
            When(Q(last_clean_at__isnull=False, last_reset_at__isnull=True), then=F("last_clean_at")),
            When(last_clean_at__gt=F("last_reset_at"), then=F("last_clean_at")),
            default=None,
        )
    )


def clean_review_at(candidacy):
    """with_clean_review's `clean_review_at` of one candidacy."""
    return with_clean_review(Candidacy.objects.filter(pk=candidacy.pk)).values_list("clean_review_at", flat=True)[0]


def mark_reviewed(candidacy, *, by, note: str = "") -> WorkflowEvent:
    """A reviewer records that the candidacy was reviewed and needs no observation (an audited WorkflowEvent).
    Only for a validated candidacy with no rubro observed, under correction or with a proposal pending."""
    require_writable(candidacy)
    if not can(by, Action.REVIEW_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede revisar candidaturas.")
    _require_active(candidacy)
    workflow = workflow_of(candidacy)
    if workflow.state != State.VALIDATED:
        raise ValidationError(
            "Solo se marca como revisada una candidatura validada (estado: %(state)s).",
            code=ReviewErrorCode.NOT_VALIDATED,
            params={"state": workflow.get_state_display().lower()},
        )
    open_rubros = [
        r for r in rubro_states_of(candidacy).values() if r.state in {State.CORRECTED, *TO_CORRECT_RUBRO_STATES}
    ]
    if open_rubros or candidacy.observations.filter(decision=Decision.PENDING).exists():
        raise ValidationError(
            "La candidatura tiene observaciones o correcciones pendientes: no se puede marcar como revisada sin "
            "observaciones.",
            code=ReviewErrorCode.REVIEW_OPEN,
        )
    return log_event(candidacy, EventKind.REVIEWED_CLEAN, by=by, reason=(note or "").strip())


# --- Correction requests (DOMAIN.md §4 step 8) ------------------------------------------------------------------


def correction_requests_left(candidacy) -> int:
    used = candidacy.correction_requests.count()
    return max(review_rules_for(candidacy.process).correction_requests - used, 0)


def request_correction(candidacy, *, rubros, reason: str, by) -> CorrectionRequest:
    """After validation the actor asks to reopen named validated rubros; the admin decides."""
    require_writable(candidacy)
    if not can(by, Action.VALIDATE_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede solicitar correcciones de esta candidatura.")
    _require_active(candidacy)
    codes = _clean_rubros(rubros)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Explique por qué necesita corregir esos rubros.", code=ReviewErrorCode.NO_REASON)
    workflow = workflow_of(candidacy)
    if workflow.state != State.VALIDATED:
        raise ValidationError(
            "Solo se pide una corrección de una candidatura validada (estado: %(state)s).",
            code=ReviewErrorCode.NOT_VALIDATED,
            params={"state": workflow.get_state_display().lower()},
        )
    if correction_requests_left(candidacy) <= 0:
        raise ValidationError(
            "Esta candidatura ya usó sus solicitudes de corrección (%(count)s).",
            code=ReviewErrorCode.NO_REQUESTS_LEFT,
            params={"count": review_rules_for(candidacy.process).correction_requests},
        )
    states = _rubros_in(
        candidacy,
        codes,
        {State.VALIDATED},
        "Solo se reabren rubros validados: %(detail)s.",
        ReviewErrorCode.NOT_VALIDATED,
    )
    with transaction.atomic():
        request = CorrectionRequest.objects.create(candidacy=candidacy, rubros=codes, reason=reason, requested_by=by)
        transition(workflow, State.CORRECTION_REQUESTED, by=by, reason=f"Solicitud {request.pk}")
        for rubro_state in states.values():
            transition(rubro_state, State.CORRECTION_REQUESTED, by=by, reason=f"Solicitud {request.pk}")
        log_event(
            candidacy,
            EventKind.CORRECTION_REQUESTED,
            by=by,
            reason=f"Solicitud {request.pk}: {', '.join(request.rubro_labels)}. {reason}",
        )
    return request


def decide_correction_request(request, *, approve: bool, note: str = "", by) -> CorrectionRequest:
    """The admin approves (the rubros become editable and must be validated again) or rejects (back as they were)."""
    with transaction.atomic():
        request = _require_pending(CorrectionRequest, request, by)
        candidacy = request.candidacy
        to_state = State.CORRECTION_APPROVED if approve else State.VALIDATED
        workflow = workflow_of(candidacy)
        if workflow.state == State.CORRECTION_REQUESTED:
            transition(workflow, to_state, by=by, reason=f"Solicitud {request.pk}")
        for rubro_state in rubro_states_of(candidacy).values():
            if rubro_state.rubro in request.rubros and rubro_state.state == State.CORRECTION_REQUESTED:
                transition(rubro_state, to_state, by=by, reason=f"Solicitud {request.pk}")
        _decide(request, approve=approve, note=note, by=by)
        kind = EventKind.CORRECTION_APPROVED if approve else EventKind.CORRECTION_REJECTED
        log_event(
            candidacy, kind, by=by, reason=f"Solicitud {request.pk}: {', '.join(request.rubro_labels)}.{_note(note)}"
        )
        verdict = "aprobó" if approve else "rechazó"
        then = (
            "Ya puede modificar esos rubros; después valide de nuevo la candidatura."
            if approve
            else "Los rubros quedan como estaban validados."
        )
        notify_actor(
            candidacy,
            kind=NotificationKind.CORRECTION_DECIDED,
            subject=f"Solicitud de corrección {'aprobada' if approve else 'rechazada'}: {candidacy.full_name}",
            body=(
                f"El Instituto {verdict} su solicitud de corregir {', '.join(request.rubro_labels)} de "
                f"{candidacy.full_name}. {then}{_note(note)}"
            ),
            url=reverse("review_actor:status", args=[candidacy.pk]),
        )
    return request
