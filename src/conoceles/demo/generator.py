"""A deterministic generator of a realistic Quintana Roo local election, as rows in the import formats.

Every function returns `(header, rows)`: the header exactly as docs/importacion.md names the columns and
the rows as lists of text cells, produced lazily (a 200,000-candidacy demo never sits in memory). The
same seed gives the same rows.

Sizes (`DemoSize.for_candidacies`):
- no target: the natural demo, Quintana Roo's 11 municipalities and 15 districts (about 2,200 candidacies);
- a target below the natural size: a reduced sample, with two secciones per district and municipality and
  a spread-out selection of exactly that many candidacies (the files in docs/formatos/);
- a target above it: the natural demo plus synthetic municipalities (keys 23012…23999) with their own
  districts, contests and secciones, trimmed to exactly that many candidacies.
"""

import datetime
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from conoceles.core.text import fold

from . import catalog_data as data

DEFAULT_SEED = 2027

DEMO_PROCESS = {
    "name": "Proceso Electoral Local Ordinario 2027",
    "entity": data.ENTITY,
    "election_day": datetime.date(2027, 6, 6),
    "capture_deadline": datetime.date(2027, 4, 30),
}
ELECTION_DAY = DEMO_PROCESS["election_day"]

GEOGRAPHY_HEADER = ["SECCION", "DISTRITO", "CABECERA", "CLAVE_MUNICIPIO", "MUNICIPIO"]
CARGO_HEADER = ["CLAVE", "CARGO", "AMBITO", "ORDEN", "INICIO_PUBLICACION", "FIN_PUBLICACION"]
CONTEST_HEADER = ["CARGO", "DISTRITO", "MUNICIPIO", "CIRCUNSCRIPCION", "NOMBRE"]
ACTOR_HEADER = ["SIGLAS", "NOMBRE", "TIPO", "COLOR", "INTEGRANTES", "CORREO", "ORDEN"]
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

# Synthetic municipalities for large demos: keys 23012…23999, a planilla of fixed size, and as many
# districts each as needed to reach the target (district numbers stay below 32,767).
FIRST_SYNTHETIC_CODE = 12
MAX_SYNTHETIC_MUNICIPALITIES = 999 - FIRST_SYNTHETIC_CODE + 1
MAX_DISTRICTS_PER_SYNTHETIC = (32_767 - len(data.DISTRICTS)) // MAX_SYNTHETIC_MUNICIPALITIES
SYNTHETIC_SYNDICS = 1
SYNTHETIC_COUNCILLORS = 10
REDUCED_SECTIONS_PER_PLACE = 2
SUBSTITUTIONS = 5

CARGO_NAME = {c.code: c.name for c in data.CARGOS}
SEX_WORD = {"M": "MUJER", "H": "HOMBRE", "X": "NO BINARIO"}
OWNER_WORD = {"M": "PROPIETARIA", "H": "PROPIETARIO", "X": "PROPIETARIO"}
ALTERNATE_WORD = "SUPLENTE"
NON_BINARY_SHARE = 0.005
CONSECUTIVE_SHARE = 0.10
EMAIL_SHARE = 0.35
AGE_ONLY_SHARE = 0.03


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


# ---------------------------------------------------------------------------------------------------------
# Geography, cargos, contests and actors
# ---------------------------------------------------------------------------------------------------------


class Place(NamedTuple):
    """A municipality with its districts, as the generator walks them (real and synthetic alike)."""

    key: str
    name: str
    districts: list[tuple[int, str, int]]  # (number, cabecera, secciones of this municipality in it)
    syndics: int
    councillors: int
    synthetic: bool


def _real_places(reduced: bool) -> Iterator[Place]:
    for municipality in data.MUNICIPALITIES:
        districts = [
            (d.number, d.head_town, REDUCED_SECTIONS_PER_PLACE if reduced else d.sections[municipality.key])
            for d in data.DISTRICTS
            if municipality.key in d.sections
        ]
        yield Place(
            municipality.key,
            municipality.name,
            districts,
            municipality.syndics,
            municipality.councillors,
            False,
        )


