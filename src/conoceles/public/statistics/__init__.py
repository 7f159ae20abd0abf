"""The public statistics (DOMAIN.md §8, §6): capture progress, grado, age, sex, the seven groups and income.

Split by what each part computes; import from here: ``from conoceles.public.statistics import public_statistics``.

- tables: the tables as the template shows them, and small-cell suppression (`suppress`, THE function);
- figures: every figure, one GROUP BY in the database (a fixed number of queries whatever the number of
  candidacies);
- cuts: the scheduled cuts with random rounding that publish the identity figures;
- page: everything the statistics page shows, and its cache.

What may be counted follows §6:

- grado, age and sex count only published candidacies (review.publication), and grado only where the education
  rubro is public;
- the seven groups and income count only answers of published candidacies whose consent in force to statistical
  use (item 3) is yes, plus the affirmative-action group each candidacy was registered under (public by ruling);
- identity cross-tabulations go through `suppress`, so that no cell of 1 to k−1 candidacies is shown nor can be
  recovered by subtracting from a total (k = settings.STATISTICS_MIN_CELL, default 5);
- and the public identity figures cannot be differenced (docs/estadisticas.md): they change only at scheduled cuts
  (`cut_instant`, every settings.STATISTICS_CUT_DAYS days at midnight), each cut's figures randomly rounded to a
  multiple of 5 (`random_round`) and kept unchanged (`identity_release`). Publishing one candidacy changes no
  identity figure until the next cut, and then by a random amount among everything else that changed.
"""

from .cuts import CUT_ANCHOR, ROUNDING_BASE, cut_instant, identity_release, random_round
from .figures import (
    EDUCATION_RUBRO,
    INCOME_QUESTION_NUMBER,
    PROGRESS_FIELDS,
    age_and_sex,
    capture_progress,
    curricular_complete_q,
    education,
    groups,
    identity_tables,
    income,
)
from .page import cached_statistics, public_statistics
from .tables import SEXES, Cell, Row, Table, suppress

__all__ = [
    "CUT_ANCHOR",
    "EDUCATION_RUBRO",
    "INCOME_QUESTION_NUMBER",
    "PROGRESS_FIELDS",
    "ROUNDING_BASE",
    "SEXES",
    "Cell",
    "Row",
    "Table",
    "age_and_sex",
    "cached_statistics",
    "capture_progress",
    "curricular_complete_q",
    "cut_instant",
    "education",
    "groups",
    "identity_release",
    "identity_tables",
    "income",
    "public_statistics",
    "random_round",
    "suppress",
]
