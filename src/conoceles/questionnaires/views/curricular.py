"""Capture screens of the curricular questionnaire (DOMAIN.md §4 step 4, §5).

The dashboard lists the user's candidacies with their progress; each candidacy has an overview, one form per rubro
(each saves on its own as a draft), its private photo and the history of its changes. Completeness always comes
from conoceles.questionnaires.completeness; fields, labels and limits from conoceles.questionnaires.rubros.
"""

from dataclasses import dataclass
from dataclasses import field as dc_field
from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.candidacies.models import Candidacy
from conoceles.core.converters import parse_id
from conoceles.core.permissions import Action, can, candidacies_for
from conoceles.elections.models import Cargo, Contest
from conoceles.review.editing import require_editable

from ..completeness import annotate_completeness, completeness_for
from ..gate import capture_view
from ..models import CurricularQuestionnaire, IdentityAnswer
from ..rubros import ALL_FIELDS, FIELDS_BY_NAME, LEVEL_FIELD, RUBROS, RUBROS_BY_CODE, STATUS_FIELD, Field, Kind
from ..services import (
    NETWORKS,
    capture_rules_for,
    curricular_for,
    has_accepted_current,
    save_photo,
    save_rubro,
    text_length,
    validate_rubro,
)

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 20
MISSING_FILTER_BATCH = 2000  # candidacies whose completeness is computed at once for the "falta el rubro" filter

# The dashboard's order, also the order of "Siguiente candidatura".
ORDER = ("contest__cargo__order", "contest__name", "actor__order", "formula_number", "position", "pk")

RUBRO_OF_FIELD = {f.name: r for r in RUBROS for f in r.fields}


def _candidacies():
    return Candidacy.objects.select_related("contest__cargo", "actor", "process")


def _number(n: int) -> str:
    return f"{n:,}"


# --------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------


@dataclass
class DashboardFilters:
    query: str = ""
    cargo: int | None = None
    contest: int | None = None
    status: str = ""
    missing: str = ""

    @classmethod
    def from_request(cls, request) -> "DashboardFilters":
        status = request.GET.get("estatus", "")
        missing = request.GET.get("falta", "")
        return cls(
            query=request.GET.get("q", "").strip(),
            cargo=parse_id(request.GET.get("cargo")),
            contest=parse_id(request.GET.get("contienda")),
            status=status if status in Candidacy.Status.values else "",
            missing=missing if missing in RUBROS_BY_CODE else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.query or self.cargo or self.contest or self.status or self.missing)

    def apply(self, candidacies):
        candidacies = candidacies.matching(self.query)
        if self.cargo:
            candidacies = candidacies.filter(contest__cargo_id=self.cargo)
        if self.contest:
            candidacies = candidacies.filter(contest_id=self.contest)
        if self.status:
            candidacies = candidacies.filter(status=self.status)
        if self.missing:
            candidacies = candidacies.filter(pk__in=_missing_rubro_ids(candidacies, self.missing))
        return candidacies


def _missing_rubro_ids(candidacies, rubro_code: str) -> list[int]:
    """Ids of the candidacies whose rubro is incomplete, as completeness.py says (four queries per batch)."""
    ids = []
    rows = candidacies.order_by().values_list("pk", "process_id").iterator(chunk_size=MISSING_FILTER_BATCH)
    while chunk := list(islice(rows, MISSING_FILTER_BATCH)):
        stubs = [Candidacy(pk=pk, process_id=process_id) for pk, process_id in chunk]
        for pk, completeness in completeness_for(stubs).items():
            if not completeness.curricular.rubro(rubro_code).complete:
                ids.append(pk)
    return ids


def _filter_options(visible, filters: DashboardFilters) -> dict:
    cargos = Cargo.objects.filter(pk__in=visible.values("contest__cargo_id")).order_by("process_id", "order", "name")
    contests = Contest.objects.filter(pk__in=visible.values("contest_id"))
    if filters.cargo:
        contests = contests.filter(cargo_id=filters.cargo)
    return {
        "cargos": list(cargos),
        "contests": list(contests.order_by("process_id", "cargo__order", "name")),
        "statuses": Candidacy.Status.choices,
        "rubros": RUBROS,
    }


def _notices_pending(user, candidacies) -> list:
    """The processes of these candidacies whose aviso de privacidad the user still has to accept (capturers only)."""
    processes = {c.process_id: c.process for c in candidacies if c.can_capture}
    return [p for p in processes.values() if not has_accepted_current(user, p)]


