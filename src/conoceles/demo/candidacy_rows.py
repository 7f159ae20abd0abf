"""The demo's candidacy files: the first batch of approved candidacies and the later batch of substitutions.

Rows are produced lazily (a 200,000-candidacy demo never sits in memory); the same seed gives the same rows.
"""

import datetime
import math
import random
from collections.abc import Iterable, Iterator

from conoceles.core.text import fold

from . import catalog_data
from .catalog_data import ELECTION_DAY
from .people import People, Person
from .places import CARGO_NAME
from .seats import Seat, all_seats
from .sizes import DemoSize, natural_candidacy_count, natural_rows_by_cargo

CANDIDACY_HEADER = [
    "ID_REGISTRO",
    "CARGO",
    "DISTRITO",
    "MUNICIPIO",
    "CIRCUNSCRIPCION",
    "ACTOR",
    "NUM_LISTA_O_FORMULA",
    "TIPO_CANDIDATO",
    "NOMBRE",
    "PRIMER_APELLIDO",
    "SEGUNDO_APELLIDO",
    "SEXO",
    "FECHA_NACIMIENTO",
    "EDAD",
    "ACCION_AFIRMATIVA",
    "ELECCION_CONSECUTIVA",
    "ESTATUS",
    "SUSTITUYE_A",
    "CORREO",
]
# Column positions in a candidacy row, for readers of the rows (tests, substitutions).
COL = {name: index for index, name in enumerate(CANDIDACY_HEADER)}
SUBSTITUTIONS = 5


def _alternate_sex(owner_sex: str, rng: random.Random) -> str:
    """Same sex as the owner, mostly: a man's alternate may be a woman, never the other way round."""
    if owner_sex == "H":
        return "M" if rng.random() < 0.1 else "H"
    if owner_sex == "X":
        return rng.choice(["X", "X", "M", "H"])
    return "M"


def _formula_rows(seats: Iterable[Seat], people: People) -> Iterator[tuple[Seat, list[list[str]]]]:
    """Each fórmula with its rows (owner, then alternate), numbered in stream order."""
    number = 0
    for seat in seats:
        number += 1
        independent = seat.independent
        if independent is not None and seat.cargo in ("DIP_MR", "PM"):
            owner_person = Person(
                independent.first_name,
                independent.last_name,
                independent.second_last_name,
                independent.sex,
                *_independent_age(independent),
                "",
                False,
            )
            owner = people.row(seat, True, independent.sex, number, owner_person)
        else:
            owner = people.row(seat, True, seat.sex, number)
        if not seat.alternate:
            yield seat, [owner]
            continue
        number += 1
        owner_sex = owner[COL["SEXO"]]
        sex = _alternate_sex({"MUJER": "M", "HOMBRE": "H"}.get(owner_sex, "X"), people.rng)
        yield seat, [owner, people.row(seat, False, sex, number)]


def _independent_age(independent: catalog_data.IndependentFact) -> tuple[int, datetime.date]:
    age = 38 + len(independent.acronym) % 11
    return age, ELECTION_DAY.replace(year=ELECTION_DAY.year - age, month=1, day=15)


def candidacy_rows(size: DemoSize) -> tuple[list[str], Iterable[list[str]]]:
    """The first batch of approved candidacies: exactly `size.candidacies` rows when a target is set."""
    people = People(random.Random(f"{size.seed}:people"))
    formulas = _formula_rows(all_seats(size), people)
    if size.reduced:
        rows = _sample(formulas, size.candidacies, random.Random(f"{size.seed}:sample"))
    else:
        rows = _trim((row for _, formula in formulas for row in formula), size.candidacies)
    return list(CANDIDACY_HEADER), rows


def _trim(rows: Iterator[list[str]], limit: int | None) -> Iterator[list[str]]:
    if limit is None:
        yield from rows
        return
    for count, row in enumerate(rows, start=1):
        yield row
        if count >= limit:
            return


