"""The public archive of earlier processes (issue 15 point 1): `/archivo/` lists the processes other than the current
one whose publication ended (lifecycle stage PUBLICATION_ENDED or later) and that the institute shows
(`in_public_archive`), newest first; `/archivo/<id>/` shows one of them read-only: its dates, the last identity
statistics published while it was on the site (aggregates, suppressed and rounded as they were published) and the
open-data releases still downloadable (`release.published_files`, which the lifecycle empties when the institute did
not keep the open data, and strips of identity files after bloqueo). Never a profile, a search or a ballot."""

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q, Subquery

from conoceles.elections.models import STAGE_ORDER, ElectoralProcess, LifecycleStage
from conoceles.opendata.models import OpenDataRelease

from .models import IdentityStatisticsRelease
from .statistics.tables import Table
from .version import publication_version

ENDED = STAGE_ORDER[STAGE_ORDER.index(LifecycleStage.PUBLICATION_ENDED) :]


def archived_processes():
    """The processes the archive lists, newest election first."""
    current = ElectoralProcess.objects.active_latest_first().values("pk")[:1]
    rows = ElectoralProcess.objects.filter(stage__in=ENDED, in_public_archive=True)
    # Never the current process (ElectoralProcess.objects.current(), as a subquery: one query in all).
    rows = rows.exclude(pk__in=Subquery(current))
    return rows.order_by("-election_day", "-pk")


def lists_any(processes) -> bool:
    """`archived_processes().exists()` over processes already read (every process of the installation): whether
    the archive lists one of them. For the staff layout, which reads them all for its selector anyway."""
    active = [p for p in processes if p.is_active]
    current = max(active, key=lambda p: p.election_day) if active else None
    return any(p.stage in ENDED and p.in_public_archive and p != current for p in processes)


def published_statistics(process) -> dict | None:
    """The last identity statistics cut published while the process was on the site (None if there was none): the
    stored figures as they were published, never computed again from the rows."""
    last_day = process.publication_end_date or process.election_day
    release = (
        IdentityStatisticsRelease.objects.filter(process=process, cut_at__date__lte=last_day)
        .order_by("-cut_at")
        .first()
    )
    if release is None:
        return None
    return {
        "cut_at": release.cut_at,
        "identity": [Table.from_json(t) for t in release.figures["tables"]],
        "consented": release.figures["consented"],
        "k": release.figures["k"],
    }


def downloadable_releases(process) -> list[tuple[OpenDataRelease, list[str]]]:
    """The process's open-data releases with the files still downloadable, newest first; a release left with no
    file is not listed."""
    found = []
    for release in OpenDataRelease.objects.filter(process=process).order_by("-created_at", "-pk"):
        files = list(release.published_files)
        if files:
            found.append((release, files))
    return found


def is_archived_publicly(process) -> bool:
    return archived_processes().filter(Q(pk=process.pk)).exists()


# Whether the archive lists any process, for the footer of every public page: kept in the shared cache for the
# publication version (conoceles.public.version), which every announced change bumps (a process's stage or its
# `in_public_archive` are announced as site-wide rows, conoceles.changes): one query per version, not per page.
LISTED_SECONDS = 24 * 3600


def has_public_archive() -> bool:
    key = f"public:archive:listed:{publication_version()}"
    listed = cache.get(key)
    if listed is None:
        try:
            listed = archived_processes().exists()
        except DatabaseError:  # a page rendered before the database is ready (the 404 page of a fresh demo)
            return False
        cache.set(key, listed, LISTED_SECONDS)
    return listed