@login_required
def dashboard(request):
    user = request.user
    if user.role == Role.CANDIDATE:
        own = list(candidacies_for(user, Action.CAPTURE_CANDIDACY).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            return redirect("capture:candidacy", own[0])
    visible = candidacies_for(user, Action.VIEW_CANDIDACY, _candidacies())
    filters = DashboardFilters.from_request(request)
    candidacies = filters.apply(visible).order_by(*ORDER)
    page = Paginator(candidacies, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = annotate_completeness(page.object_list)
    for candidacy in rows:
        candidacy.can_capture = can(user, Action.CAPTURE_CANDIDACY, candidacy)
        candidacy.incomplete_rubros = [r for r in candidacy.completeness.curricular.rubros if not r.complete]
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "options": _filter_options(visible, filters),
        "has_any": filters.active or page.paginator.count > 0 or visible.exists(),
        "notices_pending": _notices_pending(user, rows),
    }
    return render(request, "questionnaires/capture/dashboard.html", context)


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


# --------------------------------------------------------------------------------------------
# History
# --------------------------------------------------------------------------------------------

TRACKED_FIELDS = [f.name for f in ALL_FIELDS]


@dataclass
class Change:
    label: str
    rubro: str
    before: str
    after: str
    is_photo: bool = False


def _changes(record, previous) -> list[Change]:
    if previous is None:
        pairs = [(name, "", getattr(record, name)) for name in TRACKED_FIELDS if getattr(record, name)]
    else:
        delta = record.diff_against(previous, included_fields=TRACKED_FIELDS)
        by_name = {c.field: c for c in delta.changes}
        pairs = [(name, by_name[name].old, by_name[name].new) for name in TRACKED_FIELDS if name in by_name]
    changes = []
    for name, before, after in pairs:
        f = FIELDS_BY_NAME[name]
        if f.kind == Kind.PHOTO:
            before, after = ("Fotografía anterior" if before else ""), ("Fotografía nueva" if after else "")
        rubro_label = RUBRO_OF_FIELD[name].label
        changes.append(Change(f.label, rubro_label, str(before or ""), str(after or ""), f.kind == Kind.PHOTO))
    return changes


@capture_view(Action.VIEW_CANDIDACY)
def history(request, candidacy):
    records = (
        CurricularQuestionnaire.history.filter(candidacy_id=candidacy.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(records, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    older = None
    if items:
        last = items[-1]
        before_last = Q(history_date__lt=last.history_date) | Q(
            history_date=last.history_date, history_id__lt=last.history_id
        )
        older = records.filter(before_last).select_related(None).first()
    entries = []
    for record, previous in zip(items, [*items[1:], older][: len(items)], strict=True):
        user = record.history_user
        entries.append(
            {
                "record": record,
                "who": (user.get_full_name() or user.username) if user else "Sistema",
                "changes": _changes(record, previous),
            }
        )
    can_capture = can(request.user, Action.CAPTURE_CANDIDACY, candidacy)
    context = {
        "candidacy": candidacy,
        "page": page,
        "entries": entries,
        "can_capture": can_capture,
        # Identity answers are sensitive data: their history is shown to the people who capture them only.
        "identity_entries": _identity_history(candidacy) if can_capture else None,
    }
    return render(request, "questionnaires/capture/history.html", context)


IDENTITY_HISTORY_SHOWN = 100


def _identity_history(candidacy) -> list[dict]:
    """Each saved change of an identity answer: question, options before and after, who and when (newest first)."""
    records = list(
        IdentityAnswer.history.filter(candidacy_id=candidacy.pk)
        .select_related("history_user", "question")
        .order_by("question_id", "history_date", "history_id")
    )
    # django-simple-history keeps each record's chosen options in a table of its own.
    snapshot = IdentityAnswer.history.model._meta.get_field("historicalidentityanswer_options").related_model
    labels: dict[int, list[str]] = {}
    for row in snapshot.objects.filter(history__in=[r.history_id for r in records]).select_related("identityoption"):
        labels.setdefault(row.history_id, []).append(row.identityoption.label)
    entries, previous_by_question = [], {}
    for record in records:
        chosen = ", ".join(labels.get(record.history_id, []))
        after = f"{chosen}: {record.detail}" if record.detail else chosen
        before = previous_by_question.get(record.question_id, "")
        previous_by_question[record.question_id] = after if record.history_type != "-" else ""
        if record.history_type == "-":
            after = ""
        if before == after:
            continue
        user = record.history_user
        entries.append(
            {
                "record": record,
                "question": record.question,
                "before": before,
                "after": after,
                "who": (user.get_full_name() or user.username) if user else "Sistema",
                "by_party": user is not None and user.role == Role.PARTY,
            }
        )
    entries.sort(key=lambda e: (e["record"].history_date, e["record"].history_id), reverse=True)
    return entries[:IDENTITY_HISTORY_SHOWN]
