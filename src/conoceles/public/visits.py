"""Visits to the public site (DOMAIN.md §9): one aggregate count per page type and day, and nothing else.

No IP address, cookie, user agent or any identifier is stored. A visit is one `incr` of a counter in the shared
cache (atomic in Redis), so a request never writes to the database; `flush_visits` (the `flush_visits` command,
run every few minutes by cron, and the staff view of the statistics page) moves the counters to DailyVisit.
Obvious robots (by their user agent) are not counted.
"""

import datetime
import re

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from .models import DailyVisit

# Counters live this long in the cache: the flush must run more often than this (cron every few minutes).
COUNTER_DAYS = 8
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


def public_pages() -> list[str]:
    """The URL names of the public namespace: the page types counted."""
    resolver = get_resolver().namespace_dict["public"][1]
    return [p.name for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name]


def _key(day: datetime.date, page: str) -> str:
    return f"visits:{day.isoformat()}:{page}"


def count_visit(page: str, day: datetime.date | None = None) -> None:
    """One more visit to `page` today (in the cache; no database write)."""
    key = _key(day or timezone.localdate(), page)
    try:
        cache.incr(key)
    except ValueError:  # first visit of the day to this page (or the counter expired)
        if not cache.add(key, 1, timeout=COUNTER_DAYS * 86400):
            cache.incr(key)


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
    """Move the cache's counters to DailyVisit; return how many visits were moved. Visits counted while this runs
    stay in the cache for the next flush (the counter is decremented by what was read, not reset)."""
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
    return moved


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
