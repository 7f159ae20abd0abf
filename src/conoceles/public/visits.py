"""Visits to the public site (DOMAIN.md §9): one aggregate count per page type and day, and nothing else.

No IP address, cookie, user agent or any identifier is stored. A visit is one `incr` of a counter in the shared
cache (atomic in Redis), so a request never writes to the database; `flush_visits` moves the counters to DailyVisit
and records when (VisitFlush). The task worker runs it every VISITS_FLUSH_MINUTES by itself (conoceles.public.tasks:
the flush task schedules the next one); without a worker (the immediate backend) the staff view of the statistics
page runs it, and the `flush_visits` command can run it by hand.
Obvious robots (by their user agent) are not counted, nor the resources a page loads (NOT_VISITS).

The pages nginx serves from the snapshot (conoceles.snapshot) never reach Django. nginx writes a line for each of
them to VISITS_LOG (deploy/nginx/conoceles.conf, format `conoceles_visits`: the time, the path and the user agent,
never the address), and `flush_visits` counts those lines first, by the same rules (`count_logged_visits`).
"""

import datetime
import re
import urllib.parse
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.urls import Resolver404, URLPattern, get_resolver, resolve
from django.utils import timezone

from .models import DailyVisit, VisitFlush

# Counters live this long in the cache: the flush must run more often than this (every few minutes by the worker).
COUNTER_DAYS = 8
NOT_VISITS = frozenset({"photo", "ballot_lookup", "favicon"})  # resources a page loads, not pages someone visits
# A line of nginx's `conoceles_visits` log: `$msec $request_uri "$http_user_agent"`.
LOG_LINE = re.compile(r'^(?P<time>\d+(?:\.\d+)?) (?P<uri>\S+) "(?P<agent>.*)"$')
LOG_POSITION_KEY = "visits:log-position"  # (inode, offset) of VISITS_LOG where the last count stopped
LOG_LOCK_KEY = "visits:log-lock"
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|scan|monitor|curl|wget|python|httpclient|http-client|java/|go-http|"
    r"okhttp|headless|lighthouse|preview|facebookexternalhit|wrk|ab/|siege|k6/|locust",
    re.IGNORECASE,
)
PAGE_LABELS = {
    "home": "Inicio",
    "search": "Búsqueda",
    "ballot": "Mi boleta (formulario)",
    "ballot_page": "Mi boleta",
    "ballot_lookup": "Mi boleta (búsqueda de sección)",
    "contest": "Contienda",
    "profile": "Perfil de candidatura",
    "photo": "Fotografía",
    "profile_pdf": "Perfil en PDF",
    "compare": "Comparador",
    "statistics": "Estadísticas",
    "privacy_notice": "Aviso de privacidad",
    "about": "Acerca de",
    "accessibility": "Accesibilidad",
}


def is_robot(user_agent: str) -> bool:
    """An empty user agent or one that names a crawler, a monitor or a command-line client."""
    return not user_agent or bool(ROBOT.search(user_agent))


