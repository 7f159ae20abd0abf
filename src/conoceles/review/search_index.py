"""The publication index (PublicationEntry): what the public lists search, filter and order, in one narrow table.

One row per candidacy that the publication gate (conoceles.review.publication, `publishable_q`) lets out on some
day of its cargo's window, with that window (`starts`, `ends`) and copies of what the search uses; the grado of
estudios only while rubro "education" is public (`public_rubros`), so an observed rubro cannot be found.

The index only narrows and orders: the lists then load their page's candidacies through the gate itself, so a stale
row never shows anything unpublished (at worst a card is missing until the row is refreshed).

Written only here, called by conoceles.changes: every writer of published data announces the candidacies it
changed (`candidacies_changed`), which refreshes their entries in the writer's transaction; the demo rebuilds a whole
process, and `manage.py rebuild_publication` rebuilds everything.
"""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.core.bulk import analyze, insert_rows
from conoceles.elections.models import Cargo, Contest, ElectoralProcess

from .models import PublicationEntry
from .publication import public_rubros, publishable_q

CHUNK = 2000  # candidacies per read and write
# SQLite: the full-text index of the entries' names (FTS5 trigrams, migration 0010), which finds a name's words
# (substrings of 3 letters or more) without reading every entry. PostgreSQL's trigram index serves LIKE itself.
NAME_FTS_TABLE = "review_publicationentry_name"

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
    "process__publication_end_date",
    "process__election_day",
    "birth_date",
    "declared_age",
    "curricular__education_level",
)
_COLUMNS = [
    PublicationEntry._meta.get_field(name) for name in (*_COPIED, "ends", "birth_key", "education_level", "updated_at")
]


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
    now = timezone.now()
    entries = []
    for row in rows:
        end, publication_end, election_day, born, age, education = row[copied:]
        entries.append(
            [
                *row[:copied],
                end or publication_end or election_day,  # as publication.publication_window
                birth_key(born, age, election_day),
                (education or "") if "education" in shown[row[0]] else "",
                now,
            ]
        )
    insert_rows(PublicationEntry, _COLUMNS, entries, returning=False)
    return len(entries)


def name_matches(words: list[str], most: int) -> list[int] | None:
    """SQLite: the candidacy ids of the entries whose search_name contains every word of 3 letters or more, from the
    full-text index; None when there are more than `most` of them (then a scan in name order, which stops at the
    first page's worth, finds them sooner), when no word is that long, or on PostgreSQL. A superset for the shorter
    words: the search still tests every word with LIKE."""
    long_words = [word for word in words if len(word) >= 3]
    if connection.vendor != "sqlite" or not long_words:
        return None
    match = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in long_words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {NAME_FTS_TABLE} WHERE {NAME_FTS_TABLE} MATCH %s LIMIT %s", [match, most + 1]
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) <= most else None


def changed_since_q(since: datetime.datetime) -> Q:
    """Entries whose candidacy's public data changed at or after `since`: written since then (every announced change
    rewrites the entry, `updated_at`) or whose window opened since then (at local midnight of `starts`, which no
    write announces). A candidacy that left the site has no entry: it is not among them."""
    day = timezone.localdate(since)
    if timezone.localtime(since).time() != datetime.time.min:
        day += datetime.timedelta(days=1)  # the first midnight at or after `since`
    return Q(updated_at__gte=since) | Q(starts__gte=day)


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
                break
            written += _write(Candidacy.objects.filter(pk__in=part))
            last = part[-1]
    analyze(PublicationEntry)  # after the commit: on PostgreSQL, outside a transaction, also a VACUUM
    return written


# What an entry copies from the rows every candidacy of a cargo, a contest or a process shares.
_SHARED = {
    Cargo: ("contest__cargo", {"publication_start", "publication_end", "order"}),
    Contest: ("contest", {"name", "cargo", "district", "municipality"}),
    ElectoralProcess: ("process", {"election_day", "publication_end_date", "stage"}),
}


def indexed_candidacies(obj, changed_fields: Iterable[str] | None = None) -> list[int]:
    """The candidacies whose entries a change to `obj` may change: its own candidacy, or every candidacy of a cargo,
    contest or process when a field the entries copy changed (`changed_fields`; None: any may have). None for the
    rows the entries do not copy (secciones, actors, the capture rules...)."""
    if isinstance(obj, Candidacy):
        return [obj.pk]
    if getattr(obj, "candidacy_id", None) is not None:
        return [obj.candidacy_id]
    if type(obj) not in _SHARED:
        return []
    lookup, fields = _SHARED[type(obj)]
    if changed_fields is not None and not fields.intersection(changed_fields):
        return []
    return list(Candidacy.objects.filter(**{lookup: obj}).values_list("pk", flat=True))
