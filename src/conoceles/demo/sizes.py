"""How big the demo is (`DemoSize.for_candidacies`), and how many candidacy rows each part of it has.

- no target: the natural demo, Quintana Roo's 11 municipalities and 15 districts (about 2,200 candidacies);
- a target below the natural size: a reduced sample, with two secciones per district and municipality and
  a spread-out selection of exactly that many candidacies (the files in docs/formatos/);
- a target above it: the natural demo plus synthetic municipalities (keys 23012…23999) with their own
  districts, contests and secciones, trimmed to exactly that many candidacies.
"""

import math
from dataclasses import dataclass
from functools import cache

from .places import MAX_DISTRICTS_PER_SYNTHETIC, MAX_SYNTHETIC_MUNICIPALITIES, SYNTHETIC_COUNCILLORS, SYNTHETIC_SYNDICS
from .seats import Parity, actors_for, real_seats

DEFAULT_SEED = 2027


@dataclass(frozen=True)
class DemoSize:
    """How big the demo is; build it with `for_candidacies`."""

    candidacies: int | None = None  # exact number of rows in the first candidacies batch; None: natural
    synthetic_municipalities: int = 0
    districts_per_synthetic: int = 1
    reduced: bool = False  # below the natural size: two secciones per place and a sample of candidacies
    seed: int = DEFAULT_SEED

    @classmethod
    def for_candidacies(cls, candidacies: int | None = None, *, seed: int = DEFAULT_SEED) -> "DemoSize":
        natural = natural_candidacy_count()
        if candidacies is None:
            return cls(seed=seed)
        if candidacies < 1:
            raise ValueError("El número de candidaturas debe ser positivo.")
        if candidacies < natural:
            return cls(candidacies=candidacies, reduced=True, seed=seed)
        extra = candidacies - natural
        if extra == 0:
            return cls(candidacies=candidacies, seed=seed)
        for per_district in range(1, MAX_DISTRICTS_PER_SYNTHETIC + 1):
            municipalities = math.ceil(extra / synthetic_rows_per_municipality(per_district))
            if municipalities <= MAX_SYNTHETIC_MUNICIPALITIES:
                return cls(candidacies, municipalities, per_district, seed=seed)
        raise ValueError(f"La demostración genera como máximo {max_candidacies():,} candidaturas.")

    @property
    def synthetic_districts(self) -> int:
        return self.synthetic_municipalities * self.districts_per_synthetic

    @property
    def capacity(self) -> int:
        """Candidacy rows before trimming: the natural ones plus the synthetic municipalities'."""
        per_municipality = synthetic_rows_per_municipality(self.districts_per_synthetic)
        return natural_candidacy_count() + self.synthetic_municipalities * per_municipality


def max_candidacies() -> int:
    per_municipality = synthetic_rows_per_municipality(MAX_DISTRICTS_PER_SYNTHETIC)
    return natural_candidacy_count() + MAX_SYNTHETIC_MUNICIPALITIES * per_municipality


@cache
def natural_candidacy_count() -> int:
    """Candidacy rows of the natural demo (owners plus alternates), without substitutions."""
    return sum(1 + seat.alternate for seat in real_seats(Parity(DEFAULT_SEED)))


def synthetic_rows_per_municipality(districts: int) -> int:
    actors = len(actors_for("PM", synthetic=True))
    return 2 * actors * (districts + 1 + SYNTHETIC_SYNDICS + SYNTHETIC_COUNCILLORS)


@cache
def natural_rows_by_cargo() -> dict[str, int]:
    totals: dict[str, int] = {}
    for seat in real_seats(Parity(DEFAULT_SEED)):
        totals[seat.cargo] = totals.get(seat.cargo, 0) + 1 + seat.alternate
    return totals
