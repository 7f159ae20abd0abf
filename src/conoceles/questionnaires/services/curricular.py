"""Capture rules and the curricular questionnaire: validation and saving rubro by rubro.

Character counting (the client-side counter must do exactly the same):

    1. line endings are normalised: "\\r\\n" and a lone "\\r" become "\\n" (a browser's textarea value uses
       "\\n"; the form submission sends "\\r\\n", which must not count twice);
    2. leading and trailing whitespace is removed (as Django forms do);
    3. the length is the number of Unicode code points (Python's len(); in JavaScript
       ``Array.from(value.replace(/\\r\\n?/g, "\\n").trim()).length``).

Note that a textarea's native ``maxlength`` counts UTF-16 code units, so an emoji counts twice there: it is
stricter than this rule, never looser, so it cannot let through a text the server refuses.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction

from conoceles.changes import Reason, candidacies_changed
from conoceles.core.permissions import Action, can, require_writable
from conoceles.core.text import clean, fold
from conoceles.review.editing import require_editable

from ..error_codes import QuestionnaireErrorCode
from ..models import CaptureRules, CurricularQuestionnaire
from ..rubros import LEVEL_FIELD, STATUS_FIELD, Field, Kind, Rubro, get_rubro


def capture_rules_for(process) -> CaptureRules:
    """The process's capture rules, created with the defaults the first time they are asked for."""
    rules, created = CaptureRules.objects.get_or_create(process=process)
    if created:
        candidacies_changed([], reason=Reason.CAPTURE)
    return rules


def curricular_for(candidacy) -> CurricularQuestionnaire:
    """The candidacy's curricular questionnaire, or a blank unsaved one if nothing was captured yet (for forms)."""
    try:
        return CurricularQuestionnaire.objects.get(candidacy=candidacy)
    except CurricularQuestionnaire.DoesNotExist:
        return CurricularQuestionnaire(candidacy=candidacy)


def require_capture(user, candidacy) -> None:
    """Only who may capture this candidacy's questionnaires (its party or the candidate herself) may write them,
    and nobody once the process is archived."""
    require_writable(candidacy)
    if not can(user, Action.CAPTURE_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede capturar los cuestionarios de esta candidatura.")


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def normalize_text(value) -> str:
    """What is stored for a text: line endings as "\\n", no NUL characters, outer whitespace removed."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()


def text_length(value) -> int:
    """Characters as the user's counter shows them: Unicode code points of the normalised text."""
    return len(normalize_text(value))


def _number(n: int) -> str:
    return f"{n:,}"


def too_long(length: int, limit: int) -> ValidationError:
    return ValidationError(
        "Tiene %(length_text)s caracteres; el máximo es %(limit_text)s.",
        code=QuestionnaireErrorCode.TOO_LONG,
        params={"length": length, "limit": limit, "length_text": _number(length), "limit_text": _number(limit)},
    )


def too_short(length: int, minimum: int) -> ValidationError:
    return ValidationError(
        "Tiene %(length_text)s caracteres; el mínimo es %(minimum_text)s.",
        code=QuestionnaireErrorCode.TOO_SHORT,
        params={
            "length": length,
            "minimum": minimum,
            "length_text": _number(length),
            "minimum_text": _number(minimum),
        },
    )


# --------------------------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------------------------

# field -> (name shown, accepted domains, example). A domain matches itself and its subdomains (www., m., …).
NETWORKS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "facebook": ("Facebook", ("facebook.com", "fb.com"), "https://www.facebook.com/su.perfil"),
    "x": ("X", ("x.com", "twitter.com"), "https://x.com/su_perfil"),
    "instagram": ("Instagram", ("instagram.com",), "https://www.instagram.com/su_perfil"),
    "youtube": ("YouTube", ("youtube.com", "youtu.be"), "https://www.youtube.com/@su_canal"),
    "tiktok": ("TikTok", ("tiktok.com",), "https://www.tiktok.com/@su_perfil"),
}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_https_only = URLValidator(schemes=["https"])