def _sample_quotas(wanted: int) -> dict[str, int]:
    """How many rows of each cargo a sample of `wanted` rows takes: every cargo shows up, the big ones more.

    Shares follow the square root of each cargo's size; quotas of cargos with alternates stay even so
    that fórmulas stay whole (except, at most, one).
    """
    totals = natural_rows_by_cargo()
    weights = {cargo: math.sqrt(total) for cargo, total in totals.items()}
    step = {cargo: 1 if cargo == "GUB" else 2 for cargo in totals}
    quotas = {}
    for cargo, total in totals.items():
        share = int(wanted * weights[cargo] / sum(weights.values()))
        quotas[cargo] = min(total, share - share % step[cargo])
    left = wanted - sum(quotas.values())
    while left > 0:
        for cargo in sorted(totals, key=lambda c: quotas[c] / weights[c]):
            add = min(step[cargo], left, totals[cargo] - quotas[cargo])
            if add > 0:
                quotas[cargo] += add
                left -= add
                break
    return quotas


def _sample(formulas: Iterator[tuple[Seat, list[list[str]]]], wanted: int, rng: random.Random):
    """Exactly `wanted` rows spread over the whole demo, keeping fórmulas whole.

    Selection sampling within each cargo: a fórmula is taken with probability (rows still wanted) /
    (rows still to come), and surely when skipping it would leave too few rows to come.
    """
    wanted_by_cargo = _sample_quotas(wanted)
    remaining = dict(natural_rows_by_cargo())
    for seat, formula in formulas:
        need = wanted_by_cargo[seat.cargo]
        size = len(formula)
        take = need > 0 and (
            rng.random() * remaining[seat.cargo] < need or need > remaining[seat.cargo] - size
        )
        remaining[seat.cargo] -= size
        if take:
            yield from formula[:need]
            wanted_by_cargo[seat.cargo] -= min(size, need)


def substitution_rows(size: DemoSize) -> tuple[list[str], Iterable[list[str]]]:
    """The later batch: new people replacing five earlier candidacies in the same seat.

    They replace candidacies of the natural part of the first batch (or of the sample), in different
    cargos where it has them; each substitute keeps the replaced person's sex and acción afirmativa.
    """
    _, first_batch = candidacy_rows(size)
    limit = natural_candidacy_count()
    candidates = [row for _, row in zip(range(limit), first_batch, strict=False)]
    rng = random.Random(f"{size.seed}:substitutions")
    chosen: list[list[str]] = []
    for cargo in ("DIP_MR", "REG", "DIP_RP", "SIN", "PM", *([""] * SUBSTITUTIONS)):
        pool = [
            row
            for row in candidates
            if (not cargo or cargo_code(row[COL["CARGO"]]) == cargo)
            and row not in chosen
            and not row[COL["ACTOR"]].startswith("CI-")
        ]
        if pool and len(chosen) < SUBSTITUTIONS:
            chosen.append(rng.choice(pool))
    people = People(rng)
    first_new = size.capacity  # after every number the first batch may use
    rows = []
    for index, old in enumerate(chosen, start=1):
        sex = {"MUJER": "M", "HOMBRE": "H"}.get(old[COL["SEXO"]], "X")
        cargo = cargo_code(old[COL["CARGO"]])
        group = old[COL["ACCION_AFIRMATIVA"]] if old[COL["ACCION_AFIRMATIVA"]] != "No aplica" else ""
        person = people.person(sex, cargo, group=group)
        person = person._replace(sex=sex)
        new = list(old)
        new[COL["ID_REGISTRO"]] = f"{catalog_data.REGISTRATION_PREFIX}{first_new + index:06d}"
        new[COL["NOMBRE"]] = person.first_name
        new[COL["PRIMER_APELLIDO"]] = person.last_name
        new[COL["SEGUNDO_APELLIDO"]] = person.second_last_name
        new[COL["FECHA_NACIMIENTO"]] = person.birth_date.isoformat()
        new[COL["EDAD"]] = ""
        new[COL["ELECCION_CONSECUTIVA"]] = "NO"
        new[COL["ESTATUS"]] = "APROBADA"
        new[COL["SUSTITUYE_A"]] = old[COL["ID_REGISTRO"]]
        new[COL["CORREO"]] = ""
        rows.append(new)
    return list(CANDIDACY_HEADER), rows


def cargo_code(cell: str) -> str:
    by_name = {fold(name).upper(): code for code, name in CARGO_NAME.items()}
    return by_name.get(cell, cell)
