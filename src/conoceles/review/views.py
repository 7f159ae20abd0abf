"""The institute's review screens (DOMAIN.md §4 step 7–8): queue, a candidacy rubro by rubro, the admin's decisions
and the audit. Views read input and render; every change goes through conoceles.review.services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from conoceles.candidacies.models import Candidacy
from conoceles.core.forms import add_service_error
from conoceles.core.permissions import Action, can, get_candidacy_or_404, permission_required
from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.models import ConsentFormat
from conoceles.questionnaires.rubros import NOT_PROVIDED, RUBROS
from conoceles.questionnaires.services import curricular_for
from conoceles.screening import services as screening

from . import services
from .forms import AuditFilterForm, DecisionForm, ObservationForm, QueueFilterForm
from .models import CorrectionRequest, Observation, WorkflowEvent
from .states import OBSERVABLE_RUBRO_STATES, Decision, State

PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100
STATUS_FILTERS = {
    "active": Candidacy.Status.APPROVED,
    "substituted": Candidacy.Status.SUBSTITUTED,
    "cancelled": Candidacy.Status.CANCELLED,
}


def _rubros_in_state(state: str):
    return Count("rubro_states", filter=Q(rubro_states__state=state), distinct=True)


@permission_required(Action.REVIEW_CANDIDACY)
def queue(request):
    process = ElectoralProcess.objects.current()
    form = QueueFilterForm(request.GET or None, process=process)
    candidacies = (
        Candidacy.objects.filter(process=process)
        .select_related("contest__cargo", "actor", "workflow")
        .annotate(
            observed_count=_rubros_in_state(State.OBSERVED),
            corrected_count=_rubros_in_state(State.CORRECTED),
            pending_proposals=Exists(Observation.objects.filter(candidacy=OuterRef("pk"), decision=Decision.PENDING)),
        )
        .order_by("contest__cargo__order", "contest__name", "actor__order", "formula_number", "position")
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
    if data.get("flag"):
        candidacies = screening.candidacies_flagged(candidacies, data["flag"])
    page = Paginator(candidacies, PAGE_SIZE).get_page(request.GET.get("page"))
    flags = screening.flags_for([c.pk for c in page])
    for candidacy in page:
        candidacy.flags = sorted(flags.get(candidacy.pk, ()))
    context = {
        "form": form,
        "page": page,
        "process": process,
        "can_decide": can(request.user, Action.DECIDE_REVIEW),
        "pending_formats": ConsentFormat.objects.filter(
            candidacy__process=process, status=ConsentFormat.Status.PENDING
        ).count(),
    }
    return render(request, "review/queue.html", context)


def _field_value(questionnaire, field) -> str:
    value = getattr(questionnaire, field.name, "") if questionnaire.pk else ""
    return str(value) if value else ""


def _load(request, pk):
    queryset = Candidacy.objects.select_related("process", "contest__cargo", "actor", "replaces", "replaced_by")
    return get_candidacy_or_404(request.user, Action.REVIEW_CANDIDACY, pk, queryset)


@permission_required(Action.REVIEW_CANDIDACY)
def candidacy_detail(request, pk, form=None):
    candidacy = _load(request, pk)
    questionnaire = curricular_for(candidacy)
    states = services.rubro_states_of(candidacy)
    findings = screening.findings_for(candidacy)
    completeness = curricular_completeness(candidacy)
    rubros = [
        {
            "rubro": rubro,
            "state": states[rubro.code],
            "observable": states[rubro.code].state in OBSERVABLE_RUBRO_STATES,
            "can_accept": states[rubro.code].state == State.CORRECTED,
            "complete": completeness.rubro(rubro.code).complete,
            "fields": [(f, _field_value(questionnaire, f)) for f in rubro.fields],
            "findings": [f for f in findings if f.rubro == rubro.code],
        }
        for rubro in RUBROS
    ]
    context = {
        "candidacy": candidacy,
        "workflow": services.workflow_of(candidacy),
        "rubros": rubros,
        "findings": findings,
        "has_photo": bool(questionnaire.pk and questionnaire.photo),
        "observations": candidacy.observations.select_related("proposed_by", "decided_by"),
        "correction_requests": candidacy.correction_requests.select_related("requested_by", "decided_by"),
        "rounds_left": services.observation_rounds_left(candidacy),
        "form": form or ObservationForm(initial={"rubros": request.GET.getlist("rubro")}),
        "not_provided": NOT_PROVIDED,
        "can_decide": can(request.user, Action.DECIDE_REVIEW, candidacy),
    }
    return render(request, "review/candidacy.html", context, status=400 if form is not None else 200)


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
            return redirect("review:candidacy", candidacy.pk)
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
    return redirect("review:candidacy", candidacy.pk)


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
    process = ElectoralProcess.objects.current()
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
    events = events.filter(candidacy=candidacy) if candidacy else events
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