def _with_scheme(value: str) -> str:
    """ "facebook.com/perfil" -> "https://facebook.com/perfil": people paste addresses without the scheme."""
    return value if _SCHEME.match(value) else f"https://{value}"


def _host_matches(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def clean_network_url(field_name: str, value: str) -> str:
    """A profile address on the network the field is for (any https address for "other_network")."""
    value = clean(value)
    if not value:
        return ""
    url = _with_scheme(value)
    network = NETWORKS.get(field_name)
    if network is not None and url.lower().startswith("http://"):
        url = "https://" + url[len("http://") :]  # these sites only serve https
    if network is None:
        message = "Escriba una dirección completa que empiece con https://, por ejemplo https://www.ejemplo.mx/perfil."
        params = {"network": "Otra red social", "value": value}
    else:
        name, domains, example = network
        message = f"Escriba la dirección de su perfil de {name} ({' o '.join(domains)}), por ejemplo {example}."
        params = {"network": name, "value": value}
    try:
        _https_only(url)
    except ValidationError:
        raise ValidationError(message, code=QuestionnaireErrorCode.BAD_NETWORK_URL, params=params) from None
    parts = urlsplit(url)
    if network is not None and (
        not _host_matches((parts.hostname or "").lower(), network[1]) or not parts.path.strip("/")
    ):
        raise ValidationError(message, code=QuestionnaireErrorCode.BAD_NETWORK_URL, params=params)
    return url


def clean_website(value: str) -> str:
    value = clean(value)
    if not value:
        return ""
    url = _with_scheme(value)
    try:
        _https_only(url)
    except ValidationError:
        raise ValidationError(
            "Escriba una dirección completa que empiece con https://, por ejemplo https://www.ejemplo.mx.",
            code=QuestionnaireErrorCode.BAD_URL,
            params={"value": value},
        ) from None
    return url


def clean_email(value: str) -> str:
    value = clean(value)
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            "Escriba un correo electrónico válido, por ejemplo contacto@ejemplo.mx.",
            code=QuestionnaireErrorCode.BAD_EMAIL,
        ) from None
    return value


_PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")


def clean_phone(value: str) -> str:
    value = clean(value)
    if not value:
        return ""
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE_CHARS.match(value) or not 10 <= digits <= 15:
        raise ValidationError(
            "Escriba un teléfono de 10 dígitos; puede anteponer + y la clave del país, p. ej. +52 983 123 4567.",
            code=QuestionnaireErrorCode.BAD_PHONE,
        )
    return value


# --------------------------------------------------------------------------------------------
# Rubros
# --------------------------------------------------------------------------------------------


def _choice(value: str, allowed: list[str]) -> str:
    value = clean(value)
    if not value:
        return ""
    for option in allowed:
        if fold(option) == fold(value):
            return option
    raise ValidationError(
        "Elija un valor de la lista: %(allowed)s.",
        code=QuestionnaireErrorCode.BAD_CHOICE,
        params={"allowed": ", ".join(allowed)},
    )


def _max_length(field: Field) -> int | None:
    return CurricularQuestionnaire._meta.get_field(field.name).max_length


def _clean_field(field: Field, value, rules: CaptureRules) -> str:
    if field.kind == Kind.NETWORK:
        cleaned = clean_network_url(field.name, value)
    elif field.kind == Kind.URL:
        cleaned = clean_website(value)
    elif field.kind == Kind.EMAIL:
        cleaned = clean_email(value)
    elif field.kind == Kind.PHONE:
        cleaned = clean_phone(value)
    elif field.kind == Kind.CHOICE:
        cleaned = _choice(value, getattr(rules, field.catalog))
    elif field.kind == Kind.SHORT_TEXT:
        cleaned = clean(value)
    else:
        cleaned = normalize_text(value)
    limit = rules.limit(field.limit) if field.limit else _max_length(field)
    if limit is not None and len(cleaned) > limit:
        raise too_long(len(cleaned), limit)
    if field.minimum and cleaned and rules.min_text_length and len(cleaned) < rules.min_text_length:
        raise too_short(len(cleaned), rules.min_text_length)
    return cleaned


