"""Gestión → Ajustes del proceso → Datos bloqueados: the documented procedure for legal claims over a process whose
sensitive personal data is blocked (docs/manual/bloqueo-y-cancelacion.md).

Administración states the reason (the claim and its file number) and the candidacy; the screen then shows that one
candidacy's blocked data (identity answers, consents with their evidence, private e-mail, its accounts and their
logins) for that one request. Every consultation and every download is recorded (accounts.SensitiveDataAccess, with
the reason) and listed in Gestión → Cuentas → Consultas de datos sensibles. Nothing here changes any data. After
cancelación the screen says the data no longer exists."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from conoceles.accounts.models import LoginEvent, Role, SensitiveDataAccess, User
from conoceles.accounts.services import record_sensitive_access
from conoceles.core.permissions import Action, permission_required
from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.questionnaires.models import ConsentFormat, ConsentItem, ConsentRecord, IdentityAnswer
from conoceles.questionnaires.views.consent import private_file_response

from .sensitive_forms import LockedDataRequestForm

LOGINS_SHOWN = 200
RECORD, FORMAT = "registro", "formato"


def _locked_data(candidacy) -> dict:
    """Everything blocked about one candidacy, read for one consultation."""
    answers = (
        IdentityAnswer.objects.filter(candidacy=candidacy)
        .select_related("question")
        .prefetch_related("options")
        .order_by("question__order", "question__number")
    )
    accounts = list(User.objects.filter(Q(candidacy=candidacy, role=Role.CANDIDATE)).order_by("username"))
    logins = LoginEvent.objects.filter(Q(user__in=accounts) | Q(username__in=[a.username for a in accounts])).order_by(
        "-at"
    )[:LOGINS_SHOWN]
    items = dict(ConsentItem.choices)
    records = ConsentRecord.objects.filter(candidacy=candidacy).select_related("recorded_by", "notice")
    return {
        "candidacy": candidacy,
        "answers": [
            {
                "question": answer.question,
                "options": ", ".join(o.label for o in answer.options.all()),
                "detail": answer.detail,
            }
            for answer in answers
        ],
        "records": [
            {"record": r, "item": items.get(r.item, r.item)} for r in records.order_by("item", "-recorded_at", "-pk")
        ],
        "formats": ConsentFormat.objects.filter(candidacy=candidacy).select_related("uploaded_by", "decided_by"),
        "accounts": accounts,
        "party_accounts": User.objects.filter(role=Role.PARTY, actor_id=candidacy.actor_id).order_by("username"),
        "logins": list(logins),
        "logins_shown": LOGINS_SHOWN,
    }


def _state(process) -> str:
    if process.reached(LifecycleStage.CANCELLED):
        return "cancelled"
    return "locked" if process.is_locked else "readable"


@never_cache
@permission_required(Action.CONSULT_LOCKED_DATA)
@require_http_methods(["GET", "POST"])
def locked_data(request, pk):
    process = get_object_or_404(ElectoralProcess, pk=pk)
    state = _state(process)
    form = LockedDataRequestForm(process, request.POST or None) if state == "locked" else None
    context = {"process": process, "state": state, "form": form, "section": "locked_data"}
    if form is not None and request.method == "POST" and form.is_valid():
        candidacy = form.candidacy
        record_sensitive_access(
            request.user,
            SensitiveDataAccess.What.LOCKED_DATA_VIEWED,
            process=process,
            detail=f"Candidatura {candidacy.registration_id} (id {candidacy.pk}): {candidacy.full_name}",
            reason=form.cleaned_data["reason"],
        )
        context.update(_locked_data(candidacy), reason=form.cleaned_data["reason"])
    status = 400 if form is not None and form.errors else 200
    return render(request, "lifecycle/locked_data.html", context, status=status)


@never_cache
@permission_required(Action.CONSULT_LOCKED_DATA)
@require_POST
def locked_file(request, pk):
    """One evidence file (a consent record's attachment or a signed format), downloaded under the same reason."""
    process = get_object_or_404(ElectoralProcess, pk=pk)
    if _state(process) != "locked":
        raise Http404("Este proceso no tiene datos bloqueados que consultar.")
    form = LockedDataRequestForm(process, request.POST)
    if not form.is_valid():
        raise Http404("Indique el motivo y la candidatura para descargar la evidencia.")
    candidacy, kind = form.candidacy, request.POST.get("kind")
    file_id = request.POST.get("file", "")
    if not file_id.isdigit() or kind not in (RECORD, FORMAT):
        raise Http404("No existe ese archivo.")
    if kind == RECORD:
        row = get_object_or_404(ConsentRecord.objects.exclude(evidence=""), pk=file_id, candidacy=candidacy)
        name = f"consentimiento-{candidacy.pk}-{row.pk}"
    else:
        row = get_object_or_404(ConsentFormat, pk=file_id, candidacy=candidacy)
        name = f"formato-consentimiento-{candidacy.pk}-{row.pk}"
    if not row.evidence:
        raise Http404("Ese registro no tiene evidencia.")
    record_sensitive_access(
        request.user,
        SensitiveDataAccess.What.LOCKED_FILE_DOWNLOADED,
        process=process,
        detail=f"Candidatura {candidacy.registration_id} (id {candidacy.pk}): {name}",
        reason=form.cleaned_data["reason"],
    )
    return private_file_response(row.evidence, name)