def _synthetic_places(size: DemoSize) -> Iterator[Place]:
    per = size.districts_per_synthetic
    for index in range(size.synthetic_municipalities):
        code = FIRST_SYNTHETIC_CODE + index
        name = f"Municipio sintético {code:04d}"
        first = len(data.DISTRICTS) + 1 + index * per
        districts = [(first + j, name, 2 + (index + j) % 3) for j in range(per)]
        yield Place(
            f"{data.ENTITY}{code:03d}", name, districts, SYNTHETIC_SYNDICS, SYNTHETIC_COUNCILLORS, True
        )


def _places(size: DemoSize) -> Iterator[Place]:
    yield from _real_places(size.reduced)
    yield from _synthetic_places(size)


def _district_label(number: int, head_town: str) -> str:
    """The messy spelling real files use: '15-CHETUMAL'."""
    return f"{number}-{fold(head_town).upper()}"


def geography_rows(size: DemoSize) -> tuple[list[str], Iterable[list[str]]]:
    """One row per sección, numbered contiguously, grouped by municipality and district."""

    def rows():
        rng = random.Random(f"{size.seed}:geography")
        section = 0
        for place in _places(size):
            for number, head_town, sections in place.districts:
                for _ in range(sections):
                    section += 1
                    district = _district_label(number, head_town) if rng.random() < 0.3 else str(number)
                    key = place.key[2:] if rng.random() < 0.1 else place.key
                    yield [str(section), district, head_town, key, place.name]

    return list(GEOGRAPHY_HEADER), rows()


def section_count(size: DemoSize) -> int:
    return sum(sections for place in _places(size) for _, _, sections in place.districts)


def cargo_rows() -> tuple[list[str], Iterable[list[str]]]:
    rows = [[c.code, c.name, c.scope, str(c.order), c.publication_start, ""] for c in data.CARGOS]
    return list(CARGO_HEADER), rows


def _district_contest_name(number: int, head_town: str) -> str:
    return f"{CARGO_NAME['DIP_MR']} – Distrito {number} ({head_town})"


def contest_rows(size: DemoSize) -> tuple[list[str], Iterable[list[str]]]:
    """GUB, one DIP_MR per district, one DIP_RP list, and PM, SIN and REG per municipality."""

    def municipal(place: Place):
        for code in ("PM", "SIN", "REG"):
            yield [code, "", place.key, "", f"{CARGO_NAME[code]} – {place.name}"]

    def rows():
        yield ["GUB", "", "", "", f"{CARGO_NAME['GUB']} de {data.ENTITY_NAME}"]
        for district in data.DISTRICTS:
            yield [
                "DIP_MR",
                str(district.number),
                "",
                "",
                _district_contest_name(district.number, district.head_town),
            ]
        yield ["DIP_RP", "", "", "", f"{CARGO_NAME['DIP_RP']} – Lista estatal"]
        for place in _real_places(size.reduced):
            yield from municipal(place)
        for place in _synthetic_places(size):
            for number, head_town, _ in place.districts:
                yield ["DIP_MR", str(number), "", "", _district_contest_name(number, head_town)]
            yield from municipal(place)

    return list(CONTEST_HEADER), rows()


def contest_count(size: DemoSize) -> int:
    return (
        2
        + len(data.DISTRICTS)
        + 3 * len(data.MUNICIPALITIES)
        + size.synthetic_districts
        + 3 * (size.synthetic_municipalities)
    )


def actor_rows() -> tuple[list[str], Iterable[list[str]]]:
    """Parties, then coalitions and the candidatura común, then the candidaturas independientes."""
    rows = []
    for party in data.PARTIES:
        email = f"representacion.{party.acronym.lower()}@example.org"
        rows.append([party.acronym, party.name, "partido", party.color, "", email, str(len(rows) + 1)])
    separators = [", ", "/", "-"]
    for index, alliance in enumerate(data.ALLIANCES):
        members = separators[index % len(separators)].join(alliance.members)
        email = f"{fold(alliance.acronym).replace('-', '.')}@example.org"
        rows.append(
            [
                alliance.acronym,
                alliance.name,
                alliance.kind,
                alliance.color,
                members,
                email,
                str(len(rows) + 1),
            ]
        )
    for independent in data.INDEPENDENTS:
        name = " ".join((independent.first_name, independent.last_name, independent.second_last_name))
        email = f"{fold(independent.acronym).replace('-', '.')}@example.net"
        rows.append(
            [
                independent.acronym,
                name,
                "candidatura independiente",
                independent.color,
                "",
                email,
                str(len(rows) + 1),
            ]
        )
    return list(ACTOR_HEADER), rows