def validate_rubro(rubro: Rubro | str, data: dict, rules: CaptureRules, current: CurricularQuestionnaire | None = None):
    """The cleaned values of the rubro's fields present in `data`, or a ValidationError keyed by field name.

    Limits and formats are enforced; required-ness is not (a rubro saves as a draft). Keys of other rubros and
    the photo (saved by save_photo) are ignored; a field missing from `data` keeps its stored value. The estatus
    is emptied when the grado does not take one ("Sin estudios"). Forms call this to show the same errors."""
    rubro = get_rubro(rubro) if isinstance(rubro, str) else rubro
    cleaned, errors = {}, {}
    for field in rubro.fields:
        if field.kind == Kind.PHOTO or field.name not in data:
            continue
        try:
            cleaned[field.name] = _clean_field(field, data[field.name], rules)
        except ValidationError as error:
            errors[field.name] = error
    if LEVEL_FIELD in rubro.field_names and LEVEL_FIELD not in errors:
        level = cleaned.get(LEVEL_FIELD, getattr(current, LEVEL_FIELD, "") if current else "")
        if level and not rules.status_applies(level):
            cleaned[STATUS_FIELD] = ""
            errors.pop(STATUS_FIELD, None)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _locked(candidacy) -> CurricularQuestionnaire | None:
    return CurricularQuestionnaire.objects.select_for_update().filter(candidacy=candidacy).first()


def write_curricular(candidacy, values_for, *, by) -> CurricularQuestionnaire:
    """Write the values `values_for(current questionnaire or None)` returns, and only those fields, in one
    transaction with the row locked; creates the questionnaire on the first write. No change, no history row.
    Afterwards `candidacy.curricular` is the saved questionnaire (not a stale cached one)."""
    questionnaire = _write(candidacy, values_for, by)
    questionnaire.candidacy = candidacy  # refreshes the reverse one-to-one cache on the caller's candidacy
    return questionnaire


def _write(candidacy, values_for, by) -> CurricularQuestionnaire:
    with transaction.atomic():
        questionnaire = _locked(candidacy)
        values = values_for(questionnaire)
        if questionnaire is None:
            try:
                with transaction.atomic():
                    questionnaire = CurricularQuestionnaire(candidacy=candidacy, **values)
                    questionnaire._history_user = by
                    questionnaire.save()
                    candidacies_changed([candidacy.pk], reason=Reason.CAPTURE)
                    return questionnaire
            except IntegrityError:  # created meanwhile by another request: update that one
                questionnaire = _locked(candidacy)
        changed = [name for name, value in values.items() if getattr(questionnaire, name) != value]
        if changed:
            for name in changed:
                setattr(questionnaire, name, values[name])
            questionnaire._history_user = by
            questionnaire.save(update_fields=[*changed, "updated_at"])
            candidacies_changed([candidacy.pk], reason=Reason.CAPTURE)
    return questionnaire


def save_rubro(candidacy, rubro_code: str, data: dict, *, by) -> CurricularQuestionnaire:
    """Validate and save one rubro of the curricular questionnaire; nothing of the other rubros is written.

    Raises PermissionDenied if `by` may not capture this candidacy and ValidationError (keyed by field, with the
    codes too_long, too_short, bad_network_url, bad_url, bad_email, bad_phone, bad_choice) if a value breaks a
    limit or a format of the process's CaptureRules, or "rubro_locked" (not keyed) once the rubro is validated
    and not reopened (conoceles.review.editing). The history records `by`."""
    rubro = get_rubro(rubro_code)
    require_capture(by, candidacy)
    require_editable(candidacy, rubro.code)
    rules = capture_rules_for(candidacy.process)
    return write_curricular(candidacy, lambda current: validate_rubro(rubro, data, rules, current=current), by=by)
