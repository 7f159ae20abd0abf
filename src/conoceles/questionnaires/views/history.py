"""The history of a candidacy's changes: its curricular questionnaire and, to who captures it, its identity answers.

Both come from django-simple-history; labels and rubros from conoceles.questionnaires.rubros.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from conoceles.accounts.models import Role
from conoceles.core.permissions import Action, can, sensitive_data_readable

from ..gate import capture_view
from ..models import CurricularQuestionnaire, IdentityAnswer
from ..rubros import ALL_FIELDS, FIELDS_BY_NAME, RUBROS, Kind

HISTORY_PAGE_SIZE = 20

RUBRO_OF_FIELD = {f.name: r for r in RUBROS for f in r.fields}
TRACKED_FIELDS = [f.name for f in ALL_FIELDS]


@dataclass
class Change:
    label: str
    rubro: str
    before: str | None  # None: unknown, the content before came from an import or the demo (no history)
    after: str
    is_photo: bool = False


IMPORTED = "Cargado por importación"


def _changes(record, previous, imported_before: bool = False) -> list[Change]:
    if previous is None:
        before = None if imported_before else ""
        pairs = [(name, before, getattr(record, name)) for name in TRACKED_FIELDS if getattr(record, name)]
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
        before = None if before is None else str(before or "")
        changes.append(Change(f.label, rubro_label, before, str(after or ""), f.kind == Kind.PHOTO))
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
    imported_before = _imported_before(candidacy, records)
    entries = []
    for record, previous in zip(items, [*items[1:], older][: len(items)], strict=True):
        user = record.history_user
        # The first record without a user is the import's (or the demo's); a later one, a system task's.
        anonymous = IMPORTED if previous is None else "Sistema"
        who = (user.get_full_name() or user.username) if user else anonymous
        entries.append(
            {
                "record": record,
                "who": who,
                "changes": _changes(record, previous, imported_before),
            }
        )
    can_capture = can(request.user, Action.CAPTURE_CANDIDACY, candidacy)
    context = {
        "candidacy": candidacy,
        "page": page,
        "entries": entries,
        # Shown after the oldest entry: the questionnaire's first content has no history record of its own.
        "imported_before": imported_before and not page.has_next(),
        "can_capture": can_capture,
        # Identity answers are sensitive data: their history is shown to the people who capture them only.
        "identity_entries": (
            _identity_history(candidacy) if can_capture and sensitive_data_readable(candidacy.process) else None
        ),
    }
    return render(request, "questionnaires/capture/history.html", context)


def _imported_before(candidacy, records) -> bool:
    """Did the questionnaire's content exist before its history began (loaded by an import or the demo, which write
    rows without history)? Then its oldest record is not a creation, or it has none at all."""
    oldest = records.order_by("history_date", "history_id").select_related(None).only("history_type").first()
    if oldest is not None:
        return oldest.history_type != "+"
    return CurricularQuestionnaire.objects.filter(candidacy_id=candidacy.pk).exists()


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