# ---------------------------------------------------------------------------------------------------------
# Who runs where: fórmulas (seats) with the sex parity asks for
# ---------------------------------------------------------------------------------------------------------


class Seat(NamedTuple):
    """One fórmula: an owner and (except for Gubernatura) an alternate."""

    cargo: str
    district: int | None
    municipality: Place | None
    actor: str
    number: int
    sex: str  # the owner's sex parity asks for: M or H
    alternate: bool
    independent: data.IndependentFact | None


def _actors_for(
    cargo: str, district: int | None = None, municipality: str | None = None, synthetic: bool = False
) -> list[str]:
    """The actors on a ballot, in ballot order: an alliance takes its first member's place."""
    if cargo == "DIP_RP":
        return [p.acronym for p in data.PARTIES]
    covering = []
    for alliance in data.ALLIANCES:
        if cargo == "GUB":
            covered = alliance.governor
        elif synthetic:
            covered = alliance.kind == "coalición"
        elif district is not None:
            covered = alliance.districts is None or district in alliance.districts
        else:
            covered = alliance.municipalities is None or municipality in alliance.municipalities
        if covered:
            covering.append(alliance)
    actors = []
    for party in data.PARTIES:
        alliance = next((a for a in covering if party.acronym in a.members), None)
        acronym = alliance.acronym if alliance else party.acronym
        if acronym not in actors:
            actors.append(acronym)
    if not synthetic:
        for independent in data.INDEPENDENTS:
            place = str(district) if district is not None else municipality
            runs_here = independent.cargo == cargo or (independent.cargo == "PM" and cargo in ("SIN", "REG"))
            if runs_here and independent.place == place:
                actors.append(independent.acronym)
    return actors


def _other(sex: str) -> str:
    return "H" if sex == "M" else "M"


