"""The aviso de privacidad (versions and acceptance) and consent over sensitive data (DOMAIN.md §6): the candidate's
own word, the signed formats her political actor uploads and the institute's review of them."""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Case, Max, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from conoceles.arco.notice import rights_section
from conoceles.candidacies.models import Candidacy
from conoceles.changes import Reason, candidacies_changed
from conoceles.core.compiled import CompiledQuery
from conoceles.core.permissions import Action, can, require_writable
from conoceles.notifications.models import Notification
from conoceles.notifications.services import email_address, notify, recipients_for
from conoceles.review.states import EventKind
from conoceles.review.workflow import log_event

from ..error_codes import QuestionnaireErrorCode
from ..models import ConsentFormat, ConsentItem, ConsentRecord, PrivacyAcceptance, PrivacyNotice
from .evidence import CleanEvidence, clean_evidence

# --------------------------------------------------------------------------------------------
# Aviso de privacidad
# --------------------------------------------------------------------------------------------


def publish_notice(process, kind: str, text: str, *, by) -> PrivacyNotice:
    """Publish a new version of the process's aviso integral or simplificado (version = last + 1), with its
    conservation and ARCO section rendered from the process's dates now and stored in it (conoceles.arco.notice).
    Earlier acceptances do not cover it: every user accepts it again (has_accepted_current)."""
    if not can(by, Action.MANAGE_CATALOGS):
        raise PermissionDenied("Solo la Instancia Interna publica los avisos de privacidad.")
    if kind not in PrivacyNotice.Kind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(
            {"text": ValidationError("Escriba el texto del aviso.", code=QuestionnaireErrorCode.EMPTY_NOTICE)}
        )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = PrivacyNotice.objects.filter(process=process, kind=kind).aggregate(v=Max("version"))["v"]
                return PrivacyNotice.objects.create(
                    process=process,
                    kind=kind,
                    version=(last or 0) + 1,
                    text=text,
                    rights_section=rights_section(process),
                    published_by=by,
                )
        except IntegrityError:  # another version was published at the same moment: take the next number
            continue
    raise RuntimeError("Could not publish the notice: concurrent versions")


def current_notice(process, kind: str) -> PrivacyNotice | None:
    """The version in force: the highest published."""
    return PrivacyNotice.objects.filter(process=process, kind=kind).order_by("-version").first()


def current_notices(process) -> dict[str, PrivacyNotice | None]:
    """Both kinds' versions in force, in one query."""
    latest = {kind: None for kind in PrivacyNotice.Kind.values}
    for notice in PrivacyNotice.objects.filter(process=process).order_by("kind", "-version"):
        if latest[notice.kind] is None:
            latest[notice.kind] = notice
    return latest


def accept_notice(user, notice: PrivacyNotice) -> PrivacyAcceptance:
    """Record that `user` read and accepted this version (once; accepting again changes nothing)."""
    acceptance, _ = PrivacyAcceptance.objects.get_or_create(user=user, notice=notice)
    return acceptance


def _unaccepted(user, notices: list[PrivacyNotice]) -> list[PrivacyNotice]:
    accepted = set(PrivacyAcceptance.objects.filter(user=user, notice__in=notices).values_list("notice_id", flat=True))
    return [n for n in notices if n.pk not in accepted]


def notices_to_accept(user, process) -> list[PrivacyNotice]:
    """The versions in force the user has not accepted yet (what the capture screens show first)."""
    return _unaccepted(user, [n for n in current_notices(process).values() if n is not None])


def has_accepted_current(user, process) -> bool:
    """Whether the user accepted the versions in force of both the integral and the simplificado (two queries).
    False while the institute has not published both: there is nothing complete to accept."""
    notices = list(current_notices(process).values())
    if any(n is None for n in notices):
        return False
    return not _unaccepted(user, notices)


# --------------------------------------------------------------------------------------------
# Consent
# --------------------------------------------------------------------------------------------

# Who may publish identity answers is the candidate's word (DOMAIN.md §2, §6). The rule, THE one place:
# - a record counts if the candidate made it herself (method «direct»), or if it comes from a signed format that an
#   institute reviewer accepted; a pending or rejected format counts for nothing;
# - among the records that count, the candidate's own prevail over any format's, earlier or later; then the newest.
CONSENT_PRECEDENCE = (Case(When(method=ConsentRecord.Method.DIRECT, then=Value(0)), default=Value(1)).asc(), "-pk")


