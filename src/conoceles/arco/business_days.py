"""Business days for the ARCO deadlines (LGPDPPSO art. 51: 20 business days from receipt, extendable once by up to
10 more). A business day is Monday to Friday, not an official holiday of the Ley Federal del Trabajo (art. 74) and
not a day the institute declared non-working (conoceles.arco.models.NonWorkingDay).

`add_business_days` is THE deadline arithmetic; everything else asks it."""

import datetime
from collections.abc import Collection
from functools import cache

SATURDAY = 5
TRANSFER_OF_POWER_FIRST_YEAR = 2024  # 1 October every six years (LFT art. 74, fracción IV, reformed 2014)


def _nth_monday(year: int, month: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    first_monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + datetime.timedelta(weeks=n - 1)


@cache
def official_holidays(year: int) -> frozenset[datetime.date]:
    """The mandatory rest days of LFT art. 74 that fall on a fixed or computable date in `year`."""
    days = {
        datetime.date(year, 1, 1),
        _nth_monday(year, 2, 1),  # Constitución
        _nth_monday(year, 3, 3),  # natalicio de Benito Juárez
        datetime.date(year, 5, 1),
        datetime.date(year, 9, 16),
        _nth_monday(year, 11, 3),  # Revolución
        datetime.date(year, 12, 25),
    }
    if year >= TRANSFER_OF_POWER_FIRST_YEAR and (year - TRANSFER_OF_POWER_FIRST_YEAR) % 6 == 0:
        days.add(datetime.date(year, 10, 1))
    return frozenset(days)


def is_business_day(day: datetime.date, non_working: Collection[datetime.date] = ()) -> bool:
    return day.weekday() < SATURDAY and day not in official_holidays(day.year) and day not in non_working


def add_business_days(start: datetime.date, days: int, non_working: Collection[datetime.date] = ()) -> datetime.date:
    """The `days`-th business day after `start` (the day of receipt is not counted, whatever it is)."""
    if days < 0:
        raise ValueError("days must be zero or more")
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_business_day(day, non_working):
            counted += 1
    return day


def business_days_between(start: datetime.date, end: datetime.date, non_working: Collection[datetime.date] = ()) -> int:
    """Business days in (start, end]; when `end` is before `start`, minus those in (end, start]."""
    if end < start:
        return -business_days_between(end, start, non_working)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_business_day(day, non_working):
            count += 1
    return count
