"""Derecho de acceso: everything the system holds about one candidate, as a zip she downloads
(services.download_my_data records each download).

What goes in, and what stays out (DOMAIN.md §6, LGPDPPSO art. 44):
- her candidacy's row and its review state, her curricular questionnaire and photo, her identity answers, her
  consent (records with the aviso version they refer to, signed formats and their decision, evidence files), the
  avisos she accepted with their text, her accounts (never the password hash nor a two-step secret), their login
  log and notices, and the history of her candidacy: workflow events, observations, correction requests, the
  change history of her candidacy, questionnaire and identity answers, and her earlier ARCO requests;
- nothing of anyone else: not her fórmula partner's row (a separate candidacy: only its number is named where her
  row refers to it), not the names of the staff or party accounts that acted on her data (their role is said
  instead: those are their personal data, not hers).
"""

import datetime
import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from conoceles.accounts.models import LoginEvent, Role, User
from conoceles.candidacies.models import Candidacy
from conoceles.notifications.models import Notification
from conoceles.questionnaires.models import (
    ConsentFormat,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    PrivacyAcceptance,
)
from conoceles.review.models import CandidacyWorkflow, CorrectionRequest, Observation, RubroState, WorkflowEvent

from .models import ArcoRequest

# Fields of an account that are hers to see; the rest (password hash, superuser flags) are the system's.
ACCOUNT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "is_active",
    "date_joined",
    "last_login",
    "must_change_password",
    "credentials_issued_at",
)
HISTORY_TYPES = {"+": "creación", "~": "cambio", "-": "eliminación"}
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}

# name in the zip -> what it holds (the README lists them in this order).
FILES = {
    "LEEME.txt": "Este archivo: qué contiene el paquete.",
    "candidatura.json": "El registro de su candidatura (datos de la importación del registro aprobado, correo "
    "privado, estado de revisión de cada rubro).",
    "candidatura.html": "Lo mismo que candidatura.json y su cuestionario curricular, para leer en el navegador.",
    "cuestionario_curricular.json": "Sus respuestas al cuestionario curricular.",
    "fotografia.*": "Su fotografía, tal como el sistema la guarda (re-codificada, sin metadatos).",
    "respuestas_identidad.json": "Sus respuestas al cuestionario de identidad (datos personales sensibles).",
    "consentimientos.json": "Cada registro de consentimiento (qué, sí o no, cuándo, versión del aviso, quién lo "
    "registró) y los formatos firmados con la decisión del instituto.",
    "evidencias/": "Los archivos de evidencia de sus consentimientos y formatos firmados.",
    "avisos_de_privacidad.json": "Las versiones del aviso de privacidad que aceptó, con su texto y la fecha.",
    "cuenta.json": "Los datos de su cuenta (usuario, correo, fechas). Nunca su contraseña ni secretos de acceso.",
    "registro_de_accesos.json": "Los ingresos, intentos fallidos y salidas de su cuenta (fecha, IP, navegador).",
    "avisos_del_sistema.json": "Los avisos que el sistema dirigió a su cuenta.",
    "historial/eventos.json": "Los pasos de la validación y revisión de su candidatura.",
    "historial/observaciones.json": "Las observaciones del instituto sobre sus datos y su decisión.",
    "historial/solicitudes_de_correccion.json": "Las solicitudes de corrección de su candidatura.",
    "historial/cambios_candidatura.json": "Cada versión guardada del registro de su candidatura.",
    "historial/cambios_cuestionario_curricular.json": "Cada versión guardada de su cuestionario curricular.",
    "historial/cambios_respuestas_identidad.json": "Cada versión guardada de sus respuestas de identidad.",
    "solicitudes_arco.json": "Sus solicitudes de derechos ARCO anteriores y su respuesta.",
}


@dataclass
class AccessPackage:
    file: tempfile.SpooledTemporaryFile
    sha256: str
    size: int
    filename: str


