"""Importers of the process catalogs: geography (elections.geography_importer), cargos, contests and political
actors; IMPORTERS names them by kind."""

import re

from conoceles.core.text import fold
from conoceles.imports.base import Importer, ImportResult
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.rows import Column, Row, RowError

from .catalog import ProcessCatalog
from .geography_importer import GeographyImporter
from .models import Cargo, Contest, District, Municipality, PoliticalActor

# ---------------------------------------------------------------- cargos

SCOPES = {
    **{w: Cargo.Scope.ENTITY for w in ("entidad", "estatal", "estado", "toda la entidad", "entity")},
    **{w: Cargo.Scope.DISTRICT for w in ("distrito", "distrital", "district", "mayoria relativa", "mr")},
    **{w: Cargo.Scope.MUNICIPALITY for w in ("municipio", "municipal", "ayuntamiento", "municipality")},
    **{w: Cargo.Scope.LIST for w in ("lista", "rp", "representacion proporcional", "list", "circunscripcion")},
}
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,30}$")


class CargoImporter(Importer):
    kind = "cargos"
    written_models = (Cargo,)
    key_column = "CLAVE"
    columns = (
        Column("CLAVE", required=True, aliases=("CODIGO", "ID CARGO")),
        Column("CARGO", required=True, aliases=("NOMBRE",)),
        Column("AMBITO", required=True, aliases=("ALCANCE",)),
        Column("ORDEN"),
        Column("INICIO_PUBLICACION", aliases=("INICIO CAMPANA", "INICIO DE CAMPANA")),
        Column("FIN_PUBLICACION"),
    )
    fields = ("name", "scope", "order", "publication_start", "publication_end")

    def parse(self, row: Row):
        code = row.require("CLAVE")
        if code and not CODE_PATTERN.match(code):
            row.error(
                "CLAVE",
                ImportErrorCode.BAD_CODE,
                "La clave solo admite letras sin acento, números, «_» y «-» (máx. 30).",
            )
        values = {"name": row.require("CARGO"), "scope": None}
        if row.require("AMBITO"):
            values["scope"] = row.choice("AMBITO", SCOPES, "un ámbito (entidad, distrito, municipio o lista)")
        if row.has("ORDEN"):
            values["order"] = row.integer("ORDEN", minimum=0) or 0
        for column, name in (("INICIO_PUBLICACION", "publication_start"), ("FIN_PUBLICACION", "publication_end")):
            if row.has(column):
                values[name] = row.date(column)
        start, end = values.get("publication_start"), values.get("publication_end")
        if start and end and start > end:
            row.error(
                "FIN_PUBLICACION", ImportErrorCode.WINDOW_REVERSED, "El fin de publicación es anterior al inicio."
            )
        if end and end > self.process.election_day:
            row.error(
                "FIN_PUBLICACION",
                ImportErrorCode.AFTER_ELECTION,
                "La publicación no puede terminar después de la jornada.",
            )
        return (code.upper(), values)

    def key(self, record) -> str:
        return record[0]

    def save(self, records, outcome: ImportResult) -> None:
        existing = {c.code.upper(): c for c in self.process.cargos.all()}
        for row, (code, values) in records:
            cargo = existing.get(code)
            if cargo is None:
                cargo = Cargo(process=self.process, code=code, **values)
                outcome.counts["created"] += 1
            elif any(getattr(cargo, k) != v for k, v in values.items()):
                if cargo.scope != values["scope"] and cargo.contests.exists():
                    outcome.add_error(
                        RowError(
                            row.number,
                            "AMBITO",
                            ImportErrorCode.SCOPE_IN_USE,
                            "No se puede cambiar el ámbito de un cargo que ya tiene contiendas.",
                        )
                    )
                    continue
                for k, v in values.items():
                    setattr(cargo, k, v)
                outcome.counts["updated"] += 1
            else:
                outcome.counts["unchanged"] += 1
                continue
            cargo._history_user = self.user
            cargo.save()
            self.changed_rows.append(cargo)

    def describe_integrity_error(self, exc):
        return "Ya hay otro cargo con ese nombre en este proceso."