def counting_consent_records():
    """The consent records that count (the candidate's own, and those of accepted formats)."""
    return ConsentRecord.objects.filter(
        Q(method=ConsentRecord.Method.DIRECT) | Q(source_format__status=ConsentFormat.Status.ACCEPTED)
    )


def consent_in_force(item: int, candidacy_ref: str = "pk") -> Subquery:
    """The database form of consents_for(...)[item] for the candidacy at `candidacy_ref` (True, False or NULL), for
    statistics that count in one query. tests/questionnaires/test_consent_precedence.py checks both agree."""
    latest = (
        counting_consent_records().filter(candidacy=OuterRef(candidacy_ref), item=item).order_by(*CONSENT_PRECEDENCE)
    )
    return Subquery(latest.values("given")[:1])


def _records_in_order(_, candidacies: tuple[int, ...]):
    """The counting records of `candidacies`, each candidacy's and item's in the order of CONSENT_PRECEDENCE."""
    records = counting_consent_records().filter(candidacy_id__in=candidacies)
    return records.order_by("candidacy_id", "item", *CONSENT_PRECEDENCE).values_list("candidacy_id", "item", "given")


# Compiled once per number of candidacies (conoceles.core.compiled): a profile asks it for one or two.
_RECORDS_IN_ORDER = CompiledQuery(_records_in_order)


def consents_for(candidacies: Iterable) -> dict[int, dict[int, bool | None]]:
    """candidacy id -> {1: bool | None, 2: …, 3: …}: the answer in force to each item (None: none that counts), for
    many candidacies in one query. Pass candidacies or their ids (a page, or a chunk of an export)."""
    ids = [c if isinstance(c, int) else c.pk for c in candidacies]
    result = {pk: dict.fromkeys(ConsentItem.values) for pk in ids}
    if not ids:
        return result
    seen = set()
    for candidacy_id, item, given in _RECORDS_IN_ORDER.rows(None, ids):
        if (candidacy_id, item) not in seen:
            seen.add((candidacy_id, item))
            result[candidacy_id][item] = given
    return result


def records_in_force(candidacy) -> dict[int, ConsentRecord]:
    """item -> the record whose answer is in force (current_consent's answers, with who made them and when)."""
    in_force: dict[int, ConsentRecord] = {}
    records = counting_consent_records().filter(candidacy=candidacy).select_related("recorded_by", "source_format")
    for record in records.order_by("item", *CONSENT_PRECEDENCE):
        in_force.setdefault(record.item, record)
    return in_force


def current_consent(candidacy) -> dict[int, bool | None]:
    """{1: bool | None, 2: …, 3: …}: the consent in force. THE function every public page, export and statistic
    asks (consent 2 gates the publication of identity answers, consent 3 their statistical use; DOMAIN.md §6)."""
    return consents_for([candidacy])[candidacy.pk]


def candidate_has_answered(candidacy) -> bool:
    """Whether the candidate recorded consent herself (then no signed format can change it)."""
    return ConsentRecord.objects.filter(candidacy=candidacy, method=ConsentRecord.Method.DIRECT).exists()


def _clean_consent_answers(answers) -> dict[int, bool]:
    bad = ValidationError(
        "Responda sí o no a cada consentimiento (1, 2 y 3).", code=QuestionnaireErrorCode.BAD_CONSENT_ANSWERS
    )
    if not answers:
        raise bad
    cleaned = {}
    for key, value in dict(answers).items():
        try:
            item = int(key)
        except (TypeError, ValueError):
            raise bad from None
        if item not in ConsentItem.values or not isinstance(value, bool):
            raise bad
        cleaned[item] = value
    return cleaned


def _notice_for(candidacy, notice) -> PrivacyNotice:
    notice = notice or current_notice(candidacy.process_id, PrivacyNotice.Kind.INTEGRAL)
    if notice is None:
        raise ValidationError(
            "El instituto aún no publica el aviso de privacidad integral; no se puede registrar el consentimiento.",
            code=QuestionnaireErrorCode.NO_NOTICE,
        )
    if notice.process_id != candidacy.process_id:
        raise ValueError("The notice belongs to another process")
    return notice


