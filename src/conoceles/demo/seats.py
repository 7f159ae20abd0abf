"""Who runs where: the fórmulas (seats) of each actor in each contest, with the sex parity asks for."""

import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from . import catalog_data
from .places import Place, real_places, synthetic_places

if TYPE_CHECKING:
    from .sizes import DemoSize


class Seat(NamedTuple):
    """One fórmula: an owner and (except for Gubernatura) an alternate."""

    cargo: str
    district: int | None
    municipality: Place | None
    actor: str
    number: int
    sex: str  # the owner's sex parity asks for: M or H
    alternate: bool
    independent: catalog_data.IndependentFact | None


def actors_for(
    cargo: str, district: int | None = None, municipality: str | None = None, synthetic: bool = False
) -> list[str]:
    """The actors on a ballot, in ballot order: an alliance takes its first member's place."""
    if cargo == "DIP_RP":
        return [p.acronym for p in catalog_data.PARTIES]
    covering = []
    for alliance in catalog_data.ALLIANCES:
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
    for party in catalog_data.PARTIES:
        alliance = next((a for a in covering if party.acronym in a.members), None)
        acronym = alliance.acronym if alliance else party.acronym
        if acronym not in actors:
            actors.append(acronym)
    if not synthetic:
        for independent in catalog_data.INDEPENDENTS:
            place = str(district) if district is not None else municipality
            runs_here = independent.cargo == cargo or (independent.cargo == "PM" and cargo in ("SIN", "REG"))
            if runs_here and independent.place == place:
                actors.append(independent.acronym)
    return actors


def _other(sex: str) -> str:
    return "H" if sex == "M" else "M"


class Parity:
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


def _independent_for(actor: str) -> catalog_data.IndependentFact | None:
    return next((i for i in catalog_data.INDEPENDENTS if i.acronym == actor), None)


def _district_seats(number: int, parity: Parity, synthetic: bool) -> Iterator[Seat]:
    for actor in actors_for("DIP_MR", district=number, synthetic=synthetic):
        independent = _independent_for(actor)
        sex = independent.sex if independent else parity.next(actor, "DIP_MR")
        yield Seat("DIP_MR", number, None, actor, 1, sex, True, independent)


def _ayuntamiento_seats(place: Place, parity: Parity) -> Iterator[Seat]:
    """The planilla of each actor: PM, SIN 1..n, REG 1..n, alternating sexes down the planilla."""
    for actor in actors_for("PM", municipality=place.key, synthetic=place.synthetic):
        independent = _independent_for(actor)
        sex = independent.sex if independent else parity.next(actor, "PM")
        yield Seat("PM", None, place, actor, 1, sex, True, independent)
        sequence = [("SIN", n) for n in range(1, place.syndics + 1)]
        sequence += [("REG", n) for n in range(1, place.councillors + 1)]
        for position, (cargo, number) in enumerate(sequence, start=1):
            yield Seat(
                cargo, None, place, actor, number, sex if position % 2 == 0 else _other(sex), True, None
            )


def real_seats(parity: Parity) -> Iterator[Seat]:
    for actor in actors_for("GUB"):
        yield Seat("GUB", None, None, actor, 1, parity.next(actor, "GUB"), False, None)
    for district in catalog_data.DISTRICTS:
        yield from _district_seats(district.number, parity, synthetic=False)
    for party in catalog_data.PARTIES:
        head = parity.next(party.acronym, "DIP_RP")
        for number in range(1, catalog_data.RP_LIST_LENGTH + 1):
            yield Seat(
                "DIP_RP", None, None, party.acronym, number, head if number % 2 else _other(head), True, None
            )
    for place in real_places(reduced=False):
        yield from _ayuntamiento_seats(place, parity)


def _synthetic_seats(size: "DemoSize", parity: Parity) -> Iterator[Seat]:
    for place in synthetic_places(size):
        for number, _, _ in place.districts:
            yield from _district_seats(number, parity, synthetic=True)
        yield from _ayuntamiento_seats(place, parity)


def all_seats(size: "DemoSize") -> Iterator[Seat]:
    parity = Parity(size.seed)
    yield from real_seats(parity)
    yield from _synthetic_seats(size, parity)
