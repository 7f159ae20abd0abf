"""The institute's review screens (DOMAIN.md §4 step 7–8): queue, a candidacy rubro by rubro, the admin's decisions
and the audit. Views read input and render; every change goes through conoceles.review.services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from conoceles.candidacies.models import Candidacy
from conoceles.core.forms import add_service_error
from conoceles.core.permissions import Action, can, get_candidacy_or_404, permission_required
from conoceles.gestion.processes import process_for
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.models import ConsentFormat
from conoceles.questionnaires.rubros import NOT_PROVIDED, RUBROS
from conoceles.questionnaires.services import curricular_for
from conoceles.screening import services as screening
from conoceles.screening.models import Finding

from . import services
from .forms import AuditFilterForm, DecisionForm, ObservationForm, QueueFilterForm
from .models import CorrectionRequest, Observation, WorkflowEvent
from .states import OBSERVABLE_RUBRO_STATES, TO_CORRECT_RUBRO_STATES, Decision, State

PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100
STATUS_FILTERS = {
    "active": Candidacy.Status.APPROVED,
    "substituted": Candidacy.Status.SUBSTITUTED,
    "cancelled": Candidacy.Status.CANCELLED,
}


def _rubros_in_state(*states: str):
    return Count("rubro_states", filter=Q(rubro_states__state__in=states), distinct=True)


# The queue's order: by cargo, then place (districts by number, not by name), actor, fórmula; pk breaks ties.
# Null places (a contest of the whole entity) sort as 0 / "" so that «siguiente» can compare keys.
QUEUE_ORDER = (
    "cargo_order",
    "district_number",
    "municipality_name",
    "circumscription",
    "contest__name",
    "actor__order",
    "formula_number",
    "position",
    "pk",
)


def _queue(params, process):
    """The queue's filter form on `params` (the query string) and the candidacies it selects, in QUEUE_ORDER."""
    form = QueueFilterForm(params or None, process=process)
    candidacies = services.with_clean_review(
        Candidacy.objects.filter(process=process)
        .select_related("contest__cargo", "actor", "workflow")
        .annotate(
            observed_count=_rubros_in_state(*TO_CORRECT_RUBRO_STATES),
            corrected_count=_rubros_in_state(State.CORRECTED),
            pending_proposals=Exists(Observation.objects.filter(candidacy=OuterRef("pk"), decision=Decision.PENDING)),
            cargo_order=F("contest__cargo__order"),
            district_number=Coalesce("contest__district__number", 0),
            municipality_name=Coalesce("contest__municipality__name", Value("")),
            circumscription=Coalesce("contest__circumscription", 0),
        )
        .order_by(*QUEUE_ORDER)
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    candidacies = candidacies.filter(status=STATUS_FILTERS.get(data.get("status") or "active"))
    if data.get("q"):
        candidacies = candidacies.matching(data["q"])
    if data.get("state") == State.DRAFT:
        candidacies = candidacies.filter(Q(workflow__isnull=True) | Q(workflow__state=State.DRAFT))
    elif data.get("state"):
        candidacies = candidacies.filter(workflow__state=data["state"])
    if data.get("cargo"):
        candidacies = candidacies.filter(contest__cargo=data["cargo"])
    if data.get("actor"):
        candidacies = candidacies.filter(actor=data["actor"])
    pending = data.get("pending")
    if pending == "corrected":
        candidacies = candidacies.filter(corrected_count__gt=0)
    elif pending == "observed":
        candidacies = candidacies.filter(observed_count__gt=0)
    elif pending == "proposals":
        candidacies = candidacies.filter(pending_proposals=True)
    elif pending == "clean":
        candidacies = candidacies.filter(clean_review_at__isnull=False)
    elif pending == "to_review":
        candidacies = candidacies.filter(workflow__state=State.VALIDATED, clean_review_at__isnull=True)
    if data.get("flag"):
        candidacies = screening.candidacies_flagged(candidacies, data["flag"])
    return form, candidacies


def _queue_query(params) -> str:
    """The queue's filters of `params` as a query string (without the page), carried from the queue to a
    candidacy's screen and back, so that «siguiente» follows the same queue."""
    kept = QueryDict(mutable=True)
    for name in QueueFilterForm.base_fields:
        values = [v for v in params.getlist(name) if v]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def _next_in_queue(candidacy, query: str):
    """The candidacy after `candidacy` in the queue filtered by `query` (QUEUE_ORDER), or None at its end."""
    process = candidacy.process  # the queue a candidacy belongs to is its own process's
    _, candidacies = _queue(QueryDict(query), process)
    current = candidacies.filter(pk=candidacy.pk).values(*QUEUE_ORDER).first()
    if current is None:  # no longer in that queue (e.g. just marked as reviewed): its place from the unfiltered one
        current = _queue(QueryDict(), process)[1].filter(pk=candidacy.pk).values(*QUEUE_ORDER).first()
    if current is None:
        return None
    after = Q()
    for i, key in enumerate(QUEUE_ORDER):
        step = Q(**{f"{key}__gt": current[key]})
        for earlier in QUEUE_ORDER[:i]:
            step &= Q(**{earlier: current[earlier]})
        after |= step
    return candidacies.filter(after).first()


@permission_required(Action.REVIEW_CANDIDACY)
def queue(request):
    process = process_for(request)
    form, candidacies = _queue(request.GET, process)
    page = Paginator(candidacies, PAGE_SIZE).get_page(request.GET.get("page"))
    flags = screening.flags_for([c.pk for c in page])
    for candidacy in page:
        candidacy.flags = sorted(flags.get(candidacy.pk, ()))
    context = {
        "form": form,
        "page": page,
        "process": process,
        "queue_query": _queue_query(request.GET),
        "can_decide": can(request.user, Action.DECIDE_REVIEW),
        "pending_formats": ConsentFormat.objects.filter(
            candidacy__process=process, status=ConsentFormat.Status.PENDING
        ).count(),
    }
    return render(request, "review/queue.html", context)


def _field_value(questionnaire, field) -> str:
    value = getattr(questionnaire, field.name, "") if questionnaire.pk else ""
    return str(value) if value else ""


def _load(request, pk, action: Action = Action.REVIEW_CANDIDACY):
    queryset = Candidacy.objects.select_related("process", "contest__cargo", "actor", "replaces", "replaced_by")
    return get_candidacy_or_404(request.user, action, pk, queryset)


@permission_required(Action.REVIEW_CANDIDACY)
def candidacy_detail(request, pk, form=None, reject_error=None):
    """`reject_error`: (rubro code, the reason sent, the messages) of a refused rejection of a correction. A
    candidacy of an archived process is read here but offers nothing to do (core.permissions)."""
    candidacy = _load(request, pk, Action.VIEW_CANDIDACY)
    writable = can(request.user, Action.REVIEW_CANDIDACY, candidacy)
    questionnaire = curricular_for(candidacy)
    states = services.rubro_states_of(candidacy)
    findings = screening.findings_for(candidacy)
    completeness = curricular_completeness(candidacy)
    notes = services.last_reasons(candidacy, State.CORRECTED)
    rejections = services.last_reasons(candidacy, State.CORRECTION_REJECTED)
    error_rubro, error_reason, error_messages = reject_error or ("", "", ())
    rubros = []
    for rubro in RUBROS:
        state = states[rubro.code]
        corrected = state.state == State.CORRECTED
        rubros.append(
            {
                "rubro": rubro,
                "state": state,
                "observable": state.state in OBSERVABLE_RUBRO_STATES,
                "can_accept": corrected and writable,
                "diff": services.correction_diff(state, questionnaire) if corrected else None,
                "note": notes.get(rubro.code) if corrected else None,
                "rejection": rejections.get(rubro.code) if state.state == State.CORRECTION_REJECTED else None,
                "reject_reason": error_reason if rubro.code == error_rubro else "",
                "reject_errors": error_messages if rubro.code == error_rubro else (),
                "complete": completeness.rubro(rubro.code).complete,
                "fields": [(f, _field_value(questionnaire, f)) for f in rubro.fields],
                "findings": [f for f in findings if f.rubro == rubro.code],
                "finding_rules": sorted({f.rule for f in findings if f.rubro == rubro.code}),
            }
        )
    workflow = services.workflow_of(candidacy)
    context = {
        "candidacy": candidacy,
        "workflow": workflow,
        "rubros": rubros,
        "findings": findings,
        "has_photo": bool(questionnaire.pk and questionnaire.photo),
        "observations": candidacy.observations.select_related("proposed_by", "decided_by"),
        "correction_requests": candidacy.correction_requests.select_related("requested_by", "decided_by"),
        "rounds_left": services.observation_rounds_left(candidacy),
        "clean_review_at": services.clean_review_at(candidacy),
        "can_mark_reviewed": writable
        and candidacy.status == Candidacy.Status.APPROVED
        and workflow.state == State.VALIDATED,
        "writable": writable,
        "queue_query": _queue_query(request.GET if request.method == "GET" else QueryDict(request.POST.get("queue"))),
        "form": form or ObservationForm(initial={"rubros": request.GET.getlist("rubro")}),
        "not_provided": NOT_PROVIDED,
        "can_decide": can(request.user, Action.DECIDE_REVIEW, candidacy),
    }
    refused = form is not None or reject_error is not None
    return render(request, "review/candidacy.html", context, status=400 if refused else 200)


def _back(request, candidacy):
    """Back to the candidacy's screen, keeping the queue's filters it was reached with (the form's `queue`)."""
    query = _queue_query(QueryDict(request.POST.get("queue", "")))
    return redirect(reverse("review:candidacy", args=[candidacy.pk]) + (f"?{query}" if query else ""))


@permission_required(Action.REVIEW_CANDIDACY)
def next_candidacy(request, pk):
    """«Siguiente»: the next candidacy of the queue filtered as the query string says, or the queue at its end."""
    candidacy = _load(request, pk)
    query = _queue_query(request.GET)
    following = _next_in_queue(candidacy, query)
    if following is None:
        messages.info(request, "No hay más candidaturas en esta cola.")
        return redirect(reverse("review:queue") + (f"?{query}" if query else ""))
    return redirect(reverse("review:candidacy", args=[following.pk]) + (f"?{query}" if query else ""))


@require_POST
@permission_required(Action.REVIEW_CANDIDACY)
def propose(request, pk):
    candidacy = _load(request, pk)
    form = ObservationForm(request.POST)
    if form.is_valid():
        try:
            services.propose_observation(candidacy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Observación propuesta; la Instancia Interna decidirá si se aprueba.")
            return _back(request, candidacy)
    return candidacy_detail(request, pk, form=form)


@require_POST
@permission_required(Action.REVIEW_CANDIDACY)
def accept(request, pk, rubro_code):
    candidacy = _load(request, pk)
    _apply(
        request,
        lambda: services.accept_correction(candidacy, rubro_code, by=request.user),
        "Corrección aceptada: el rubro vuelve al sitio público.",
    )
    return _back(request, candidacy)


@require_POST
@permission_required(Action.REVIEW_CANDIDACY)
def reject(request, pk, rubro_code):
    candidacy = _load(request, pk)
    reason = request.POST.get("reason", "")
    try:
        services.reject_correction(candidacy, rubro_code, reason=reason, by=request.user)
    except ValidationError as error:
        return candidacy_detail(request, pk, reject_error=(rubro_code, reason, error.messages))
    messages.success(request, "Corrección rechazada: el rubro vuelve al actor político con el motivo.")
    return _back(request, candidacy)


@require_POST
@permission_required(Action.REVIEW_CANDIDACY)
def mark_reviewed(request, pk):
    candidacy = _load(request, pk)
    _apply(
        request,
        lambda: services.mark_reviewed(candidacy, by=request.user),
        "Candidatura marcada como revisada sin observaciones.",
    )
    return _back(request, candidacy)


@require_POST
@permission_required(Action.REVIEW_CANDIDACY)
def dismiss_finding(request, pk, finding_pk):
    candidacy = _load(request, pk)
    finding = get_object_or_404(Finding, pk=finding_pk, candidacy=candidacy)
    _apply(
        request,
        lambda: screening.dismiss_finding(finding, reason=request.POST.get("reason", ""), by=request.user),
        "Señalamiento descartado: no se volverá a mostrar mientras los textos comparados no cambien.",
    )
    return _back(request, candidacy)


def _apply(request, change, success: str) -> bool:
    """Run a service call; each message of its refusal becomes an error message of its own (nothing was changed).
    These actions are buttons without fields: there is no field for a message to land next to."""
    try:
        change()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return False
    messages.success(request, success)
    return True


@permission_required(Action.DECIDE_REVIEW)
def decisions(request):
    process = process_for(request)
    observations = Observation.objects.filter(candidacy__process=process, decision=Decision.PENDING)
    requests = CorrectionRequest.objects.filter(candidacy__process=process, decision=Decision.PENDING)
    related = ("candidacy__contest", "candidacy__actor")
    context = {
        "observations": observations.select_related(*related, "proposed_by").order_by("proposed_at", "pk"),
        "correction_requests": requests.select_related(*related, "requested_by").order_by("requested_at", "pk"),
    }
    return render(request, "review/decisions.html", context)


def _decide(request, model, pk, service, what: str):
    proposal = get_object_or_404(model.objects.select_related("candidacy"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Elija aprobar o rechazar.")
        return redirect("review:decisions")
    approve = form.cleaned_data["decision"] == "approve"
    done = "aprobada" if approve else "rechazada"
    _apply(
        request,
        lambda: service(proposal, approve=approve, note=form.cleaned_data["note"], by=request.user),
        f"{what} {done}: {proposal.candidacy.full_name}.",
    )
    if request.POST.get("next") == "candidacy":
        return redirect("review:candidacy", proposal.candidacy_id)
    return redirect("review:decisions")


@require_POST
@permission_required(Action.DECIDE_REVIEW)
def decide_observation(request, pk):
    return _decide(request, Observation, pk, services.decide_observation, "Observación")


@require_POST
@permission_required(Action.DECIDE_REVIEW)
def decide_correction(request, pk):
    return _decide(request, CorrectionRequest, pk, services.decide_correction_request, "Solicitud de corrección")


@permission_required(Action.REVIEW_CANDIDACY)
def audit(request, pk=None):
    candidacy = _load(request, pk) if pk is not None else None
    form = AuditFilterForm(request.GET or None)
    events = WorkflowEvent.objects.select_related("by", "candidacy__contest", "candidacy__actor").order_by("-at", "-pk")
    # One candidacy's log, or the whole log of the process chosen in the layout's selector.
    events = events.filter(candidacy=candidacy) if candidacy else events.filter(candidacy__process=process_for(request))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("user"):
        users = get_user_model().objects.filter(username__icontains=data["user"])
        events = events.filter(by__in=users)
    if data.get("since"):
        events = events.filter(at__date__gte=data["since"])
    if data.get("until"):
        events = events.filter(at__date__lte=data["until"])
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/audit.html", {"candidacy": candidacy, "form": form, "page": page})
