"""ARCO requests: the candidate's download (acceso), her cancelación and oposición requests, and Administración's
answer, with its effects on the public site at once. Every write of the arco app goes through here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import Role, User
from conoceles.candidacies.models import Candidacy
from conoceles.changes import Reason, candidacies_changed
from conoceles.core.permissions import Action, can, sensitive_data_readable
from conoceles.elections.models import LifecycleStage
from conoceles.lifecycle.sensitive import withdraw_release_identity_files
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify
from conoceles.questionnaires.models import ConsentItem
from conoceles.questionnaires.services.consent import record_consent_by_arco_request
from conoceles.questionnaires.services.identity import erase_identity_answers
from conoceles.review.states import EventKind
from conoceles.review.workflow import log_event

from . import access
from .business_days import add_business_days, business_days_between
from .error_codes import ArcoErrorCode
from .models import SCOPES_BY_KIND, ArcoRequest, Kind, NonWorkingDay, Scope, Status
from .notice import EXTENSION_BUSINESS_DAYS, RESPONSE_BUSINESS_DAYS

REASONS_MAX = 5000
NEAR_DEADLINE_BUSINESS_DAYS = 5  # the queue warns when this many business days or fewer remain


# --------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------


def non_working_days() -> frozenset[datetime.date]:
    """The days the institute declared non-working (Gestión → Días inhábiles)."""
    return frozenset(NonWorkingDay.objects.values_list("date", flat=True))


def deadline_for(received: datetime.date, business_days: int = RESPONSE_BUSINESS_DAYS, non_working=None):
    """The legal deadline: `business_days` business days after the day of receipt (LGPDPPSO art. 51)."""
    return add_business_days(received, business_days, non_working_days() if non_working is None else non_working)


def business_days_left(request: ArcoRequest, today=None, non_working=None) -> int:
    """Business days from today to the request's deadline; negative once overdue."""
    today = today or timezone.localdate()
    non_working = non_working_days() if non_working is None else non_working
    return business_days_between(today, request.deadline, non_working)


def urgency(request: ArcoRequest, today=None, non_working=None) -> str:
    """«overdue», «near» or «" for a pending request (answered ones: «")."""
    if not request.is_pending:
        return ""
    today = today or timezone.localdate()
    if today > request.deadline:
        return "overdue"
    return "near" if business_days_left(request, today, non_working) <= NEAR_DEADLINE_BUSINESS_DAYS else ""


# --------------------------------------------------------------------------------------------
# The lifecycle's say (bloqueo, cancelación)
# --------------------------------------------------------------------------------------------


def personal_data_unavailable(candidacy) -> str:
    """THE place where the process's lifecycle limits ARCO: "" while the candidate's personal data may be read and
    processed, otherwise why not (in Spanish, for her). Both the download and the effects of a granted request ask
    it: from the process's bloqueo on, its sensitive data is neither read nor processed (core.permissions)."""
    if sensitive_data_readable(candidacy.process):
        return ""
    if candidacy.process.reached(LifecycleStage.CANCELLED):
        return (
            f"Los datos personales del {candidacy.process} se cancelaron (suprimieron) conforme a su aviso de "
            "privacidad: el sistema ya no los conserva."
        )
    return (
        f"Los datos personales del {candidacy.process} están bloqueados conforme a su aviso de privacidad: solo se "
        "conservan para atender responsabilidades legales y ya no se consultan ni se tratan en el sistema. Dirija su "
        "solicitud a la Unidad de Transparencia del instituto."
    )


def _require_available(candidacy) -> None:
    reason = personal_data_unavailable(candidacy)
    if reason:
        raise PermissionDenied(reason)


# --------------------------------------------------------------------------------------------
# The candidate
# --------------------------------------------------------------------------------------------


def _own_candidacy(user) -> Candidacy:
    """The candidacy of a candidate's own account (Action.EXERCISE_ARCO); anyone else: PermissionDenied."""
    candidacy = Candidacy.objects.select_related("process").filter(pk=user.candidacy_id).first()
    if candidacy is None or not can(user, Action.EXERCISE_ARCO, candidacy):
        raise PermissionDenied("Solo la persona candidata, con su propia cuenta, ejerce sus derechos ARCO aquí.")
    return candidacy


