"""The aviso de privacidad (versions and acceptance) and consent over sensitive data (DOMAIN.md §6)."""

import re
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max

from conoceles.core.permissions import Action, can

from ..models import ConsentItem, ConsentRecord, PrivacyAcceptance, PrivacyNotice
from .photos import file_size, inspect_image

# --------------------------------------------------------------------------------------------
# Aviso de privacidad
# --------------------------------------------------------------------------------------------


def publish_notice(process, kind: str, text: str, *, by) -> PrivacyNotice:
    """Publish a new version of the process's aviso integral or simplificado (version = last + 1). Earlier
    acceptances do not cover it: every user accepts it again (has_accepted_current)."""
    if not can(by, Action.MANAGE_CATALOGS):
        raise PermissionDenied("Solo la Instancia Interna publica los avisos de privacidad.")
    if kind not in PrivacyNotice.Kind.values:
        raise ValueError(f"Unknown notice kind {kind!r}")
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": ValidationError("Escriba el texto del aviso.", code="empty_notice")})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = PrivacyNotice.objects.filter(process=process, kind=kind).aggregate(v=Max("version"))["v"]
                return PrivacyNotice.objects.create(
                    process=process, kind=kind, version=(last or 0) + 1, text=text, published_by=by
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
# Consent evidence: a signed format, PDF or image, checked by content
# --------------------------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_PIXELS = 60_000_000  # a scanned page at 600 dpi is ≈ 35 million pixels

_PDF_HEADER = re.compile(rb"^%PDF-\d\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.DOTALL)
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _pdf_parses(data: bytes) -> bool:
    """A minimal structural parse: header, at least one object, and a trailer whose startxref points at a
    cross-reference table or stream inside the file. Enough to tell a real PDF from a renamed file."""
    if not _PDF_HEADER.match(data) or not _OBJECT.search(data):
        return False
    matches = list(_STARTXREF.finditer(data[-4096:]))
    if not matches:
        return False
    offset = int(matches[-1].group(1))
    if not 0 < offset < len(data):
        return False
    target = data[offset : offset + 64].lstrip()
    return target.startswith(b"xref") or bool(_OBJECT.match(target))


def check_evidence(uploaded) -> str:
    """The extension ("pdf", "jpg" or "png") of a valid evidence file, judged by content; else ValidationError
    "bad_evidence" ("evidence_too_big" over 10 MB)."""
    size = file_size(uploaded)
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            "El archivo pesa %(size_mb)s MB; el máximo es %(max_mb)s MB.",
            code="evidence_too_big",
            params={"size_mb": f"{size / 1024 / 1024:.1f}", "max_mb": EVIDENCE_MAX_BYTES // 1024 // 1024},
        )
    bad = ValidationError("El formato firmado debe ser un PDF o una imagen JPEG o PNG válidos.", code="bad_evidence")
    uploaded.seek(0)
    head = uploaded.read(5)
    uploaded.seek(0)
    if head == b"%PDF-":
        data = uploaded.read()
        uploaded.seek(0)
        if not _pdf_parses(data):
            raise bad
        return "pdf"
    try:
        image_format = inspect_image(uploaded, max_pixels=EVIDENCE_MAX_PIXELS)
    except ValidationError:
        raise bad from None
    return {"JPEG": "jpg", "PNG": "png"}[image_format]


# --------------------------------------------------------------------------------------------
# Consent
# --------------------------------------------------------------------------------------------


def _clean_consent_answers(answers) -> dict[int, bool]:
    bad = ValidationError("Responda sí o no a cada consentimiento (1, 2 y 3).", code="bad_consent_answers")
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


def record_consent(candidacy, answers: dict, *, by, evidence=None, notice=None) -> list[ConsentRecord]:
    """Record the candidate's yes or no to consent items (1, 2 and/or 3), as new records (never updates).

    - The candidate herself (Action.GIVE_CONSENT on her candidacy) records directly (method "direct"); she may
      attach a signed format too.
    - Her party (Action.CAPTURE_CANDIDACY) records only the candidate's signed format: `evidence` (a PDF or a
      JPEG/PNG image, checked by content) is required (method "signed_format").
    - Anyone else: PermissionDenied.

    `notice` is the aviso version the consent refers to; by default the integral in force. ValidationError codes:
    bad_consent_answers, evidence_required, bad_evidence, evidence_too_big, no_notice."""
    items = _clean_consent_answers(answers)
    if can(by, Action.GIVE_CONSENT, candidacy):
        method = ConsentRecord.Method.DIRECT
    elif can(by, Action.CAPTURE_CANDIDACY, candidacy):
        method = ConsentRecord.Method.SIGNED_FORMAT
        if evidence is None:
            raise ValidationError(
                {
                    "evidence": ValidationError(
                        "Adjunte el formato de consentimiento firmado por la persona candidata (PDF o imagen).",
                        code="evidence_required",
                    )
                }
            )
    else:
        raise PermissionDenied(
            "Solo la persona candidata, o su actor político con el formato firmado, registra este consentimiento."
        )
    extension = None
    if evidence is not None:
        try:
            extension = check_evidence(evidence)
        except ValidationError as error:
            raise ValidationError({"evidence": error}) from None
    notice = notice or current_notice(candidacy.process_id, PrivacyNotice.Kind.INTEGRAL)
    if notice is None:
        raise ValidationError(
            "El instituto aún no publica el aviso de privacidad integral; no se puede registrar el consentimiento.",
            code="no_notice",
        )
    if notice.process_id != candidacy.process_id:
        raise ValueError("The notice belongs to another process")
    with transaction.atomic():
        evidence_name = None
        if evidence is not None:
            field = ConsentRecord._meta.get_field("evidence")
            evidence.seek(0)
            evidence_name = field.storage.save(
                field.generate_filename(None, f"{uuid.uuid4().hex}.{extension}"), File(evidence)
            )
        records = [
            ConsentRecord(
                candidacy=candidacy,
                item=item,
                given=given,
                notice=notice,
                recorded_by=by,
                method=method,
                evidence=evidence_name,
            )
            for item, given in sorted(items.items())
        ]
        for record in records:
            record.save()
    return records


def consents_for(candidacies: Iterable) -> dict[int, dict[int, bool | None]]:
    """candidacy id -> {1: bool | None, 2: …, 3: …}: the latest answer to each item (None if never answered),
    for many candidacies in one query. Pass candidacies or their ids (a page, or a chunk of an export)."""
    ids = [c if isinstance(c, int) else c.pk for c in candidacies]
    result = {pk: dict.fromkeys(ConsentItem.values) for pk in ids}
    if not ids:
        return result
    rows = (
        ConsentRecord.objects.filter(candidacy_id__in=ids)
        .order_by("candidacy_id", "item", "-pk")
        .values_list("candidacy_id", "item", "given")
    )
    seen = set()
    for candidacy_id, item, given in rows:
        if (candidacy_id, item) not in seen:
            seen.add((candidacy_id, item))
            result[candidacy_id][item] = given
    return result


def current_consent(candidacy) -> dict[int, bool | None]:
    """{1: bool | None, 2: …, 3: …}: the candidate's consent in force. THE function every public page, export
    and statistic asks (consent 2 gates the publication of identity answers, DOMAIN.md §6)."""
    return consents_for([candidacy])[candidacy.pk]