def _cleaned_evidence(evidence) -> CleanEvidence:
    try:
        return clean_evidence(evidence)
    except ValidationError as error:
        raise ValidationError({"evidence": error}) from None


def _store(model, clean: CleanEvidence) -> str:
    """Save a rebuilt evidence file in private storage under a random name (the upload's name is not kept)."""
    field = model._meta.get_field("evidence")
    return field.storage.save(
        field.generate_filename(None, f"{uuid.uuid4().hex}.{clean.extension}"), ContentFile(clean.content)
    )


def _records(candidacy, items: dict[int, bool], *, notice, by, method, source_format=None, evidence=None):
    """Write the new consent records (the only writer of them). When they end a consent to publication that was in
    force, the open-data releases already published stop offering their identity files at once
    (conoceles.lifecycle.sensitive.withdraw_release_identity_files): the candidate's word prevails there too."""
    was_published = current_consent(candidacy).get(ConsentItem.PUBLICATION) is True
    records = [
        ConsentRecord(
            candidacy=candidacy,
            item=item,
            given=given,
            notice=notice,
            recorded_by=by,
            method=method,
            source_format=source_format,
            evidence=evidence,
        )
        for item, given in sorted(items.items())
    ]
    for record in records:
        record.save()
    if was_published and current_consent(candidacy).get(ConsentItem.PUBLICATION) is not True:
        from conoceles.lifecycle.sensitive import withdraw_release_identity_files  # noqa: PLC0415 (a cycle)

        withdraw_release_identity_files(candidacy.process)
    return records


def record_consent(candidacy, answers: dict, *, by, evidence=None, notice=None) -> list[ConsentRecord]:
    """Record the candidate's own yes or no to consent items (1, 2 and/or 3) as new records (never updates): in force
    at once, over any signed format of her party, earlier or later. Only the candidate herself
    (Action.GIVE_CONSENT on her candidacy; PermissionDenied for anyone else: her party uploads a signed format
    instead, upload_consent_format). She may attach a signed format of her own (`evidence`, rebuilt on upload).

    `notice` is the aviso version the consent refers to; by default the integral in force. ValidationError codes:
    bad_consent_answers, bad_evidence, evidence_too_big, evidence_too_many_pages, no_notice."""
    items = _clean_consent_answers(answers)
    require_writable(candidacy)
    if not can(by, Action.GIVE_CONSENT, candidacy):
        raise PermissionDenied("Solo la persona candidata registra directamente su consentimiento.")
    clean = _cleaned_evidence(evidence) if evidence is not None else None
    notice = _notice_for(candidacy, notice)
    with transaction.atomic():
        name = _store(ConsentRecord, clean) if clean is not None else None
        records = _records(candidacy, items, notice=notice, by=by, method=ConsentRecord.Method.DIRECT, evidence=name)
        candidacies_changed([candidacy.pk], reason=Reason.CONSENT)
        return records


def record_consent_by_arco_request(candidacy, answers: dict, *, requester, granted_by, label: str):
    """The candidate's own word given through an ARCO request (oposición) that Administración granted: a new record
    of method «direct», recorded as hers (`requester`, her account, even if deactivated since), so it prevails as
    anything she records herself does; the workflow history names the request (`label`). Only Action.MANAGE_ARCO
    grants, and only for the account of this candidacy."""
    items = _clean_consent_answers(answers)
    if not can(granted_by, Action.MANAGE_ARCO) or requester.candidacy_id != candidacy.pk:
        raise PermissionDenied("Solo Administración aplica una solicitud ARCO de la propia persona candidata.")
    notice = _notice_for(candidacy, None)
    with transaction.atomic():
        records = _records(candidacy, items, notice=notice, by=requester, method=ConsentRecord.Method.DIRECT)
        log_event(candidacy, EventKind.CONSENT_BY_ARCO, by=granted_by, reason=f"{label}: {_said(items)}")
        candidacies_changed([candidacy.pk], reason=Reason.CONSENT)
        return records