# ---------------------------------------------------------------- contests


def contest_name(cargo: Cargo, district: District | None, municipality: Municipality | None, circumscription) -> str:
    if district is not None:
        return f"{cargo.name} – Distrito {district.number}" + (f" ({district.head_town})" if district.head_town else "")
    if municipality is not None:
        return f"{cargo.name} – {municipality.name}"
    if circumscription:
        return f"{cargo.name} – Circunscripción {circumscription}"
    return cargo.name


class ContestImporter(Importer):
    kind = "contests"
    written_models = (Contest,)
    key_column = "CARGO"
    columns = (
        Column("CARGO", required=True),
        Column("DISTRITO", aliases=("DISTRITO LOCAL", "DISTRITOLOCAL")),
        Column("MUNICIPIO", aliases=("CLAVE MUNICIPIO",)),
        Column("CIRCUNSCRIPCION"),
        Column("NOMBRE", aliases=("NOMBRE CONTIENDA",)),
    )

    def __init__(self, process, user=None):
        super().__init__(process, user)
        self.catalog = ProcessCatalog(process)
        self.districts = {d.pk: d for d in process.districts.all()}
        self.municipalities = {m.pk: m for m in process.municipalities.all()}

    def forget(self):
        self.catalog = ProcessCatalog(self.process)

    def parse(self, row: Row):
        cargo = self.catalog.cargo(row)
        if cargo is None:
            return None
        if cargo.scope != Cargo.Scope.DISTRICT and row.text("DISTRITO"):
            row.error(
                "DISTRITO",
                ImportErrorCode.NOT_FOR_SCOPE,
                f"{cargo.name} no se elige por distrito; deje vacía esta columna.",
            )
        if cargo.scope != Cargo.Scope.MUNICIPALITY and row.text("MUNICIPIO"):
            row.error(
                "MUNICIPIO",
                ImportErrorCode.NOT_FOR_SCOPE,
                f"{cargo.name} no se elige por municipio; deje vacía esta columna.",
            )
        place = self.catalog.place(row, cargo)
        if place is None or row.errors:
            return None
        _, district_id, municipality_id, circumscription = place
        name = row.text("NOMBRE") or contest_name(
            cargo, self.districts.get(district_id), self.municipalities.get(municipality_id), circumscription
        )
        return place, name

    def key(self, record) -> str:
        return "|".join(str(part) for part in record[0])

    def save(self, records, outcome: ImportResult) -> None:
        new = {}
        for _, (place, name) in records:
            contest = self.catalog.contests.get(place)
            if contest is None:
                cargo_id, district_id, municipality_id, circumscription = place
                new[place] = Contest(
                    process=self.process,
                    cargo_id=cargo_id,
                    district_id=district_id,
                    municipality_id=municipality_id,
                    circumscription=circumscription,
                    name=name,
                )
            elif contest.name != name:
                contest.name = name
                contest.save(update_fields=["name"])
                self.changed_rows.append(contest)
                outcome.counts["updated"] += 1
            else:
                outcome.counts["unchanged"] += 1
        Contest.objects.bulk_create(new.values())
        self.catalog.contests.update(new)
        outcome.counts["created"] += len(new)


# ---------------------------------------------------------------- political actors

KINDS = {
    **{w: PoliticalActor.Kind.PARTY for w in ("partido", "partido politico", "partido local", "partido nacional")},
    **{w: PoliticalActor.Kind.COALITION for w in ("coalicion", "alianza")},
    **{w: PoliticalActor.Kind.COMMON for w in ("candidatura comun", "comun")},
    **{w: PoliticalActor.Kind.INDEPENDENT for w in ("candidatura independiente", "independiente", "ci")},
}
ALLIANCE_KINDS = {PoliticalActor.Kind.COALITION, PoliticalActor.Kind.COMMON}


