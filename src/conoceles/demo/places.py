"""Geography, cargos, contests and political actors of the demo election, as rows in the import formats.

Quintana Roo's real municipalities and districts first; for demos larger than the natural one, synthetic
municipalities (keys 23012…23999) with their own districts, contests and secciones. Each function returns
`(header, rows)`, the header exactly as docs/importacion.md names the columns.
"""

import random
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from conoceles.core.text import fold

from . import catalog_data

if TYPE_CHECKING:
    from .sizes import DemoSize

GEOGRAPHY_HEADER = ["SECCION", "DISTRITO", "CABECERA", "CLAVE_MUNICIPIO", "MUNICIPIO"]
CARGO_HEADER = ["CLAVE", "CARGO", "AMBITO", "ORDEN", "INICIO_PUBLICACION", "FIN_PUBLICACION"]
CONTEST_HEADER = ["CARGO", "DISTRITO", "MUNICIPIO", "CIRCUNSCRIPCION", "NOMBRE"]
ACTOR_HEADER = ["SIGLAS", "NOMBRE", "TIPO", "COLOR", "INTEGRANTES", "CORREO", "ORDEN"]

# Synthetic municipalities for large demos: keys 23012…23999, a planilla of fixed size, and as many
# districts each as needed to reach the target (district numbers stay below 32,767).
FIRST_SYNTHETIC_CODE = 12
MAX_SYNTHETIC_MUNICIPALITIES = 999 - FIRST_SYNTHETIC_CODE + 1
MAX_DISTRICTS_PER_SYNTHETIC = (32_767 - len(catalog_data.DISTRICTS)) // MAX_SYNTHETIC_MUNICIPALITIES
SYNTHETIC_SYNDICS = 1
SYNTHETIC_COUNCILLORS = 10
REDUCED_SECTIONS_PER_PLACE = 2

CARGO_NAME = {c.code: c.name for c in catalog_data.CARGOS}


class Place(NamedTuple):
    """A municipality with its districts, as the generator walks them (real and synthetic alike)."""

    key: str
    name: str
    districts: list[tuple[int, str, int]]  # (number, cabecera, secciones of this municipality in it)
    syndics: int
    councillors: int
    synthetic: bool


def real_places(reduced: bool) -> Iterator[Place]:
    for municipality in catalog_data.MUNICIPALITIES:
        districts = [
            (d.number, d.head_town, REDUCED_SECTIONS_PER_PLACE if reduced else d.sections[municipality.key])
            for d in catalog_data.DISTRICTS
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


def synthetic_places(size: "DemoSize") -> Iterator[Place]:
    per = size.districts_per_synthetic
    for index in range(size.synthetic_municipalities):
        code = FIRST_SYNTHETIC_CODE + index
        name = f"Municipio sintético {code:04d}"
        first = len(catalog_data.DISTRICTS) + 1 + index * per
        districts = [(first + j, name, 2 + (index + j) % 3) for j in range(per)]
        yield Place(
            f"{catalog_data.ENTITY}{code:03d}", name, districts, SYNTHETIC_SYNDICS, SYNTHETIC_COUNCILLORS, True
        )


def _places(size: "DemoSize") -> Iterator[Place]:
    yield from real_places(size.reduced)
    yield from synthetic_places(size)


def district_label(number: int, head_town: str) -> str:
    """The messy spelling real files use: '15-CHETUMAL'."""
    return f"{number}-{fold(head_town).upper()}"


def geography_rows(size: "DemoSize") -> tuple[list[str], Iterable[list[str]]]:
    """One row per sección, numbered contiguously, grouped by municipality and district."""

    def rows():
        rng = random.Random(f"{size.seed}:geography")
        section = 0
        for place in _places(size):
            for number, head_town, sections in place.districts:
                for _ in range(sections):
                    section += 1
                    district = district_label(number, head_town) if rng.random() < 0.3 else str(number)
                    key = place.key[2:] if rng.random() < 0.1 else place.key
                    yield [str(section), district, head_town, key, place.name]

    return list(GEOGRAPHY_HEADER), rows()


def section_count(size: "DemoSize") -> int:
    return sum(sections for place in _places(size) for _, _, sections in place.districts)


def cargo_rows() -> tuple[list[str], Iterable[list[str]]]:
    rows = [[c.code, c.name, c.scope, str(c.order), c.publication_start, ""] for c in catalog_data.CARGOS]
    return list(CARGO_HEADER), rows


def _district_contest_name(number: int, head_town: str) -> str:
    return f"{CARGO_NAME['DIP_MR']} – Distrito {number} ({head_town})"


def contest_rows(size: "DemoSize") -> tuple[list[str], Iterable[list[str]]]:
    """GUB, one DIP_MR per district, one DIP_RP list, and PM, SIN and REG per municipality."""

    def municipal(place: Place):
        for code in ("PM", "SIN", "REG"):
            yield [code, "", place.key, "", f"{CARGO_NAME[code]} – {place.name}"]

    def rows():
        yield ["GUB", "", "", "", f"{CARGO_NAME['GUB']} de {catalog_data.ENTITY_NAME}"]
        for district in catalog_data.DISTRICTS:
            yield [
                "DIP_MR",
                str(district.number),
                "",
                "",
                _district_contest_name(district.number, district.head_town),
            ]
        yield ["DIP_RP", "", "", "", f"{CARGO_NAME['DIP_RP']} – Lista estatal"]
        for place in real_places(size.reduced):
            yield from municipal(place)
        for place in synthetic_places(size):
            for number, head_town, _ in place.districts:
                yield ["DIP_MR", str(number), "", "", _district_contest_name(number, head_town)]
            yield from municipal(place)

    return list(CONTEST_HEADER), rows()


def contest_count(size: "DemoSize") -> int:
    return (
        2
        + len(catalog_data.DISTRICTS)
        + 3 * len(catalog_data.MUNICIPALITIES)
        + size.synthetic_districts
        + 3 * (size.synthetic_municipalities)
    )


def actor_rows() -> tuple[list[str], Iterable[list[str]]]:
    """Parties, then coalitions and the candidatura común, then the candidaturas independientes."""
    rows = []
    for party in catalog_data.PARTIES:
        email = f"representacion.{party.acronym.lower()}@example.org"
        rows.append([party.acronym, party.name, "partido", party.color, "", email, str(len(rows) + 1)])
    separators = [", ", "/", "-"]
    for index, alliance in enumerate(catalog_data.ALLIANCES):
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
    for independent in catalog_data.INDEPENDENTS:
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