def download_my_data(user) -> tuple[access.AccessPackage, ArcoRequest]:
    """Acceso: the zip of everything the system holds about the user's candidacy, recorded as an ARCO request of
    kind «acceso» answered at once, with the file's SHA-256 (the staff queue lists it)."""
    candidacy = _own_candidacy(user)
    _require_available(candidacy)
    package = access.build_package(candidacy)
    now = timezone.now()
    request = ArcoRequest.objects.create(
        candidacy=candidacy,
        requested_by=user,
        kind=Kind.ACCESS,
        received_at=now,
        due_date=deadline_for(timezone.localdate(now)),
        status=Status.GRANTED,
        response=f"Entregado al momento por el sistema: {package.filename} ({package.size:,} bytes).",
        responded_at=now,
        file_sha256=package.sha256,
    )
    return package, request


def _clean_request(kind, scope, reasons) -> tuple[str, list[str], str]:
    errors = {}
    if kind not in SCOPES_BY_KIND:
        errors["kind"] = ValidationError(
            "Elija cancelación u oposición. El acceso es la descarga de sus datos; la rectificación se hace en la "
            "captura de sus cuestionarios.",
            code=ArcoErrorCode.BAD_KIND,
        )
    chosen = list(dict.fromkeys(scope or ()))
    if not chosen:
        errors["scope"] = ValidationError(
            "Marque al menos una de las opciones de lo que pide.", code=ArcoErrorCode.SCOPE_REQUIRED
        )
    elif kind in SCOPES_BY_KIND and not set(chosen) <= set(SCOPES_BY_KIND[kind]):
        errors["scope"] = ValidationError(
            "Lo que marcó no corresponde al derecho que eligió.", code=ArcoErrorCode.BAD_SCOPE
        )
    reasons = " ".join((reasons or "").replace("\x00", "").split(" ")).strip()
    if not reasons:
        errors["reasons"] = ValidationError("Escriba los motivos de su solicitud.", code=ArcoErrorCode.REASONS_REQUIRED)
    elif len(reasons) > REASONS_MAX:
        errors["reasons"] = ValidationError(
            "Tiene %(length)s caracteres; el máximo es %(limit)s.",
            code=ArcoErrorCode.REASONS_TOO_LONG,
            params={"length": f"{len(reasons):,}", "limit": f"{REASONS_MAX:,}"},
        )
    if errors:
        raise ValidationError(errors)
    order = list(SCOPES_BY_KIND[kind])
    return kind, sorted(chosen, key=order.index), reasons


def _staff_admins() -> list[User]:
    return [
        u for u in User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk") if can(u, Action.MANAGE_ARCO)
    ]


def submit_request(user, *, kind: str, scope, reasons: str) -> ArcoRequest:
    """A cancelación or oposición request of the signed-in candidate, received now, due in 20 business days.
    Administración is told. ValidationError codes: bad_kind, scope_required, bad_scope,
    reasons_required, reasons_too_long, already_pending."""
    candidacy = _own_candidacy(user)
    kind, scope, reasons = _clean_request(kind, scope, reasons)
    with transaction.atomic():
        Candidacy.objects.select_for_update().filter(pk=candidacy.pk).order_by().values_list("pk").get()
        pending = ArcoRequest.objects.filter(candidacy=candidacy, kind=kind, status=Status.PENDING)
        if any(set(scope) & set(p.scope) for p in pending):
            raise ValidationError(
                "Ya tiene una solicitud en trámite sobre eso; espere la respuesta del instituto.",
                code=ArcoErrorCode.ALREADY_PENDING,
            )
        now = timezone.now()
        request = ArcoRequest.objects.create(
            candidacy=candidacy,
            requested_by=user,
            kind=kind,
            scope=scope,
            reasons=reasons,
            received_at=now,
            due_date=deadline_for(timezone.localdate(now)),
        )
        notify(
            _staff_admins(),
            kind=Notification.Kind.ARCO,
            subject=f"Nueva solicitud ARCO de {request.get_kind_display().lower()} (n.º {request.pk})",
            body=(
                f"{candidacy.full_name} presentó una solicitud de {request.get_kind_display().lower()}. Debe "
                f"responderse a más tardar el {request.due_date:%d/%m/%Y}."
            ),
            url=reverse("arco:staff_detail", args=[request.pk]),
            candidacy=candidacy,
        )
    return request


