"""Everything the statistics page shows, and its cache: the figures of today and the identity figures of the cut."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from conoceles.questionnaires.models import CaptureRules

from .cuts import ROUNDING_BASE, cut_instant, identity_release
from .figures import age_and_sex, capture_progress, education
from .tables import Table


def public_statistics(process, today: datetime.date | None = None, *, now: datetime.datetime | None = None) -> dict:
    """Everything the statistics page shows for `process`, in a fixed number of queries: capture progress and the
    profile tables as of `today`, the identity figures of the cut in force at `now`."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    rules = CaptureRules.objects.filter(process=process).first() or CaptureRules(process=process)
    release = identity_release(process, now)
    return {
        "progress": capture_progress(process, today, rules),
        "profile": [education(process, today, rules), age_and_sex(process, today)],
        "identity": [Table.from_json(t) for t in release.figures["tables"]],
        "consented": release.figures["consented"],
        "k": release.figures["k"],
        "cut_at": release.cut_at,
        "next_cut_at": release.cut_at + datetime.timedelta(days=settings.STATISTICS_CUT_DAYS),
        "rounding_base": ROUNDING_BASE,
    }


def cached_statistics(process) -> dict:
    """public_statistics, computed at most once every STATISTICS_CACHE_SECONDS (default 300) per process and day:
    with 200,000 candidacies they take seconds, and the page cache is invalidated by every capture."""
    now = timezone.now()
    key = f"public:statistics:{process.pk}:{cut_instant(now).isoformat()}:{timezone.localdate(now).isoformat()}"
    return cache.get_or_set(
        key, lambda: public_statistics(process, now=now), getattr(settings, "STATISTICS_CACHE_SECONDS", 300)
    )
