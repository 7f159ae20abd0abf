"""Capture screens of the curricular questionnaire (DOMAIN.md §4 step 4, §5).

Each candidacy has an overview, one form per rubro (each saves on its own as a draft) and its private photo; the
dashboard that lists them is conoceles.questionnaires.views.dashboard, the history of changes
conoceles.questionnaires.views.history. Completeness always comes from conoceles.questionnaires.completeness;
fields, labels and limits from conoceles.questionnaires.rubros.
"""

from dataclasses import dataclass
from dataclasses import field as dc_field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from conoceles.core.permissions import Action, can, candidacies_for
from conoceles.review.editing import require_editable

from ..completeness import completeness_for
from ..gate import capture_view
from ..models import CurricularQuestionnaire
from ..rubros import LEVEL_FIELD, RUBROS, RUBROS_BY_CODE, STATUS_FIELD, Field, Kind
from ..services import NETWORKS, capture_rules_for, curricular_for, save_photo, save_rubro, text_length, validate_rubro
from .dashboard import ORDER


def _number(n: int) -> str:
    return f"{n:,}"


def _next_candidacy_id(user, candidacy) -> int | None:
    """The candidacy after this one in the dashboard order, among those the user captures."""
    ids = list(candidacies_for(user, Action.CAPTURE_CANDIDACY).order_by(*ORDER).values_list("pk", flat=True))
    try:
        position = ids.index(candidacy.pk)
    except ValueError:
        return None
    return ids[position + 1] if position + 1 < len(ids) else None


# --------------------------------------------------------------------------------------------
# A candidacy's overview
# --------------------------------------------------------------------------------------------


@capture_view()
def candidacy_overview(request, candidacy):
    completeness = completeness_for([candidacy])[candidacy.pk]
    context = {
        "candidacy": candidacy,
        "completeness": completeness,
        "next_candidacy_id": _next_candidacy_id(request.user, candidacy),
        "can_give_consent": can(request.user, Action.GIVE_CONSENT, candidacy),
    }
    return render(request, "questionnaires/capture/candidacy.html", context)


# --------------------------------------------------------------------------------------------
# One form per rubro
# --------------------------------------------------------------------------------------------

INPUT_TYPES = {Kind.NETWORK: "url", Kind.URL: "url", Kind.EMAIL: "email", Kind.PHONE: "tel", Kind.SHORT_TEXT: "text"}


@dataclass
class FieldView:
    """What the template needs to draw one field of a rubro."""

    field: Field
    value: str = ""
    errors: list[str] = dc_field(default_factory=list)
    limit: int | None = None  # shown by the counter (long texts)
    minimum: int = 0
    choices: list[str] = dc_field(default_factory=list)
    help_text: str = ""
    hide_for: list[str] = dc_field(default_factory=list)  # grados for which the estatus does not apply

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def id(self) -> str:
        return f"id_{self.field.name}"

    @property
    def anchor(self) -> str:
        """Where the error summary's link points: the input, or the first radio of a group."""
        return f"{self.id}_0" if self.field.kind == Kind.CHOICE and self.choices else self.id

    @property
    def kind(self) -> str:
        return self.field.kind

    @property
    def input_type(self) -> str:
        return INPUT_TYPES.get(self.field.kind, "text")

    @property
    def has_counter(self) -> bool:
        return self.field.kind == Kind.LONG_TEXT and self.limit is not None

    @property
    def length(self) -> str:
        return _number(text_length(self.value))

    @property
    def over_limit(self) -> bool:
        return self.has_counter and text_length(self.value) > self.limit

    @property
    def limit_text(self) -> str:
        return _number(self.limit) if self.limit is not None else ""

    @property
    def described_by(self) -> str:
        ids = []
        if self.help_text:
            ids.append(f"{self.id}_helptext")
        if self.has_counter:
            ids.append(f"{self.id}_counter")
        if self.errors:
            ids.append(f"{self.id}_error")
        return " ".join(ids)


def _help_text(field: Field, rules, minimum: int) -> str:
    parts = [field.help_text] if field.help_text else []
    if field.kind == Kind.NETWORK:
        example = NETWORKS[field.name][2] if field.name in NETWORKS else "https://www.ejemplo.mx/perfil"
        parts.append(f"Dirección de su perfil, por ejemplo {example}.")
    elif field.kind == Kind.URL:
        parts.append("Por ejemplo https://www.ejemplo.mx.")
    elif field.kind == Kind.EMAIL:
        parts.append("Correo de contacto público, por ejemplo contacto@ejemplo.mx.")
    elif field.kind == Kind.PHONE:
        parts.append("Teléfono de contacto público, de 10 dígitos.")
    elif field.kind == Kind.PHOTO:
        parts.append(f"JPEG o PNG de hasta {_number(rules.photo_max_kb)} KB. Se publica sin metadatos.")
    if field.kind == Kind.LONG_TEXT and minimum:
        parts.append(f"Si lo llena, escriba al menos {_number(minimum)} caracteres.")
    if field.name == STATUS_FIELD and rules.levels_without_status:
        parts.append(f"No se pregunta si el grado es {' o '.join(f'«{v}»' for v in rules.levels_without_status)}.")
    return " ".join(parts)


