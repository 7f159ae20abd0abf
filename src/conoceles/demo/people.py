"""The people of the demo election: names, sex, age and acción afirmativa, and their candidacy rows with the
variety real files have."""

import datetime
import random
from typing import NamedTuple

from conoceles.core.text import fold

from . import catalog_data
from .catalog_data import ELECTION_DAY
from .places import CARGO_NAME, district_label
from .seats import Seat

SEX_WORD = {"M": "MUJER", "H": "HOMBRE", "X": "NO BINARIO"}
OWNER_WORD = {"M": "PROPIETARIA", "H": "PROPIETARIO", "X": "PROPIETARIO"}
ALTERNATE_WORD = "SUPLENTE"
NON_BINARY_SHARE = 0.005
CONSECUTIVE_SHARE = 0.10
EMAIL_SHARE = 0.35
AGE_ONLY_SHARE = 0.03


class Person(NamedTuple):
    first_name: str
    last_name: str
    second_last_name: str
    sex: str
    age: int
    birth_date: datetime.date
    affirmative_action: str
    consecutive: bool


class People:
    """Draws people: names by sex, ages with more 35–55, affirmative action consistent with age."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        groups, weights = zip(*catalog_data.AFFIRMATIVE_ACTION_WEIGHTS, strict=True)
        self.groups = list(groups)
        self.cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]

    def person(self, sex: str, cargo: str, *, group: str | None = None) -> Person:
        rng = self.rng
        if rng.random() < NON_BINARY_SHARE:
            sex = "X"
        minimum = catalog_data.MINIMUM_AGE.get(cargo, catalog_data.DEFAULT_MINIMUM_AGE)
        if group is None:
            group = ""
            if rng.random() < catalog_data.AFFIRMATIVE_ACTION_SHARE:
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
        feminine = sex == "M" or (sex == "X" and rng.random() < 0.5)
        names = catalog_data.FEMALE_NAMES if feminine else catalog_data.MALE_NAMES
        first_name = rng.choice(names)
        if rng.random() < 0.25:
            female = names is catalog_data.FEMALE_NAMES
            seconds = catalog_data.FEMALE_SECOND_NAMES if female else catalog_data.MALE_SECOND_NAMES
            second = rng.choice(seconds)
            if second != first_name:
                first_name = f"{first_name} {second}"
        last_name = rng.choice(catalog_data.SURNAMES)
        second_last_name = rng.choice(catalog_data.SURNAMES) if rng.random() > 0.03 else ""
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
                    catalog_data.DISTRICT_BY_NUMBER[seat.district].head_town
                    if seat.district in catalog_data.DISTRICT_BY_NUMBER
                    else ""
                )
                district = district_label(seat.district, head_town) if head_town else district
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
            email = f"{local}{number}@{rng.choice(catalog_data.EMAIL_DOMAINS)}"
        return [
            f"{catalog_data.REGISTRATION_PREFIX}{number:06d}",
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