def public_page(path: str) -> str | None:
    """The URL name of `path` when it is a page of the public site (the page type a visit counts), else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.url_name if match.namespace == "public" else None


def is_visit(page: str, user_agent: str) -> bool:
    """Does a GET answered 200 or 304 of the public page `page` count as a visit?"""
    return page not in NOT_VISITS and not is_robot(user_agent)


def public_pages() -> list[str]:
    """The URL names of the public namespace: the page types counted."""
    resolver = get_resolver().namespace_dict["public"][1]
    return [p.name for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name]


def _key(day: datetime.date, page: str) -> str:
    return f"visits:{day.isoformat()}:{page}"


def count_visit(page: str, day: datetime.date | None = None, visits: int = 1) -> None:
    """`visits` more visits (one) to `page` today or on `day` (in the cache; no database write)."""
    key = _key(day or timezone.localdate(), page)
    try:
        cache.incr(key, visits)
    except ValueError:  # first visit of the day to this page (or the counter expired)
        if not cache.add(key, visits, timeout=COUNTER_DAYS * 86400):
            cache.incr(key, visits)


def count_logged_visits(path: Path | str) -> int:
    """Count the visits nginx logged to `path` since the last call (into the cache, as count_visit); return how
    many. Each line's page type comes from Django's resolver, with the middleware's rules (is_visit).

    Where the last call stopped (the file's inode and offset) is kept in the cache. A new file (after a rotation)
    is read from its start. Without a kept position (a new installation, the cache emptied) an existing file is
    read from its end: a visit may be missed, none is counted twice. Only whole lines are read; one call at a time."""
    path = Path(path)
    if not cache.add(LOG_LOCK_KEY, 1, timeout=300):
        return 0  # another flush is reading it
    try:
        try:
            stat = path.stat()
        except FileNotFoundError:
            cache.set(LOG_POSITION_KEY, (0, 0), timeout=None)  # not written yet: read it from its start
            return 0
        kept = cache.get(LOG_POSITION_KEY)
        if kept is None:
            start = stat.st_size
        elif kept[0] != stat.st_ino or kept[1] > stat.st_size:
            start = 0
        else:
            start = kept[1]
        with path.open("rb") as log:
            log.seek(start)
            data = log.read(stat.st_size - start)
        data = data[: data.rfind(b"\n") + 1]
        counts = Counter()
        for line in data.decode("utf-8", "replace").splitlines():
            match = LOG_LINE.match(line)
            if match is None:
                continue
            page = public_page(urllib.parse.unquote(match["uri"].split("?", 1)[0]))
            if page is None or not is_visit(page, match["agent"]):
                continue
            moment = datetime.datetime.fromtimestamp(float(match["time"]), tz=datetime.UTC)
            counts[(timezone.localdate(moment), page)] += 1
        for (day, page), visits in counts.items():
            count_visit(page, day, visits)
        cache.set(LOG_POSITION_KEY, (stat.st_ino, start + len(data)), timeout=None)
        return sum(counts.values())
    finally:
        cache.delete(LOG_LOCK_KEY)


def pending_visits(today: datetime.date | None = None) -> dict[tuple[datetime.date, str], int]:
    """(day, page) -> visits counted in the cache and not yet flushed (one cache round trip)."""
    today = today or timezone.localdate()
    keys = {
        _key(today - datetime.timedelta(days=n), page): (today - datetime.timedelta(days=n), page)
        for n in range(COUNTER_DAYS)
        for page in public_pages()
    }
    return {keys[key]: int(value) for key, value in cache.get_many(list(keys)).items() if int(value) > 0}


def flush_visits(today: datetime.date | None = None) -> int:
    """Count what nginx logged (VISITS_LOG, when set), then move the cache's counters to DailyVisit; return how many
    visits were moved. Visits counted while this runs stay in the cache for the next flush (the counter is
    decremented by what was read, not reset)."""
    if getattr(settings, "VISITS_LOG", ""):
        count_logged_visits(settings.VISITS_LOG)
    moved = 0
    for (day, page), count in pending_visits(today).items():
        try:
            cache.decr(_key(day, page), count)
        except ValueError:  # expired between the read and now: nothing to move
            continue
        with transaction.atomic():
            if not DailyVisit.objects.filter(day=day, page=page).update(count=F("count") + count):
                try:
                    with transaction.atomic():
                        DailyVisit.objects.create(day=day, page=page, count=count)
                except IntegrityError:  # another flush created the row at the same moment
                    DailyVisit.objects.filter(day=day, page=page).update(count=F("count") + count)
        moved += count
    VisitFlush.objects.update_or_create(pk=1, defaults={"flushed_at": timezone.now(), "visits": moved})
    return moved


def last_flush() -> VisitFlush | None:
    """When the visits were last moved to the database (None: never)."""
    return VisitFlush.objects.filter(pk=1).first()


def visits_summary(today: datetime.date | None = None) -> list[dict]:
    """Per page type: visits today, in the last 7 and 30 days and in total (one aggregate query)."""
    today = today or timezone.localdate()
    week, month = today - datetime.timedelta(days=6), today - datetime.timedelta(days=29)
    rows = (
        DailyVisit.objects.values("page")
        .annotate(
            today=Sum("count", filter=Q(day=today), default=0),
            week=Sum("count", filter=Q(day__gte=week), default=0),
            month=Sum("count", filter=Q(day__gte=month), default=0),
            total=Sum("count", default=0),
        )
        .order_by("-total", "page")
    )
    return [{**row, "label": PAGE_LABELS.get(row["page"], row["page"])} for row in rows]