def upload_consent_format(candidacy, answers: dict, evidence, *, by, notice=None) -> ConsentFormat:
    """The consent format the candidate signed on paper, uploaded by her political actor (Action.CAPTURE_CANDIDACY
    without GIVE_CONSENT) with the answers it bears. It waits for an institute reviewer (decide_consent_format):
    until accepted the candidacy's consent is what it was, and it never changes what the candidate recorded herself.
    The candidate is told (in the system and by e-mail); the audit records the upload.

    ValidationError codes: bad_consent_answers, evidence_required, bad_evidence, evidence_too_big,
    evidence_too_many_pages, no_notice, candidate_decided (she already recorded her own answer), format_pending
    (another format of the candidacy awaits review)."""
    items = _clean_consent_answers(answers)
    require_writable(candidacy)
    if can(by, Action.GIVE_CONSENT, candidacy) or not can(by, Action.CAPTURE_CANDIDACY, candidacy):
        raise PermissionDenied("Solo el actor político de la candidatura sube un formato firmado a su nombre.")
    if set(items) != set(ConsentItem.values):
        raise ValidationError(
            "Marque lo que dice el formato en los tres consentimientos.",
            code=QuestionnaireErrorCode.BAD_CONSENT_ANSWERS,
        )
    if evidence is None:
        raise ValidationError(
            {
                "evidence": ValidationError(
                    "Adjunte el formato de consentimiento firmado por la persona candidata (PDF o imagen).",
                    code=QuestionnaireErrorCode.EVIDENCE_REQUIRED,
                )
            }
        )
    if candidate_has_answered(candidacy):
        raise ValidationError(
            "La persona candidata ya registró su consentimiento en el sistema; su palabra prevalece y un formato "
            "firmado no la sustituye. Solo ella puede cambiarla.",
            code=QuestionnaireErrorCode.CANDIDATE_DECIDED,
        )
    clean = _cleaned_evidence(evidence)
    notice = _notice_for(candidacy, notice)
    with transaction.atomic():
        # One upload at a time per candidacy. No joins, no ordering: PostgreSQL locks no nullable side of a join.
        Candidacy.objects.select_for_update().filter(pk=candidacy.pk).order_by().values_list("pk").get()
        if ConsentFormat.objects.filter(candidacy=candidacy, status=ConsentFormat.Status.PENDING).exists():
            raise ValidationError(
                "Ya hay un formato de esta candidatura en revisión; espere la decisión del instituto.",
                code=QuestionnaireErrorCode.FORMAT_PENDING,
            )
        consent_format = ConsentFormat.objects.create(
            candidacy=candidacy, evidence=_store(ConsentFormat, clean), pages=clean.pages, uploaded_by=by
        )
        _records(
            candidacy,
            items,
            notice=notice,
            by=by,
            method=ConsentRecord.Method.SIGNED_FORMAT,
            source_format=consent_format,
        )
        log_event(
            candidacy, EventKind.CONSENT_FORMAT_UPLOADED, by=by, reason=f"Formato {consent_format.pk}: {_said(items)}"
        )
        candidacies_changed([candidacy.pk], reason=Reason.CONSENT)  # pending: counts for nothing yet
        _tell_candidate(
            candidacy,
            kind=Notification.Kind.CONSENT_FORMAT_UPLOADED,
            subject="Su actor político subió un formato de consentimiento a su nombre",
            body=(
                f"{candidacy.actor.name} subió el {timezone.localtime():%d/%m/%Y a las %H:%M} un formato de "
                f"consentimiento firmado a su nombre, que dice: {_said(items)}.\n\n"
                "No tiene efecto hasta que el instituto revise el documento, y lo que usted registre en el sistema "
                "siempre prevalece sobre él. Si usted no firmó ese formato, o quiere responder otra cosa, registre "
                "su respuesta en «Consentimiento»."
            ),
        )
    return consent_format