class ActorImporter(Importer):
    kind = "actors"
    written_models = (PoliticalActor, PoliticalActor.members.through)
    key_column = "SIGLAS"
    columns = (
        Column("SIGLAS", required=True, aliases=("ACRONIMO", "PARTIDO COALICION")),
        Column("NOMBRE", required=True),
        Column("TIPO", required=True),
        Column("COLOR"),
        Column("INTEGRANTES", aliases=("PARTIDOS", "PARTIDOS INTEGRANTES")),
        Column("CORREO", aliases=("CORREO ELECTRONICO", "EMAIL")),
        Column("ORDEN"),
    )

    def __init__(self, process, user=None):
        super().__init__(process, user)
        self.pending_members: list[tuple[int, PoliticalActor, list[str]]] = []

    def parse(self, row: Row):
        acronym = row.require("SIGLAS")
        values = {"name": row.require("NOMBRE"), "kind": None}
        if row.require("TIPO"):
            values["kind"] = row.choice(
                "TIPO", KINDS, "un tipo (partido, coalición, candidatura común o candidatura independiente)"
            )
        if row.has("COLOR"):
            color = row.text("COLOR")
            color = f"#{color}" if color and not color.startswith("#") else color
            if color and not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
                row.error("COLOR", ImportErrorCode.BAD_COLOR, f"«{row.text('COLOR')}» no es un color #RRGGBB.")
            values["color"] = color.upper() or "#777777"
        if row.has("CORREO"):
            values["contact_email"] = row.email("CORREO")
        if row.has("ORDEN"):
            values["order"] = row.integer("ORDEN", minimum=0) or 0
        members = [m for m in re.split(r"\s*[,/;]\s*|\s+-\s+|\s*-\s*", row.text("INTEGRANTES")) if m]
        if values["kind"] in ALLIANCE_KINDS and len(members) < 2:
            row.error(
                "INTEGRANTES",
                ImportErrorCode.MEMBERS_REQUIRED,
                "Una coalición o candidatura común necesita dos o más partidos.",
            )
        if values["kind"] not in ALLIANCE_KINDS and members:
            row.error(
                "INTEGRANTES",
                ImportErrorCode.MEMBERS_NOT_ALLOWED,
                "Solo las coaliciones y candidaturas comunes tienen integrantes.",
            )
        return acronym, values, members

    def key(self, record) -> str:
        return fold(record[0])

    def save(self, records, outcome: ImportResult) -> None:
        existing = {fold(a.acronym): a for a in self.process.actors.all()}
        for row, (acronym, values, members) in records:
            actor = existing.get(fold(acronym))
            if actor is None:
                actor = PoliticalActor(process=self.process, acronym=acronym, **values)
                outcome.counts["created"] += 1
            elif any(getattr(actor, k) != v for k, v in values.items()) or actor.acronym != acronym:
                actor.acronym = acronym
                for k, v in values.items():
                    setattr(actor, k, v)
                outcome.counts["updated"] += 1
            else:
                outcome.counts["unchanged"] += 1
                actor = existing[fold(acronym)]
                self.pending_members.append((row.number, actor, members, False))
                continue
            actor._history_user = self.user
            actor.save()
            self.pending_members.append((row.number, actor, members, True))

    def finish(self, result: ImportResult) -> None:
        actors = {fold(a.acronym): a for a in self.process.actors.all()}
        for row_number, actor, members, written in self.pending_members:
            wanted = []
            for acronym in members:
                member = actors.get(fold(acronym))
                if member is None or member.kind != PoliticalActor.Kind.PARTY:
                    result.add_error(
                        RowError(
                            row_number,
                            "INTEGRANTES",
                            ImportErrorCode.UNKNOWN_MEMBER,
                            f"«{acronym}» no es un partido de este proceso.",
                        )
                    )
                else:
                    wanted.append(member)
            current = set(actor.members.values_list("pk", flat=True))
            if {m.pk for m in wanted} != current:
                actor.members.set(wanted)
                if not written:
                    result.counts["unchanged"] -= 1
                    result.counts["updated"] += 1

    def describe_integrity_error(self, exc):
        return "Ya hay otro actor político con ese nombre en este proceso."


IMPORTERS = {cls.kind: cls for cls in (GeographyImporter, CargoImporter, ContestImporter, ActorImporter)}
