"""Gestión → Solicitudes ARCO: the queue with the legal deadlines, a request's page, its answer and extension."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, permission_required

from . import services
from .forms import ExtensionForm, QueueFilterForm, ResponseForm
from .models import ArcoRequest, Scope, Status

PAGE_SIZE = 25
# What granting each item does, said before the admin confirms (irreversible ones first).
EFFECT_WARNINGS = {
    Scope.IDENTITY_ANSWERS: "Se eliminarán para siempre sus respuestas de identidad y su historial. "
    "No se puede deshacer.",
    Scope.CONTACT_DATA: "Se borrará para siempre el correo privado de la candidatura y el de su cuenta. "
    "No se puede deshacer.",
    Scope.PUBLICATION: "Se registrará su «no» a la publicación de sus respuestas de identidad: el sitio público, "
    "la API, los datos abiertos y la copia estática dejan de mostrarlas de inmediato.",
    Scope.STATISTICS: "Se registrará su «no» al uso estadístico de sus respuestas: las estadísticas dejan de "
    "contarla de inmediato.",
}


def _filtered(form):
    requests = ArcoRequest.objects.select_related("candidacy__actor", "candidacy__contest")
    if not form.is_valid():
        return requests.pending_first()
    data = form.cleaned_data
    if data["estado"] == "pendientes":
        requests = requests.filter(status=Status.PENDING)
    elif data["estado"] == "respondidas":
        requests = requests.exclude(status=Status.PENDING)
    if data["derecho"]:
        requests = requests.filter(kind=data["derecho"])
    if data["plazo"]:
        today = timezone.localdate()
        if data["plazo"] == "vencidas":  # the deadline passed: due before today
            due = Q(extended_due_date__isnull=True, due_date__lt=today) | Q(extended_due_date__lt=today)
        else:  # overdue, or due within NEAR_DEADLINE_BUSINESS_DAYS business days
            limit = services.deadline_for(today, services.NEAR_DEADLINE_BUSINESS_DAYS)
            due = Q(extended_due_date__isnull=True, due_date__lte=limit) | Q(extended_due_date__lte=limit)
        requests = requests.filter(due, status=Status.PENDING)
    if data["q"]:
        requests = requests.filter(candidacy__in=Candidacy.objects.matching(data["q"]))
    return requests.pending_first()


@permission_required(Action.MANAGE_ARCO)
def queue(request):
    form = QueueFilterForm(request.GET or None)
    page = Paginator(_filtered(form), PAGE_SIZE).get_page(request.GET.get("page"))
    today, non_working = timezone.localdate(), services.non_working_days()
    rows = [
        (
            r,
            services.urgency(r, today, non_working),
            services.business_days_left(r, today, non_working) if r.is_pending else None,
        )
        for r in page
    ]
    pending = ArcoRequest.objects.filter(status=Status.PENDING).count()
    context = {"form": form, "page": page, "rows": rows, "pending": pending, "today": today}
    return render(request, "arco/staff/queue.html", context)


@permission_required(Action.MANAGE_ARCO)
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    arco = get_object_or_404(ArcoRequest.objects.select_related("candidacy__actor", "candidacy__contest"), pk=pk)
    form = ResponseForm(request.POST or None, request_obj=arco)
    confirming = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") != "1":
            confirming = True  # show what will happen, then the admin confirms
        else:
            try:
                services.respond(
                    arco,
                    decision=data["decision"],
                    response=data["response"],
                    granted_scope=data["granted_scope"],
                    by=request.user,
                )
            except ValidationError as error:
                confirming = False
                for field, errors in (
                    error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
                ):
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request, f"Se registró la respuesta a la solicitud n.º {arco.pk} y se avisó a la persona candidata."
                )
                return redirect("arco:staff_detail", arco.pk)
    granted = []
    if confirming:
        decision = form.cleaned_data["decision"]
        granted = list(arco.scope) if decision == Status.GRANTED else []
        if decision == Status.PARTIAL:
            granted = form.cleaned_data["granted_scope"]
    today, non_working = timezone.localdate(), services.non_working_days()
    context = {
        "arco": arco,
        "candidacy": arco.candidacy,
        "form": form,
        "extension_form": ExtensionForm(),
        "confirming": confirming,
        "effects": [EFFECT_WARNINGS[Scope(s)] for s in granted],
        "urgency": services.urgency(arco, today, non_working),
        "days_left": services.business_days_left(arco, today, non_working) if arco.is_pending else None,
        "unavailable": services.personal_data_unavailable(arco.candidacy),
    }
    return render(request, "arco/staff/detail.html", context, status=400 if form.errors else 200)


@permission_required(Action.MANAGE_ARCO)
@require_POST
def extend(request, pk):
    arco = get_object_or_404(ArcoRequest, pk=pk)
    try:
        arco = services.extend_deadline(arco, reason=request.POST.get("reason", ""), by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"El plazo se amplió hasta el {arco.extended_due_date:%d/%m/%Y}; se avisó a la persona candidata."
        )
    return redirect("arco:staff_detail", arco.pk)