def decide_consent_format(consent_format: ConsentFormat, *, accept: bool, reason: str = "", by) -> ConsentFormat:
    """An institute reviewer's decision on a pending signed format (Action.REVIEW_CONSENT_FORMAT), taken once:
    accepted, its answers count (never over the candidate's own); rejected (with a reason), they never do. Audited;
    the candidate and her political actor are told.

    ValidationError codes: format_already_decided, reason_required."""
    require_writable(consent_format.candidacy)
    if not can(by, Action.REVIEW_CONSENT_FORMAT, consent_format.candidacy):
        raise PermissionDenied("Solo el personal de revisión del instituto decide sobre los formatos firmados.")
    reason = " ".join((reason or "").split())
    if not accept and not reason:
        raise ValidationError(
            {"reason": ValidationError("Escriba el motivo del rechazo.", code=QuestionnaireErrorCode.REASON_REQUIRED)}
        )
    with transaction.atomic():
        current = ConsentFormat.objects.select_for_update(of=("self",)).select_related("candidacy__actor")
        current = current.get(pk=consent_format.pk)
        if current.status != ConsentFormat.Status.PENDING:
            raise ValidationError(
                "Este formato ya fue %(decision)s.",
                code=QuestionnaireErrorCode.FORMAT_ALREADY_DECIDED,
                params={"decision": current.get_status_display().lower()},
            )
        current.status = ConsentFormat.Status.ACCEPTED if accept else ConsentFormat.Status.REJECTED
        current.decided_by, current.decided_at, current.decision_reason = by, timezone.now(), reason
        current.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        candidacy = current.candidacy
        candidacies_changed([candidacy.pk], reason=Reason.CONSENT)
        said = _said({r.item: r.given for r in current.records.all()})
        log_event(
            candidacy,
            EventKind.CONSENT_FORMAT_ACCEPTED if accept else EventKind.CONSENT_FORMAT_REJECTED,
            by=by,
            reason=f"Formato {current.pk}: {said}" + (f". Motivo: {reason}" if reason else ""),
        )
        if accept:
            subject = "El instituto aceptó el formato de consentimiento subido a su nombre"
            body = (
                f"El instituto revisó y aceptó el formato de consentimiento que {candidacy.actor.name} subió a su "
                f"nombre. Dice: {said}.\n\nSi la persona candidata registró su consentimiento en el sistema, su "
                "respuesta sigue prevaleciendo. Ella puede cambiarla o retirarla cuando quiera en «Consentimiento»."
            )
        else:
            subject = "El instituto rechazó el formato de consentimiento subido a su nombre"
            body = (
                f"El instituto rechazó el formato de consentimiento que {candidacy.actor.name} subió a nombre de "
                f"{candidacy.full_name}. Motivo: {reason}\n\nEl consentimiento de la candidatura no cambió."
            )
        _tell_candidate(
            candidacy, kind=Notification.Kind.CONSENT_FORMAT_DECIDED, subject=subject, body=body, with_actor=True
        )
    consent_format.status, consent_format.decided_by = current.status, current.decided_by
    consent_format.decided_at, consent_format.decision_reason = current.decided_at, current.decision_reason
    return current


def _said(items: dict[int, bool]) -> str:
    names = {
        ConsentItem.PROCESSING: "tratamiento",
        ConsentItem.PUBLICATION: "publicación",
        ConsentItem.STATISTICS: "uso estadístico",
    }
    return "; ".join(f"{item}. {names[item]}: {'sí' if given else 'no'}" for item, given in sorted(items.items()))


def _tell_candidate(candidacy, *, kind, subject, body, with_actor=False):
    """The candidate: her own account (in the system and by e-mail) or, when her candidacy has no account, her
    candidacy's private address by e-mail; with `with_actor`, her political actor's accounts too."""
    users = recipients_for(candidacy)
    hers = [u for u in users if u.candidacy_id == candidacy.pk]
    url = reverse("capture:consent", args=[candidacy.pk])
    notify(users if with_actor else hers, kind=kind, subject=subject, body=body, url=url, candidacy=candidacy)
    if not hers:
        institute = settings.INSTITUTE
        note = (
            f"\n\nUsted no tiene cuenta propia en el sistema. Si no firmó ese formato, o quiere responder otra cosa, "
            f"comuníquese con {institute['name']} ({institute['email']}, {institute['phone']}): lo que usted diga "
            "prevalece sobre el formato."
        )
        email_address(candidacy.private_email, subject=subject, body=body + note)
