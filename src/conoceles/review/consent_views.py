"""/revision/formatos/: the institute's review of the signed consent formats that political actors upload on behalf
of their candidates (DOMAIN.md §6). A format counts only once a reviewer has looked at the document and accepted it;
every decision goes through conoceles.questionnaires.services.decide_consent_format."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from conoceles.core.forms import add_service_error
from conoceles.core.permissions import (
    Action,
    permission_required,
    require_sensitive_data_readable,
    sensitive_readable_q,
)
from conoceles.gestion.processes import process_for
from conoceles.questionnaires.models import ConsentFormat, ConsentItem
from conoceles.questionnaires.services import candidate_has_answered, current_consent, decide_consent_format
from conoceles.questionnaires.services.evidence import page_png
from conoceles.questionnaires.views.consent import private_file_response

from .forms import ConsentFormatDecisionForm, ConsentFormatFilterForm

PAGE_SIZE = 50


def _formats():
    return ConsentFormat.objects.select_related(
        "candidacy__contest", "candidacy__actor", "candidacy__process", "uploaded_by", "decided_by"
    ).prefetch_related("records")


def _format_or_404(pk) -> ConsentFormat:
    """A format, unless its process's sensitive data is blocked (bloqueo): then a 403 that says so."""
    consent_format = get_object_or_404(_formats(), pk=pk)
    require_sensitive_data_readable(consent_format.candidacy.process)
    return consent_format


@permission_required(Action.REVIEW_CONSENT_FORMAT)
def consent_formats(request):
    process = process_for(request)
    form = ConsentFormatFilterForm(request.GET or None)
    status = (form.cleaned_data.get("status") if form.is_valid() else "") or ConsentFormat.Status.PENDING
    formats = _formats().filter(sensitive_readable_q("candidacy__process"), candidacy__process=process, status=status)
    formats = formats.order_by("uploaded_at", "pk") if status == ConsentFormat.Status.PENDING else formats
    page = Paginator(formats, PAGE_SIZE).get_page(request.GET.get("page"))
    heading = dict(form.fields["status"].choices)["" if status == ConsentFormat.Status.PENDING else status]
    context = {"form": form, "page": page, "status": status, "heading": heading, "process": process}
    return render(request, "review/consent_formats.html", context)


def _detail_context(consent_format, form):
    candidacy = consent_format.candidacy
    claims = {record.item: record.given for record in consent_format.records.all()}
    return {
        "format": consent_format,
        "candidacy": candidacy,
        "claims": [(item.value, item.label, claims.get(item.value)) for item in ConsentItem],
        "current": current_consent(candidacy),
        "candidate_answered": candidate_has_answered(candidacy),
        "is_pdf": consent_format.evidence.name.lower().endswith(".pdf"),
        "page_numbers": range(1, consent_format.pages + 1),
        "form": form,
    }


@permission_required(Action.REVIEW_CONSENT_FORMAT)
def consent_format_detail(request, pk, form=None):
    consent_format = _format_or_404(pk)
    form = form or ConsentFormatDecisionForm()
    context = _detail_context(consent_format, form)
    return render(request, "review/consent_format.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required(Action.REVIEW_CONSENT_FORMAT)
def decide_format(request, pk):
    consent_format = _format_or_404(pk)
    form = ConsentFormatDecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            decide_consent_format(consent_format, accept=accept, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            name = consent_format.candidacy.full_name
            if accept:
                messages.success(request, f"Formato aceptado: el consentimiento de {name} quedó como dice el formato.")
            else:
                messages.success(request, f"Formato rechazado: el consentimiento de {name} no cambió.")
            return redirect("review:consent_formats")
    return consent_format_detail(request, pk, form=form)


@require_GET
@permission_required(Action.REVIEW_CONSENT_FORMAT)
def consent_format_page(request, pk, page):
    """Page `page` of the format as an image beside the answers it claims: a JPEG as it was stored, a page of a PDF
    rendered to PNG. Never cached."""
    consent_format = _format_or_404(pk)
    if not consent_format.evidence.name.lower().endswith(".pdf"):
        if page != 1:
            raise Http404("El formato tiene una sola página.")
        return private_file_response(consent_format.evidence, f"formato-{pk}", as_attachment=False)
    with consent_format.evidence.open("rb") as handle:
        content = handle.read()
    try:
        png = page_png(content, page - 1)
    except IndexError:
        raise Http404("El formato no tiene esa página.") from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