class _Who:
    """Says who acted without naming anyone but her: her own accounts by name, others by their role."""

    def __init__(self, own_ids: set[int], user_ids: set[int]):
        self.own = own_ids
        users = User.objects.filter(pk__in=user_ids - own_ids).select_related("actor")
        self.others = {u.pk: u for u in users}

    def __call__(self, user_id):
        if user_id is None:
            return "el sistema"
        if user_id in self.own:
            return "usted"
        user = self.others.get(user_id)
        if user is None:
            return "una cuenta que ya no existe"
        if user.role == Role.PARTY:
            return f"una cuenta de su actor político ({user.actor.name})" if user.actor_id else "un actor político"
        if user.role == Role.CANDIDATE:
            return "otra cuenta de candidatura"
        return f"personal del instituto ({Role(user.role).label})"


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _row(obj, who: _Who, *, exclude=()) -> dict:
    """One row as {Spanish field name: readable value}: choices by their label, a file by its name, an account by
    who it is (_Who), a candidacy by its number only, any other related row by its name."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name in HISTORY_FIELDS:
            continue
        label = str(field.verbose_name)
        raw = field.value_from_object(obj)
        if field.is_relation:
            related = field.related_model
            if raw is None:
                value = None
            elif related is User or (isinstance(related, type) and issubclass(related, User)):
                value = who(raw)
            elif related is Candidacy:
                value = f"candidatura número {raw}"
            else:
                try:
                    value = str(getattr(obj, field.name))
                except ObjectDoesNotExist:  # a history row may name a row deleted since
                    value = f"{related._meta.verbose_name} {raw}"
        elif isinstance(field, models.FileField):
            value = PurePosixPath(raw.name).name if raw else None
        elif field.choices and raw not in (None, ""):
            value = str(dict(field.flatchoices).get(raw, raw))
        else:
            value = _plain(raw)
        data[label] = value
    return data


def _history(queryset, who: _Who, *, exclude=()) -> list[dict]:
    rows = []
    for record in queryset.order_by("history_date", "history_id"):
        rows.append(
            {
                "fecha": _plain(record.history_date),
                "tipo": HISTORY_TYPES.get(record.history_type, record.history_type),
                "por": who(record.history_user_id),
                "valores": _row(record, who, exclude=exclude),
            }
        )
    return rows


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _evidence_name(prefix: str, pk: int, field_file) -> str:
    return f"evidencias/{prefix}-{pk}{PurePosixPath(field_file.name).suffix}"


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def build_package(candidacy: Candidacy) -> AccessPackage:
    """The zip of everything about `candidacy` and its accounts, in a temporary file (in memory while small), with
    its SHA-256. Reads only rows of this candidacy and of its own accounts."""
    accounts = list(User.objects.filter(candidacy=candidacy).order_by("pk"))
    own_ids = {u.pk for u in accounts}
    curricular = CurricularQuestionnaire.objects.filter(candidacy=candidacy).first()
    answers = list(
        IdentityAnswer.objects.filter(candidacy=candidacy).select_related("question").prefetch_related("options")
    )
    records = list(ConsentRecord.objects.filter(candidacy=candidacy).select_related("notice").order_by("recorded_at"))
    formats = list(ConsentFormat.objects.filter(candidacy=candidacy).order_by("uploaded_at"))
    acceptances = list(
        PrivacyAcceptance.objects.filter(user_id__in=own_ids).select_related("notice").order_by("at", "pk")
    )
    logins = list(LoginEvent.objects.filter(user_id__in=own_ids).order_by("at", "pk"))
    notices = list(Notification.objects.filter(user_id__in=own_ids).order_by("created_at", "pk"))
    events = list(WorkflowEvent.objects.filter(candidacy=candidacy).order_by("at", "pk"))
    observations = list(Observation.objects.filter(candidacy=candidacy).order_by("proposed_at", "pk"))
    corrections = list(CorrectionRequest.objects.filter(candidacy=candidacy).order_by("requested_at", "pk"))
    arco = list(ArcoRequest.objects.filter(candidacy=candidacy).order_by("received_at", "pk"))
    candidacy_history = Candidacy.history.filter(id=candidacy.pk)
    curricular_history = CurricularQuestionnaire.history.filter(candidacy_id=candidacy.pk)
    identity_history = IdentityAnswer.history.filter(candidacy_id=candidacy.pk)

    user_ids = set(own_ids)
    user_ids |= {r.recorded_by_id for r in records} | {f.uploaded_by_id for f in formats}
    user_ids |= {f.decided_by_id for f in formats} | {e.by_id for e in events}
    user_ids |= {o.proposed_by_id for o in observations} | {o.decided_by_id for o in observations}
    user_ids |= {c.requested_by_id for c in corrections} | {c.decided_by_id for c in corrections}
    user_ids |= {a.responded_by_id for a in arco} | {a.extended_by_id for a in arco}
    for history in (candidacy_history, curricular_history, identity_history):
        user_ids |= set(history.values_list("history_user_id", flat=True))
    who = _Who(own_ids, {pk for pk in user_ids if pk is not None})

    record = _row(candidacy, who, exclude=("search_name",))
    workflow = CandidacyWorkflow.objects.filter(candidacy=candidacy).first()
    record["estado de la candidatura"] = workflow.get_state_display() if workflow else "Sin capturar"
    record["estado de cada rubro"] = {
        r.get_rubro_display(): r.get_state_display() for r in RubroState.objects.filter(candidacy=candidacy)
    }
    curricular_data = _row(curricular, who, exclude=("candidacy",)) if curricular else None

    files: dict[str, bytes] = {}
    files["candidatura.json"] = _json(record)
    files["cuestionario_curricular.json"] = _json(
        curricular_data or "Su candidatura no tiene cuestionario curricular capturado."
    )
    files["candidatura.html"] = render_to_string(
        "arco/zip/candidatura.html",
        {"candidacy": candidacy, "record": record, "curricular": curricular_data, "now": timezone.localtime()},
    ).encode()
    if curricular and curricular.photo:
        content = _read(curricular.photo)
        if content is not None:
            files[f"fotografia{PurePosixPath(curricular.photo.name).suffix or '.jpg'}"] = content
    files["respuestas_identidad.json"] = _json(
        [
            {
                "pregunta": f"{a.question.number}. {a.question.text}",
                "respuesta": [o.label for o in a.options.all()],
                "especifique": a.detail,
                "actualizada": _plain(a.updated_at),
            }
            for a in answers
        ]
    )
    consent = {"registros": [], "formatos_firmados": []}
    for r in records:
        row = _row(r, who, exclude=("candidacy",))
        row["versión del aviso de privacidad"] = f"{r.notice.get_kind_display()}, versión {r.notice.version}"
        if r.evidence:
            content = _read(r.evidence)
            if content is not None:
                name = _evidence_name("registro", r.pk, r.evidence)
                files[name] = content
                row["archivo de evidencia en el paquete"] = name
        consent["registros"].append(row)
    for f in formats:
        row = _row(f, who, exclude=("candidacy",))
        content = _read(f.evidence)
        if content is not None:
            name = _evidence_name("formato", f.pk, f.evidence)
            files[name] = content
            row["archivo de evidencia en el paquete"] = name
        consent["formatos_firmados"].append(row)
    files["consentimientos.json"] = _json(consent)
    files["avisos_de_privacidad.json"] = _json(
        [
            {
                "aviso": a.notice.get_kind_display(),
                "versión": a.notice.version,
                "aceptado": _plain(a.at),
                "texto": a.notice.text,
                "conservación y derechos ARCO": a.notice.rights_section,
            }
            for a in acceptances
        ]
    )
    files["cuenta.json"] = _json(
        [
            {
                str(User._meta.get_field(name).verbose_name): (
                    Role(getattr(u, name)).label if name == "role" else _plain(getattr(u, name))
                )
                for name in ACCOUNT_FIELDS
            }
            for u in accounts
        ]
    )
    files["registro_de_accesos.json"] = _json([_row(e, who) for e in logins])
    files["avisos_del_sistema.json"] = _json([_row(n, who, exclude=("candidacy",)) for n in notices])
    files["historial/eventos.json"] = _json([_row(e, who, exclude=("candidacy",)) for e in events])
    observed = []
    for o in observations:
        row = _row(o, who, exclude=("candidacy",))
        row["rubros"], row["supuestos"] = o.rubro_labels, o.rule_labels
        observed.append(row)
    files["historial/observaciones.json"] = _json(observed)
    files["historial/solicitudes_de_correccion.json"] = _json(
        [_row(c, who, exclude=("candidacy",)) for c in corrections]
    )
    files["historial/cambios_candidatura.json"] = _json(_history(candidacy_history, who, exclude=("search_name",)))
    files["historial/cambios_cuestionario_curricular.json"] = _json(
        _history(curricular_history, who, exclude=("candidacy",))
    )
    files["historial/cambios_respuestas_identidad.json"] = _json(
        _history(identity_history.select_related("question"), who, exclude=("candidacy",))
    )
    files["solicitudes_arco.json"] = _json([_row(a, who, exclude=("candidacy",)) for a in arco])

    readme = render_to_string(
        "arco/zip/LEEME.txt",
        {
            "candidacy": candidacy,
            "files": FILES,
            "now": timezone.localtime(),
            "institute": settings.INSTITUTE,
        },
    )
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LEEME.txt", readme)
        for name, content in files.items():
            archive.writestr(name, content)
    size = spooled.tell()
    spooled.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: spooled.read(65536), b""):
        digest.update(chunk)
    spooled.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return AccessPackage(spooled, digest.hexdigest(), size, f"mis-datos-conoceles-{candidacy.pk}-{stamp}.zip")
