"""A deterministic generator of a realistic Quintana Roo local election, as rows in the import formats.

`batches(size)` gives the whole demo in import order. Every row function returns `(header, rows)`: the header
exactly as docs/importacion.md names the columns and the rows as lists of text cells, produced lazily (a
200,000-candidacy demo never sits in memory). The same seed gives the same rows. The parts:

- `sizes`: how big the demo is (`DemoSize.for_candidacies`): natural, a reduced sample or with synthetic places;
- `places`: geography, cargos, contests and political actors;
- `seats`: who runs where, with the sex parity asks for;
- `people`: names, ages and acción afirmativa of each candidacy;
- `candidacy_rows`: the first batch of candidacies and the later batch of substitutions.
"""

from collections.abc import Iterable
from typing import NamedTuple

from .candidacy_rows import candidacy_rows, substitution_rows
from .places import actor_rows, cargo_rows, contest_rows, geography_rows
from .sizes import DEFAULT_SEED, DemoSize


class Batch(NamedTuple):
    kind: str  # the import kind: geography, cargos, contests, actors, candidacies
    label: str  # what the progress line calls it, in Spanish
    header: list[str]
    rows: Iterable[list[str]]


def generate(candidacies: int | None = None, *, seed: int = DEFAULT_SEED) -> list[Batch]:
    """The demo as import batches, in import order; the rows are produced lazily as they are read."""
    size = DemoSize.for_candidacies(candidacies, seed=seed)
    return batches(size)


def batches(size: DemoSize) -> list[Batch]:
    return [
        Batch("geography", "Geografía", *geography_rows(size)),
        Batch("cargos", "Cargos", *cargo_rows()),
        Batch("contests", "Contiendas", *contest_rows(size)),
        Batch("actors", "Actores políticos", *actor_rows()),
        Batch("candidacies", "Candidaturas", *candidacy_rows(size)),
        Batch("candidacies", "Sustituciones", *substitution_rows(size)),
    ]