class _Parity:
    """Alternates women and men across each actor's contests (horizontal parity)."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:parity")
        self.counters: dict[tuple[str, str], int] = {}
        self.offsets: dict[str, int] = {}

    def next(self, actor: str, cargo: str) -> str:
        if actor not in self.offsets:
            self.offsets[actor] = self.rng.randrange(2)
        count = self.counters.get((actor, cargo), 0)
        self.counters[actor, cargo] = count + 1
        return "M" if (count + self.offsets[actor]) % 2 == 0 else "H"


def _independent_for(actor: str) -> data.IndependentFact | None:
    return next((i for i in data.INDEPENDENTS if i.acronym == actor), None)


def _district_seats(number: int, parity: _Parity, synthetic: bool) -> Iterator[Seat]:
    for actor in _actors_for("DIP_MR", district=number, synthetic=synthetic):
        independent = _independent_for(actor)
        sex = independent.sex if independent else parity.next(actor, "DIP_MR")
        yield Seat("DIP_MR", number, None, actor, 1, sex, True, independent)


def _ayuntamiento_seats(place: Place, parity: _Parity) -> Iterator[Seat]:
    """The planilla of each actor: PM, SIN 1..n, REG 1..n, alternating sexes down the planilla."""
    for actor in _actors_for("PM", municipality=place.key, synthetic=place.synthetic):
        independent = _independent_for(actor)
        sex = independent.sex if independent else parity.next(actor, "PM")
        yield Seat("PM", None, place, actor, 1, sex, True, independent)
        sequence = [("SIN", n) for n in range(1, place.syndics + 1)]
        sequence += [("REG", n) for n in range(1, place.councillors + 1)]
        for position, (cargo, number) in enumerate(sequence, start=1):
            yield Seat(
                cargo, None, place, actor, number, sex if position % 2 == 0 else _other(sex), True, None
            )


def _real_seats(parity: _Parity) -> Iterator[Seat]:
    for actor in _actors_for("GUB"):
        yield Seat("GUB", None, None, actor, 1, parity.next(actor, "GUB"), False, None)
    for district in data.DISTRICTS:
        yield from _district_seats(district.number, parity, synthetic=False)
    for party in data.PARTIES:
        head = parity.next(party.acronym, "DIP_RP")
        for number in range(1, data.RP_LIST_LENGTH + 1):
            yield Seat(
                "DIP_RP", None, None, party.acronym, number, head if number % 2 else _other(head), True, None
            )
    for place in _real_places(reduced=False):
        yield from _ayuntamiento_seats(place, parity)


def _synthetic_seats(size: DemoSize, parity: _Parity) -> Iterator[Seat]:
    for place in _synthetic_places(size):
        for number, _, _ in place.districts:
            yield from _district_seats(number, parity, synthetic=True)
        yield from _ayuntamiento_seats(place, parity)


@cache
def natural_candidacy_count() -> int:
    """Candidacy rows of the natural demo (owners plus alternates), without substitutions."""
    return sum(1 + seat.alternate for seat in _real_seats(_Parity(DEFAULT_SEED)))


def synthetic_rows_per_municipality(districts: int) -> int:
    actors = len(_actors_for("PM", synthetic=True))
    return 2 * actors * (districts + 1 + SYNTHETIC_SYNDICS + SYNTHETIC_COUNCILLORS)


# ---------------------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------------------


class Person(NamedTuple):
    first_name: str
    last_name: str
    second_last_name: str
    sex: str
    age: int
    birth_date: datetime.date
    affirmative_action: str
    consecutive: bool


class _People:
    """Draws people: names by sex, ages with more 35–55, affirmative action consistent with age."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        groups, weights = zip(*data.AFFIRMATIVE_ACTION_WEIGHTS, strict=True)
        self.groups = list(groups)
        self.cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]

    def person(self, sex: str, cargo: str, *, group: str | None = None) -> Person:
        rng = self.rng
        if rng.random() < NON_BINARY_SHARE:
            sex = "X"
        minimum = data.MINIMUM_AGE.get(cargo, data.DEFAULT_MINIMUM_AGE)
        if group is None:
            group = ""
            if rng.random() < data.AFFIRMATIVE_ACTION_SHARE:
                group = rng.choices(self.groups, cum_weights=self.cumulative)[0]
                if group == "joven" and minimum > 29:
                    group = "indígena"
        if group == "joven":
            age = rng.randint(minimum, 29)
        elif group == "persona mayor":
            age = rng.randint(60, 78)
        else:
            age = min(80, max(minimum, round(rng.gauss(46, 11))))
            if group == "" and (age <= 29 or age >= 60) and rng.random() < 0.5:
                age = rng.randint(max(minimum, 35), 55)  # the spread leans on the middle years
        start = ELECTION_DAY.replace(year=ELECTION_DAY.year - age - 1) + datetime.timedelta(days=1)
        birth_date = start + datetime.timedelta(days=rng.randrange(365))
        names = data.FEMALE_NAMES if sex == "M" or (sex == "X" and rng.random() < 0.5) else data.MALE_NAMES
        first_name = rng.choice(names)
        if rng.random() < 0.25:
            seconds = data.FEMALE_SECOND_NAMES if names is data.FEMALE_NAMES else data.MALE_SECOND_NAMES
            second = rng.choice(seconds)
            if second != first_name:
                first_name = f"{first_name} {second}"
        last_name = rng.choice(data.SURNAMES)
        second_last_name = rng.choice(data.SURNAMES) if rng.random() > 0.03 else ""
        consecutive = cargo != "GUB" and age >= 25 and rng.random() < CONSECUTIVE_SHARE
        return Person(first_name, last_name, second_last_name, sex, age, birth_date, group, consecutive)

    def row(self, seat: Seat, owner: bool, sex: str, number: int, person: Person | None = None) -> list[str]:
        """One candidacy row in the import format, with the variety real files have."""
        rng = self.rng
        if person is None:
            person = self.person(sex, seat.cargo)
        if seat.cargo in ("GUB", "DIP_RP"):
            district, municipality = "No aplica", "No aplica"
        elif seat.district is not None:
            district = str(seat.district)
            if rng.random() < 0.3:
                head_town = (
                    data.DISTRICT_BY_NUMBER[seat.district].head_town
                    if seat.district in data.DISTRICT_BY_NUMBER
                    else ""
                )
                district = _district_label(seat.district, head_town) if head_town else district
            municipality = "No aplica"
        else:
            district = "No aplica"
            municipality = (
                seat.municipality.key
                if seat.municipality.synthetic or rng.random() < 0.2
                else (seat.municipality.name)
            )
        cargo = fold(CARGO_NAME[seat.cargo]).upper() if rng.random() < 0.3 else seat.cargo
        if rng.random() < AGE_ONLY_SHARE:
            birth, age = "", str(person.age)
        elif rng.random() < 0.15:
            birth, age = person.birth_date.strftime("%d/%m/%Y"), ""
        else:
            birth, age = person.birth_date.isoformat(), ""
        group = person.affirmative_action or ("No aplica" if rng.random() < 0.4 else "")
        consecutive = "SÍ" if person.consecutive else ("NO" if rng.random() < 0.7 else "")
        email = ""
        if rng.random() < EMAIL_SHARE:
            local = ".".join(fold(part.split(" ")[0]) for part in (person.first_name, person.last_name))
            email = f"{local}{number}@{rng.choice(data.EMAIL_DOMAINS)}"
        return [
            f"{data.REGISTRATION_PREFIX}{number:06d}",
            cargo,
            district,
            municipality,
            "",
            seat.actor,
            str(seat.number),
            OWNER_WORD[person.sex] if owner else ALTERNATE_WORD,
            person.first_name,
            person.last_name,
            person.second_last_name,
            SEX_WORD[person.sex],
            birth,
            age,
            group,
            consecutive,
            "APROBADA" if rng.random() < 0.8 else "",
            "",
            email,
        ]


