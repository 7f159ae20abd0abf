"""Scheduled cuts with random rounding: the public identity figures cannot be differenced (docs/estadisticas.md).

They change only at scheduled cuts (`cut_instant`, every settings.STATISTICS_CUT_DAYS days at midnight), each cut's
figures randomly rounded to a multiple of 5 (`random_round`) and kept unchanged (`identity_release`). Publishing one
candidacy changes no identity figure until the next cut, and then by a random amount among everything else that
changed.
"""

import datetime
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import IdentityStatisticsRelease
from .figures import identity_tables

ROUNDING_BASE = 5
CUT_ANCHOR = datetime.date(2024, 1, 1)  # a Monday: with cuts every 7 days, every Monday at midnight


def random_round(value: int, rng, base: int = ROUNDING_BASE) -> int:
    """Unbiased random rounding to a multiple of `base` (as census offices publish counts): a multiple stays; any
    other value goes up to the next multiple with probability remainder/base, else down, so its expected value is the
    true one and no published figure tells the true one."""
    remainder = value % base
    if remainder == 0:
        return value
    return value - remainder + (base if rng.random() < remainder / base else 0)


def cut_instant(now: datetime.datetime) -> datetime.datetime:
    """The scheduled cut in force at `now`: midnight (local time) of the latest day that is a whole number of
    settings.STATISTICS_CUT_DAYS days after CUT_ANCHOR."""
    today = timezone.localdate(now)
    day = today - datetime.timedelta(days=(today - CUT_ANCHOR).days % settings.STATISTICS_CUT_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def identity_release(process, now: datetime.datetime | None = None, *, rng=None):
    """The public identity figures of the cut in force at `now`: computed the first time they are asked for after the
    cut (from the data of that moment, rounded with fresh randomness, `rng` for tests) and then never again."""
    now = now or timezone.now()
    cut_at = cut_instant(now)
    release = IdentityStatisticsRelease.objects.filter(process=process, cut_at=cut_at).first()
    if release is not None:
        return release
    rng = rng or secrets.SystemRandom()
    k = settings.STATISTICS_MIN_CELL
    tables, consented = identity_tables(process, timezone.localdate(now), k, lambda n: random_round(n, rng))
    figures = {"tables": [t.to_json() for t in tables], "consented": consented, "k": k}
    try:
        with transaction.atomic():
            return IdentityStatisticsRelease.objects.create(process=process, cut_at=cut_at, figures=figures)
    except IntegrityError:  # another request made this cut's release at the same moment: that one is the release
        return IdentityStatisticsRelease.objects.get(process=process, cut_at=cut_at)
