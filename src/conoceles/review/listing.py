"""The publication index (PublicationEntry): what the public lists search, filter and order, in one narrow table.

One row per candidacy that the publication gate (conoceles.review.publication, `publishable_q`) lets out on some
day of its cargo's window, with that window (`starts`, `ends`) and copies of what the search uses; the grado of
estudios only while rubro "education" is public (`public_rubros`), so an observed rubro cannot be found.

The index only narrows and orders: the lists then load their page's candidacies through the gate itself, so a stale
row never shows anything unpublished (at worst a card is missing until the row is refreshed).

Kept fresh here and only here: the signals below refresh the rows of whatever candidacy a saved or deleted row
touches; writers that bypass signals (the imports' multi-row INSERTs, the demo) call `refresh_entries` or
`rebuild_entries`, and `manage.py rebuild_publication` rebuilds everything.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from conoceles.candidacies.models import Candidacy
from conoceles.core.bulk import _insert
from conoceles.elections.models import Cargo, Contest, ElectoralProcess

from .models import CandidacyWorkflow, PublicationEntry, RubroState
from .publication import public_rubros, publishable_q

CHUNK = 2000  # candidacies per read and write

# entry field -> the Candidacy lookup it copies
_COPIED = {
    "candidacy": "pk",
    "process": "process_id",
    "contest": "contest_id",
    "cargo": "contest__cargo_id",
    "actor": "actor_id",
    "district": "contest__district_id",
    "municipality": "contest__municipality_id",
    "starts": "contest__cargo__publication_start",
    "search_name": "search_name",
    "sex": "sex",
    "affirmative_action": "affirmative_action",
    "cargo_order": "contest__cargo__order",
    "contest_name": "contest__name",
    "formula_number": "formula_number",
    "position": "position",
}
# what `ends`, `birth_key` and `education_level` are derived from
_DERIVED_FROM = (
    "contest__cargo__publication_end",
    "process__election_day",
    "birth_date",
    "declared_age",
    "curricular__education_level",
)
_COLUMNS = [PublicationEntry._meta.get_field(name) for name in (*_COPIED, "ends", "birth_key", "education_level")]


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_key(birth_date: datetime.date | None, declared_age: int | None, election_day: datetime.date):
    """A date that orders candidacies exactly by Candidacy.age (later = younger): the birth date when known, else
    the latest birth date of the declared age on election day."""
    return birth_date if birth_date is not None else years_before(election_day, declared_age)


def _write(candidacies) -> int:
    """Insert the entries of the publishable candidacies of the `candidacies` queryset (no entry of them exists)."""
    rows = list(candidacies.filter(publishable_q()).values_list(*_COPIED.values(), *_DERIVED_FROM))
    if not rows:
        return 0
    shown = public_rubros(row[0] for row in rows)
    copied = len(_COPIED)
    entries = []
    for row in rows:
        end, election_day, born, age, education = row[copied:]
        entries.append(
            [
                *row[:copied],
                end or election_day,  # as publication.publication_window
                birth_key(born, age, election_day),
                (education or "") if "education" in shown[row[0]] else "",
            ]
        )
    _insert(PublicationEntry, _COLUMNS, entries, returning=False)
    return len(entries)


def refresh_entries(candidacy_ids: Iterable[int]) -> None:
    """Recompute the entries of these candidacies from the gate: added, changed or removed (a few queries per
    CHUNK candidacies)."""
    ids = sorted(set(candidacy_ids))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            PublicationEntry.objects.filter(candidacy_id__in=part).delete()
            _write(Candidacy.objects.filter(pk__in=part))


def rebuild_entries(process: ElectoralProcess | None = None) -> int:
    """Rebuild the index of `process` (default: of every process) in chunks of candidacies; returns the rows."""
    candidacies = Candidacy.objects.all() if process is None else Candidacy.objects.filter(process=process)
    entries = PublicationEntry.objects.all() if process is None else PublicationEntry.objects.filter(process=process)
    written, last = 0, 0
    with transaction.atomic():
        entries.delete()
        while True:
            part = list(candidacies.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
            if not part:
                return written
            written += _write(Candidacy.objects.filter(pk__in=part))
            last = part[-1]


# --------------------------------------------------------------------------------------------
# Keeping it fresh
# --------------------------------------------------------------------------------------------


def refresh_written_since(process: ElectoralProcess, since: datetime.datetime) -> None:
    """After an import of candidacies (multi-row writes, no signals): refresh those it wrote, found by the
    history records it wrote with them."""
    written = Candidacy.history.filter(process_id=process.pk, history_date__gte=since).values_list("id", flat=True)
    refresh_entries(written.distinct())


def _candidacy_saved(sender, instance, **kwargs):
    refresh_entries([instance.pk if sender is Candidacy else instance.candidacy_id])


def _part_deleted(sender, instance, origin=None, **kwargs):
    # Deleted by itself, not in the cascade of its candidacy's deletion (which takes the entry along).
    if getattr(origin, "model", type(origin)) is sender:
        refresh_entries([instance.candidacy_id])


# What an entry copies from the rows every candidacy of a cargo, a contest or a process shares.
_SHARED = {
    Cargo: ("contest__cargo", ("publication_start", "publication_end", "order")),
    Contest: ("contest", ("name", "cargo_id", "district_id", "municipality_id")),
    ElectoralProcess: ("process", ("election_day",)),
}


def _remember_shared(sender, instance, **kwargs):
    if instance.pk is not None:
        instance._listing_before = sender.objects.filter(pk=instance.pk).values_list(*_SHARED[sender][1]).first()


def _shared_saved(sender, instance, created, **kwargs):
    lookup, fields = _SHARED[sender]
    if created or getattr(instance, "_listing_before", None) == tuple(getattr(instance, f) for f in fields):
        return
    refresh_entries(Candidacy.objects.filter(**{lookup: instance}).values_list("pk", flat=True))


def connect_signals() -> None:
    """Called once by ReviewConfig.ready()."""
    from conoceles.questionnaires.models import CurricularQuestionnaire

    for model in (Candidacy, CandidacyWorkflow, RubroState, CurricularQuestionnaire):
        post_save.connect(_candidacy_saved, sender=model, dispatch_uid=f"listing-save-{model.__name__}")
    for model in (CandidacyWorkflow, RubroState, CurricularQuestionnaire):
        post_delete.connect(_part_deleted, sender=model, dispatch_uid=f"listing-delete-{model.__name__}")
    for model in _SHARED:
        pre_save.connect(_remember_shared, sender=model, dispatch_uid=f"listing-before-{model.__name__}")
        post_save.connect(_shared_saved, sender=model, dispatch_uid=f"listing-save-{model.__name__}")
