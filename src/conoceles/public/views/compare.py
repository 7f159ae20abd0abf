"""Compare 2–4 published candidacies side by side, rubro by rubro (`comparar/?c=ID&c=ID`)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_safe

from conoceles.candidacies.models import Candidacy, Position
from conoceles.questionnaires.rubros import RUBROS, Kind
from conoceles.review.publication import published_candidacies

from ..profiles import public_profiles

MIN, MAX = 2, 4
MAX_IDS_READ = 20  # ids beyond these are not even looked up


@dataclass(frozen=True)
class Row:
    label: str
    cells: list  # per profile: a PublicField, or a str (why the rubro shows nothing)


@dataclass(frozen=True)
class Section:
    label: str
    rows: list[Row]


def _ids(values: list[str]) -> tuple[list[int], int]:
    """The distinct positive integer ids, in order, and how many values were not ids at all."""
    ids, bad = [], 0
    for value in values[:MAX_IDS_READ]:
        value = value.strip()
        if value.isascii() and value.isdigit() and 0 < int(value) < 2**31:
            if int(value) not in ids:
                ids.append(int(value))
        else:
            bad += 1
    return ids, bad + max(0, len(values) - MAX_IDS_READ)


def _sections(profiles) -> list[Section]:
    sections = []
    for rubro in RUBROS:
        per_profile = [next(r for r in p.rubros if r.code == rubro.code) for p in profiles]
        rows = []
        for field in rubro.fields:
            if field.kind == Kind.PHOTO:
                continue
            cells = []
            for public in per_profile:
                if public.message:
                    cells.append(public.message)
                else:
                    cells.append(next((f for f in public.fields if f.name == field.name), None))
            rows.append(Row(field.label, cells))
        sections.append(Section(rubro.label, rows))
    return sections


def _suggestions(profiles, limit=12):
    """Other published owners of the same contests, to add to the comparison."""
    if not profiles or len(profiles) >= MAX:
        return []
    chosen = [p.pk for p in profiles]
    return list(
        published_candidacies(
            queryset=Candidacy.objects.filter(contest_id__in={p.contest_pk for p in profiles}, position=Position.OWNER)
        )
        .exclude(pk__in=chosen)
        .select_related("actor")
        .only("pk", "first_name", "last_name", "second_last_name", "actor__acronym", "contest_id")
        .order_by("actor__order", "actor__acronym", "formula_number")[:limit]
    )


@require_safe
def compare(request):
    ids, bad = _ids(request.GET.getlist("c"))
    found = public_profiles(ids)
    profiles = [found[pk] for pk in ids if pk in found]
    omitted = len(ids) - len(profiles) + bad
    notes = []
    if omitted:
        notes.append(
            "Se omitió 1 candidatura que no existe o no está publicada."
            if omitted == 1
            else f"Se omitieron {omitted} candidaturas que no existen o no están publicadas."
        )
    if len(profiles) > MAX:
        notes.append(f"Se pueden comparar hasta {MAX} candidaturas a la vez; se muestran las {MAX} primeras.")
        profiles = profiles[:MAX]
    query = "&".join(f"c={p.pk}" for p in profiles)
    context = {
        "profiles": profiles,
        "enough": len(profiles) >= MIN,
        "minimum": MIN,
        "maximum": MAX,
        "notes": notes,
        "sections": _sections(profiles) if len(profiles) >= MIN else [],
        "suggestions": _suggestions(profiles),
        "query": query,
        "columns": [(p, "&".join(f"c={o.pk}" for o in profiles if o.pk != p.pk)) for p in profiles],
    }
    return render(request, "public/compare.html", context)