# --------------------------------------------------------------------------------------------
# Administración
# --------------------------------------------------------------------------------------------


def _require_manager(by) -> None:
    if not can(by, Action.MANAGE_ARCO):
        raise PermissionDenied("Solo Administración responde las solicitudes ARCO.")


def _locked(request: ArcoRequest) -> ArcoRequest:
    current = ArcoRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != Status.PENDING:
        raise ValidationError(
            "Esta solicitud ya fue respondida (%(status)s).",
            code=ArcoErrorCode.ALREADY_ANSWERED,
            params={"status": current.get_status_display().lower()},
        )
    return current


def extend_deadline(request: ArcoRequest, *, reason: str, by) -> ArcoRequest:
    """Extend a pending request's deadline once, by 10 business days after the original deadline, with a reason the
    candidate is told. ValidationError codes: already_answered, already_extended,
    extension_reason_required."""
    _require_manager(by)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    "Escriba la causa de la ampliación.", code=ArcoErrorCode.EXTENSION_REASON_REQUIRED
                )
            }
        )
    with transaction.atomic():
        current = _locked(request)
        if current.extended_due_date is not None:
            raise ValidationError(
                "El plazo ya se amplió una vez; la ley no permite otra ampliación.",
                code=ArcoErrorCode.ALREADY_EXTENDED,
            )
        current.extended_due_date = deadline_for(current.due_date, EXTENSION_BUSINESS_DAYS)
        current.extension_reason, current.extended_by, current.extended_at = reason, by, timezone.now()
        current._history_user = by
        current.save(update_fields=["extended_due_date", "extension_reason", "extended_by", "extended_at"])
        _tell_candidate(
            current,
            subject=f"Se amplió el plazo de respuesta de su solicitud ARCO n.º {current.pk}",
            body=(
                f"El instituto amplió el plazo para responder su solicitud de "
                f"{current.get_kind_display().lower()} hasta el {current.extended_due_date:%d/%m/%Y}.\n\n"
                f"Causa: {reason}"
            ),
        )
    return current


def _erase_contact(candidacy, *, by, label) -> str:
    """Cancelación of private contact data: the candidacy's private e-mail (and in its change history) and the
    e-mail of her accounts."""
    Candidacy.objects.filter(pk=candidacy.pk).update(private_email="")
    Candidacy.history.filter(id=candidacy.pk).update(private_email="")
    accounts = User.objects.filter(candidacy=candidacy)
    emailed = accounts.exclude(email="").count()
    accounts.update(email="")
    candidacy.private_email = ""
    log_event(candidacy, EventKind.DATA_ERASED_BY_ARCO, by=by, reason=f"{label}: datos de contacto privados")
    candidacies_changed([candidacy.pk], reason=Reason.ADMIN)
    return f"Se borró el correo privado de la candidatura y el de {emailed} cuenta(s)."


def _erase_identity(candidacy, *, by, label) -> str:
    count = erase_identity_answers(candidacy, by=by)
    log_event(candidacy, EventKind.DATA_ERASED_BY_ARCO, by=by, reason=f"{label}: respuestas de identidad")
    return f"Se eliminaron {count} respuesta(s) del cuestionario de identidad y su historial." + _withdraw_releases(
        candidacy
    )


def _withdraw_releases(candidacy) -> str:
    """The open-data releases made so far may carry her published identity answers: they stop offering those
    files at once (conoceles.lifecycle.sensitive); the next release carries only what is still published. (An
    oposición to publication does the same through the consent record it writes.)"""
    withdrawn = withdraw_release_identity_files(candidacy.process)
    if not withdrawn:
        return ""
    return (
        f" Se retiraron los archivos con respuestas de identidad de {withdrawn} versión(es) de datos abiertos ya "
        "publicadas."
    )