def _alternate_sex(owner_sex: str, rng: random.Random) -> str:
    """Same sex as the owner, mostly: a man's alternate may be a woman, never the other way round."""
    if owner_sex == "H":
        return "M" if rng.random() < 0.1 else "H"
    if owner_sex == "X":
        return rng.choice(["X", "X", "M", "H"])
    return "M"


def _formula_rows(seats: Iterable[Seat], people: _People) -> Iterator[tuple[Seat, list[list[str]]]]:
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


def _independent_age(independent: data.IndependentFact) -> tuple[int, datetime.date]:
    age = 38 + len(independent.acronym) % 11
    return age, ELECTION_DAY.replace(year=ELECTION_DAY.year - age, month=1, day=15)


def _seats(size: DemoSize) -> Iterator[Seat]:
    parity = _Parity(size.seed)
    yield from _real_seats(parity)
    yield from _synthetic_seats(size, parity)


def candidacy_rows(size: DemoSize) -> tuple[list[str], Iterable[list[str]]]:
    """The first batch of approved candidacies: exactly `size.candidacies` rows when a target is set."""
    people = _People(random.Random(f"{size.seed}:people"))
    formulas = _formula_rows(_seats(size), people)
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


@cache
def _natural_rows_by_cargo() -> dict[str, int]:
    totals: dict[str, int] = {}
    for seat in _real_seats(_Parity(DEFAULT_SEED)):
        totals[seat.cargo] = totals.get(seat.cargo, 0) + 1 + seat.alternate
    return totals


def _sample_quotas(wanted: int) -> dict[str, int]:
    """How many rows of each cargo a sample of `wanted` rows takes: every cargo shows up, the big ones more.

    Shares follow the square root of each cargo's size; quotas of cargos with alternates stay even so
    that fórmulas stay whole (except, at most, one).
    """
    totals = _natural_rows_by_cargo()
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
    remaining = dict(_natural_rows_by_cargo())
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
            if (not cargo or _cargo_code(row[COL["CARGO"]]) == cargo)
            and row not in chosen
            and not row[COL["ACTOR"]].startswith("CI-")
        ]
        if pool and len(chosen) < SUBSTITUTIONS:
            chosen.append(rng.choice(pool))
    people = _People(rng)
    first_new = size.capacity  # after every number the first batch may use
    rows = []
    for index, old in enumerate(chosen, start=1):
        sex = {"MUJER": "M", "HOMBRE": "H"}.get(old[COL["SEXO"]], "X")
        cargo = _cargo_code(old[COL["CARGO"]])
        group = old[COL["ACCION_AFIRMATIVA"]] if old[COL["ACCION_AFIRMATIVA"]] != "No aplica" else ""
        person = people.person(sex, cargo, group=group)
        person = person._replace(sex=sex)
        new = list(old)
        new[COL["ID_REGISTRO"]] = f"{data.REGISTRATION_PREFIX}{first_new + index:06d}"
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


def _cargo_code(cell: str) -> str:
    by_name = {fold(name).upper(): code for code, name in CARGO_NAME.items()}
    return by_name.get(cell, cell)


# ---------------------------------------------------------------------------------------------------------
# Everything, in import order
# ---------------------------------------------------------------------------------------------------------


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
