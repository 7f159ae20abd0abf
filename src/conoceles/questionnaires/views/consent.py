"""Consent over sensitive data (DOMAIN.md §6): the three items, the signed format and the private files.

The candidate records her own answer; her political actor uploads the signed format; the consent screen and the
evidence downloads also open, read-only, to the institute's staff.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from conoceles.candidacies.models import Candidacy
from conoceles.core.forms import error_messages
from conoceles.core.permissions import Action, can, get_candidacy_or_404, require_sensitive_data_readable

from ..gate import capture_view
from ..models import ConsentFormat, ConsentItem, ConsentRecord, PrivacyNotice
from ..services import (
    candidate_has_answered,
    counting_consent_records,
    current_consent,
    current_notice,
    has_accepted_current,
    record_consent,
    records_in_force,
    upload_consent_format,
)

YES, NO = "si", "no"


def _consent_candidacy(request, pk, action: Action) -> Candidacy:
    queryset = Candidacy.objects.select_related("process", "contest__cargo", "actor")
    candidacy = get_candidacy_or_404(request.user, action, pk, queryset)
    require_sensitive_data_readable(candidacy.process)  # consents and their evidence are blocked with the process
    return candidacy


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