def _oppose(item: int, what: str):
    def effect(candidacy, *, by, label, requester) -> str:
        record_consent_by_arco_request(candidacy, {item: False}, requester=requester, granted_by=by, label=label)
        return f"Se registró su «no» al consentimiento {item} ({what}), vigente de inmediato."

    return effect


# Scope -> what granting it does, through the services that own the data (each announces the change).
EFFECTS = {
    Scope.IDENTITY_ANSWERS: lambda c, *, by, label, requester: _erase_identity(c, by=by, label=label),
    Scope.CONTACT_DATA: lambda c, *, by, label, requester: _erase_contact(c, by=by, label=label),
    Scope.PUBLICATION: _oppose(ConsentItem.PUBLICATION, "publicación"),
    Scope.STATISTICS: _oppose(ConsentItem.STATISTICS, "uso estadístico"),
}


def respond(request: ArcoRequest, *, decision: str, response: str, by, granted_scope=None) -> ArcoRequest:
    """Administración's answer to a pending cancelación or oposición: procedente (everything asked is applied),
    parcialmente procedente (`granted_scope`, some but not all of what was asked) or improcedente (nothing
    changes). The reasoning is required. The effects run at once, through the services that own the data, and the
    public site drops what they remove; the answer is recorded (who, when, text) and the candidate is told.

    ValidationError codes: bad_decision, response_required, partial_scope, already_answered."""
    _require_manager(by)
    response = (response or "").replace("\r\n", "\n").replace("\x00", "").strip()
    errors = {}
    if decision not in (Status.GRANTED, Status.PARTIAL, Status.DENIED):
        errors["decision"] = ValidationError(
            "Elija procedente, parcialmente procedente o improcedente.", code=ArcoErrorCode.BAD_DECISION
        )
    if not response:
        errors["response"] = ValidationError(
            "Escriba la respuesta con su fundamentación y motivación.", code=ArcoErrorCode.RESPONSE_REQUIRED
        )
    if decision == Status.PARTIAL:
        granted = [s for s in dict.fromkeys(granted_scope or ()) if s in request.scope]
        if not granted or set(granted) == set(request.scope) or len(granted) != len(set(granted_scope or ())):
            errors["granted_scope"] = ValidationError(
                "Marque lo que se concede: una parte, no todo ni nada, de lo que se pidió.",
                code=ArcoErrorCode.PARTIAL_SCOPE,
            )
    elif decision == Status.GRANTED:
        granted = list(request.scope)
    else:
        granted = []
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked(request)
        candidacy = Candidacy.objects.select_related("process", "actor").get(pk=current.candidacy_id)
        if granted:
            _require_available(candidacy)
        label = f"Solicitud ARCO n.º {current.pk}"
        done = [
            EFFECTS[Scope(scope)](candidacy, by=by, label=label, requester=current.requested_by)
            for scope in current.scope
            if scope in granted
        ]
        current.status, current.granted_scope, current.response = decision, granted, response
        current.responded_by, current.responded_at = by, timezone.now()
        current.effects = "\n".join(done)
        current._history_user = by
        current.save(update_fields=["status", "granted_scope", "response", "responded_by", "responded_at", "effects"])
        effects = ("\n\nLo que se hizo:\n" + "\n".join(f"- {line}" for line in done)) if done else ""
        _tell_candidate(
            current,
            subject=f"Respuesta a su solicitud ARCO n.º {current.pk}: {current.get_status_display().lower()}",
            body=f"{current.get_kind_display()}: {current.get_status_display()}.\n\n{response}{effects}",
        )
    return current


def _tell_candidate(request: ArcoRequest, *, subject: str, body: str) -> None:
    """The candidate's own accounts (in the system and by e-mail, if she still has an address)."""
    accounts = User.objects.filter(candidacy_id=request.candidacy_id, role=Role.CANDIDATE)
    notify(
        accounts,
        kind=Notification.Kind.ARCO,
        subject=subject,
        body=body,
        url=reverse("arco:mine"),
        candidacy=request.candidacy,
    )