def _field_views(rubro, rules, values: dict, errors: dict) -> list[FieldView]:
    views = []
    for f in rubro.fields:
        minimum = rules.min_text_length if f.minimum else 0
        views.append(
            FieldView(
                field=f,
                value=values.get(f.name, "") or "",
                errors=list(errors.get(f.name, [])),
                limit=rules.limit(f.limit) if f.limit else None,
                minimum=minimum,
                choices=list(getattr(rules, f.catalog)) if f.catalog else [],
                help_text=_help_text(f, rules, minimum),
                hide_for=list(rules.levels_without_status or []) if f.name == STATUS_FIELD else [],
            )
        )
    return views


def _rubro_url(candidacy_id: int, code: str) -> str:
    return reverse("capture:rubro", args=[candidacy_id, code])


def _following_rubro(code: str):
    codes = [r.code for r in RUBROS]
    position = codes.index(code)
    return RUBROS[position + 1] if position + 1 < len(RUBROS) else None


@capture_view()
def rubro_form(request, candidacy, rubro_code):
    rubro = RUBROS_BY_CODE.get(rubro_code)
    if rubro is None:
        raise Http404("No existe ese rubro.")
    rules = capture_rules_for(candidacy.process)
    questionnaire = curricular_for(candidacy)
    text_fields = [f for f in rubro.fields if f.kind != Kind.PHOTO]
    errors: dict[str, list[str]] = {}
    locked_reason = _locked_reason(candidacy, rubro.code)
    if request.method == "POST" and locked_reason:
        messages.error(request, locked_reason)
        return redirect(_rubro_url(candidacy.pk, rubro.code))
    if request.method == "POST":
        # Every field of the form is sent; a radio group without a choice is sent empty (nothing chosen).
        values = {f.name: request.POST.get(f.name, "") for f in text_fields}
        photo_file = request.FILES.get("photo") if "photo" in rubro.field_names else None
        try:
            validate_rubro(rubro, values, rules, current=questionnaire if questionnaire.pk else None)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors and photo_file is not None:
            errors["photo"] = [
                "La fotografía no se guardó porque hay otros errores en el rubro; corríjalos y vuelva a elegirla."
            ]
        if not errors:
            try:
                with transaction.atomic():
                    if photo_file is not None:
                        save_photo(candidacy, photo_file, by=request.user)
                    save_rubro(candidacy, rubro.code, values, by=request.user)
            except ValidationError as error:
                errors.update(error.message_dict)
        if not errors:
            messages.success(request, f"Se guardó el rubro «{rubro.label}».")
            following = _following_rubro(rubro.code)
            if request.POST.get("accion") == "seguir":
                if following is None:
                    return redirect("capture:candidacy", candidacy.pk)
                return redirect(_rubro_url(candidacy.pk, following.code))
            return redirect(_rubro_url(candidacy.pk, rubro.code))
    else:
        values = {f.name: getattr(questionnaire, f.name) for f in text_fields}
    fields = _field_views(rubro, rules, values, errors)
    completeness = completeness_for([candidacy])[candidacy.pk].curricular
    following = _following_rubro(rubro.code)
    next_candidacy_id = _next_candidacy_id(request.user, candidacy)
    context = {
        "candidacy": candidacy,
        "rubro": rubro,
        "fields": fields,
        "error_list": [(f, message) for f in fields for message in f.errors],
        "completeness": completeness,
        "rubro_completeness": completeness.rubro(rubro.code),
        "following": following,
        "next_candidacy_url": _rubro_url(next_candidacy_id, rubro.code) if next_candidacy_id else None,
        "has_photo": bool(questionnaire.pk and questionnaire.photo),
        "photo_version": int(questionnaire.updated_at.timestamp()) if questionnaire.pk else 0,
        "level_field": LEVEL_FIELD,
        "locked_reason": locked_reason,
    }
    return render(request, "questionnaires/capture/rubro.html", context)


def _locked_reason(candidacy, rubro_code: str) -> str:
    """Why the rubro cannot be edited now (validated and not reopened), or "" when it can."""
    try:
        require_editable(candidacy, rubro_code)
    except ValidationError as error:
        return error.messages[0]
    return ""


# --------------------------------------------------------------------------------------------
# The private photo
# --------------------------------------------------------------------------------------------


@capture_view(Action.VIEW_CANDIDACY)
def photo(request, candidacy):
    questionnaire = CurricularQuestionnaire.objects.filter(candidacy=candidacy).only("pk", "photo").first()
    if questionnaire is None or not questionnaire.photo:
        raise Http404("Esta candidatura no tiene fotografía.")
    try:
        handle = questionnaire.photo.open("rb")
    except FileNotFoundError:
        raise Http404("No se encontró el archivo de la fotografía.") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-cache"
    return response
