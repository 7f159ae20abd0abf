"""Looking up a process's catalog values the way people write them in files.

One place decides how "Diputación Local MR", "dip_mr", "004", "Othon P. Blanco" and "15-CHETUMAL"
are resolved to rows; the importers of contests and of candidacies both use it.
"""

from conoceles.core.text import fold
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.rows import Row, parse_district_label

from .models import Cargo, Contest, ElectoralProcess, Municipality, PoliticalActor


def municipality_key(process: ElectoralProcess, text: str) -> str | None:
    """'4', '004' or '23004' -> '23004' for the process's entity; None if it is not a key."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) > 5:
        return None
    if len(digits) <= 3:
        return f"{process.entity:02d}{int(digits):03d}"
    return digits.zfill(5)


# A municipality named by a file without INEGI keys (the INE's open data) gets a provisional key: the entity's two
# digits and a number from 999 down, above every real municipality number (Oaxaca's go up to 570). The geography
# import gives it its real key when a sección names a municipality of the same name.
PROVISIONAL_NUMBERS = range(999, 599, -1)


def provisional_municipality_key(process: ElectoralProcess, taken) -> str:
    """The first provisional key of the process's entity not in `taken`."""
    return next(
        key for number in PROVISIONAL_NUMBERS if (key := f"{process.entity:02d}{number:03d}") not in taken
    )


def is_provisional_key(key: str) -> bool:
    return int(key[2:]) in PROVISIONAL_NUMBERS


class ProcessCatalog:
    def __init__(self, process: ElectoralProcess):
        self.process = process
        self.cargos: dict[str, Cargo] = {}
        for cargo in process.cargos.all():
            self.cargos[fold(cargo.code)] = cargo
            self.cargos[fold(cargo.name)] = cargo
        self.municipalities: dict[str, Municipality] = {}
        for municipality in process.municipalities.all():
            self.municipalities[municipality.inegi_key] = municipality
            self.municipalities[fold(municipality.name)] = municipality
        self.district_ids = dict(process.districts.values_list("number", "id"))
        self.actors: dict[str, PoliticalActor] = {}
        for actor in process.actors.all():
            self.actors[fold(actor.acronym)] = actor
            self.actors[fold(actor.name)] = actor
        self.contests: dict[tuple, Contest] = {}
        for contest in process.contests.select_related("cargo"):
            self.contests[self.place_key(contest)] = contest

    @staticmethod
    def place_key(contest: Contest) -> tuple:
        return (contest.cargo_id, contest.district_id, contest.municipality_id, contest.circumscription)

    def cargo(self, row: Row, column: str = "CARGO") -> Cargo | None:
        text = row.require(column)
        if not text:
            return None
        cargo = self.cargos.get(fold(text))
        if cargo is None:
            row.error(
                column, ImportErrorCode.UNKNOWN_CARGO, f"El cargo «{text}» no está en el catálogo de este proceso."
            )
        return cargo

    def actor(self, row: Row, column: str = "ACTOR") -> PoliticalActor | None:
        text = row.require(column)
        if not text:
            return None
        actor = self.actors.get(fold(text))
        if actor is None:
            row.error(
                column, ImportErrorCode.UNKNOWN_ACTOR, f"«{text}» no es un partido, coalición o candidatura registrada."
            )
        return actor

    def district_id(self, row: Row, column: str = "DISTRITO") -> int | None:
        text = row.text(column)
        if not text:
            row.error(
                column, ImportErrorCode.REQUIRED, "Este cargo se elige por distrito: indique el número de distrito."
            )
            return None
        number, _ = parse_district_label(text)
        if number is None:
            row.error(column, ImportErrorCode.BAD_DISTRICT, f"«{text}» no es un número de distrito.")
            return None
        district_id = self.district_ids.get(number)
        if district_id is None:
            row.error(
                column,
                ImportErrorCode.UNKNOWN_DISTRICT,
                f"El distrito {number} no está en la geografía de este proceso.",
            )
        return district_id

    def municipality(self, row: Row, column: str = "MUNICIPIO") -> Municipality | None:
        text = row.text(column)
        if not text:
            row.error(
                column, ImportErrorCode.REQUIRED, "Este cargo se elige por municipio: indique la clave o el nombre."
            )
            return None
        key = municipality_key(self.process, text)
        municipality = self.municipalities.get(key) if key else self.municipalities.get(fold(text))
        if municipality is None:
            row.error(
                column,
                ImportErrorCode.UNKNOWN_MUNICIPALITY,
                f"El municipio «{text}» no está en la geografía de este proceso.",
            )
        return municipality

    def place(self, row: Row, cargo: Cargo) -> tuple | None:
        """The (cargo, district, municipality, circumscription) key of the row's contest, per the cargo's scope."""
        district_id = municipality_id = circumscription = None
        if cargo.scope == Cargo.Scope.DISTRICT:
            district_id = self.district_id(row)
        elif cargo.scope == Cargo.Scope.MUNICIPALITY:
            municipality = self.municipality(row)
            municipality_id = municipality.pk if municipality else None
        elif cargo.scope == Cargo.Scope.LIST and row.has("CIRCUNSCRIPCION"):
            circumscription = row.integer("CIRCUNSCRIPCION", minimum=1)
        if row.errors:
            return None
        return (cargo.pk, district_id, municipality_id, circumscription)

    def contest(self, row: Row, cargo: Cargo) -> Contest | None:
        key = self.place(row, cargo)
        if key is None:
            return None
        contest = self.contests.get(key)
        if contest is None and cargo.scope == Cargo.Scope.LIST and key[3] is None:
            lists = [c for k, c in self.contests.items() if k[0] == cargo.pk]
            contest = lists[0] if len(lists) == 1 else None
        if contest is None:
            row.error(
                "CARGO",
                ImportErrorCode.UNKNOWN_CONTEST,
                f"No hay una contienda de {cargo.name} en ese lugar; impórtela primero.",
            )
        return contest
