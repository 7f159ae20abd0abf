"""The ARCO deadline arithmetic (conoceles.arco.business_days): 20 business days from receipt, skipping weekends,
the holidays of LFT art. 74 and the institute's non-working days."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conoceles.arco.business_days import (
    add_business_days,
    business_days_between,
    is_business_day,
    official_holidays,
)
from conoceles.arco.models import NonWorkingDay
from conoceles.arco.services import deadline_for

D = datetime.date
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31))
extra_days = st.frozensets(dates, max_size=15)


def test_the_holidays_of_2024_and_2027():
    assert official_holidays(2024) == {
        D(2024, 1, 1),
        D(2024, 2, 5),  # first Monday of February
        D(2024, 3, 18),  # third Monday of March
        D(2024, 5, 1),
        D(2024, 9, 16),
        D(2024, 10, 1),  # transmisión del Poder Ejecutivo Federal
        D(2024, 11, 18),  # third Monday of November
        D(2024, 12, 25),
    }
    holidays_2027 = official_holidays(2027)
    assert D(2027, 2, 1) in holidays_2027 and D(2027, 3, 15) in holidays_2027 and D(2027, 11, 15) in holidays_2027
    assert D(2027, 10, 1) not in holidays_2027  # only every six years
    assert D(2030, 10, 1) in official_holidays(2030)


def test_a_known_deadline_over_a_weekend_and_holidays():
    # Received Monday 26 April 2027: 1 May is a Saturday that year, so only weekends count.
    assert add_business_days(D(2027, 4, 26), 20) == D(2027, 5, 24)
    # Received Friday 12 March 2027: Monday 15 March (Juárez) is skipped.
    assert add_business_days(D(2027, 3, 12), 1) == D(2027, 3, 16)
    # The same with an institute day off on Tuesday 16 March.
    assert add_business_days(D(2027, 3, 12), 1, {D(2027, 3, 16)}) == D(2027, 3, 17)
    # Received on a Saturday: counting starts on Monday.
    assert add_business_days(D(2027, 5, 8), 1) == D(2027, 5, 10)


@given(start=dates, days=st.integers(min_value=0, max_value=40), non_working=extra_days)
def test_the_deadline_is_exactly_that_many_business_days_later(start, days, non_working):
    end = add_business_days(start, days, non_working)
    assert end >= start
    assert business_days_between(start, end, non_working) == days
    if days:
        assert is_business_day(end, non_working)
        assert end.weekday() < 5 and end not in official_holidays(end.year) and end not in non_working
        # the day before the deadline leaves one business day fewer
        assert business_days_between(start, end - datetime.timedelta(days=1), non_working) == days - 1


@given(start=dates, days=st.integers(min_value=1, max_value=30), non_working=extra_days, extra=dates)
def test_a_non_working_day_never_brings_a_deadline_forward(start, days, non_working, extra):
    assert add_business_days(start, days, non_working | {extra}) >= add_business_days(start, days, non_working)


@given(a=dates, b=dates)
def test_counting_backwards_is_the_negative(a, b):
    assert business_days_between(a, b) == -business_days_between(b, a)


@pytest.mark.django_db
def test_the_institute_non_working_days_count(db):
    received = D(2027, 3, 12)
    assert deadline_for(received) == add_business_days(received, 20)
    NonWorkingDay.objects.create(date=D(2027, 3, 17), description="Acuerdo del Consejo General")
    assert deadline_for(received) == add_business_days(received, 20) + datetime.timedelta(days=1)
