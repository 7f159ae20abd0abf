"""Import of approved candidacies: create, update by registration identifier, substitute."""

from simple_history.utils import bulk_update_with_history

from conoceles.accounts.services import on_candidacy_substituted
from conoceles.core.bulk import bulk_create_with_history
from conoceles.elections.catalog import ProcessCatalog
from conoceles.imports.base import Importer, ImportResult
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.rows import Column, Row, RowError

from .models import AffirmativeActionGroup, Candidacy, Position, Sex

SEXES = {
    **{w: Sex.WOMAN for w in ("mujer", "m", "f", "femenino", "femenina")},
    **{w: Sex.MAN for w in ("hombre", "h", "masculino", "masculina", "varon")},
    **{w: Sex.NON_BINARY for w in ("no binario", "no binaria", "no binarie", "nb", "x", "persona no binaria")},
}
POSITIONS = {
    **{w: Position.OWNER for w in ("propietaria", "propietario", "propietarie", "prop", "p", "titular")},
    **{w: Position.ALTERNATE for w in ("suplente", "sup", "s")},
}
GROUPS = {
    **{
        w: AffirmativeActionGroup.INDIGENOUS for w in ("indigena", "persona indigena", "indigenas", "pueblos indigenas")
    },
    **{w: AffirmativeActionGroup.DISABILITY for w in ("discapacidad", "persona con discapacidad", "con discapacidad")},
    **{
        w: AffirmativeActionGroup.AFRO_MEXICAN
        for w in ("afromexicana", "afromexicano", "persona afromexicana", "afrodescendiente", "afromexicanas")
    },
    **{
        w: AffirmativeActionGroup.LGBT
        for w in (
            "lgbtttiq+",
            "lgbtttiq",
            "lgbt",
            "lgbtiq+",
            "lgbt+",
            "diversidad sexual",
            "persona lgbtttiq+",
            "lgbttti",
        )
    },
    **{
        w: AffirmativeActionGroup.MIGRANT
        for w in ("migrante", "persona migrante", "migrantes", "residente en el extranjero")
    },
    **{w: AffirmativeActionGroup.YOUTH for w in ("joven", "jovenes", "persona joven", "juventud")},
    **{
        w: AffirmativeActionGroup.ELDERLY
        for w in ("persona mayor", "mayor", "adulto mayor", "adulta mayor", "adultos mayores", "personas mayores")
    },
    **{w: "" for w in ("no", "ninguna", "sin accion afirmativa")},
}
STATUSES = {
    **{w: Candidacy.Status.SUBSTITUTED for w in ("sustituida", "sustituido")},
    **{w: Candidacy.Status.APPROVED for w in ("aprobada", "aprobado", "registrada", "registrado", "vigente", "activa")},
    **{w: Candidacy.Status.CANCELLED for w in ("cancelada", "cancelado", "baja", "renuncia")},
}
OPTIONAL_COLUMNS = {
    "NUM_LISTA_O_FORMULA": ("formula_number", lambda row, c: row.integer(c, minimum=1, maximum=999) or 1),
    "PRIMER_APELLIDO": ("last_name", Row.text),
    "SEGUNDO_APELLIDO": ("second_last_name", Row.text),
    "FECHA_NACIMIENTO": ("birth_date", Row.date),
    "EDAD": ("declared_age", lambda row, c: row.integer(c, minimum=18, maximum=120)),
    "ACCION_AFIRMATIVA": (
        "affirmative_action",
        lambda row, c: row.choice(c, GROUPS, "un grupo de acción afirmativa") or "",
    ),
    "ELECCION_CONSECUTIVA": ("consecutive_election", Row.boolean),
    "ESTATUS": (
        "status",
        lambda row, c: (
            row.choice(c, STATUSES, "un estatus (APROBADA, CANCELADA o SUSTITUIDA)") or Candidacy.Status.APPROVED
        ),
    ),
    "CORREO": ("private_email", Row.email),
}
COMPARED_FIELDS = (
    "contest_id",
    "actor_id",
    "formula_number",
    "position",
    "first_name",
    "last_name",
    "second_last_name",
    "sex",
    "birth_date",
    "declared_age",
    "affirmative_action",
    "consecutive_election",
    "status",
    "private_email",
)
UPDATED_FIELDS = [f.removesuffix("_id") for f in COMPARED_FIELDS] + ["search_name"]


class CandidacyImporter(Importer):
    kind = "candidacies"
    written_models = (Candidacy, Candidacy.history.model)
    key_column = "ID_REGISTRO"
    columns = (
        Column(
            "ID_REGISTRO", required=True, aliases=("ID", "ID CANDIDATURA", "IDENTIFICADOR", "FOLIO", "CLAVE REGISTRO")
        ),
        Column("CARGO", required=True),
        Column("DISTRITO", aliases=("DISTRITO LOCAL", "DISTRITOLOCAL")),
        Column("MUNICIPIO", aliases=("CLAVE MUNICIPIO",)),
        Column("CIRCUNSCRIPCION"),
        Column("ACTOR", required=True, aliases=("PARTIDO COALICION", "PARTIDO", "ACTOR POLITICO", "SIGLAS")),
        Column("NUM_LISTA_O_FORMULA", aliases=("NUMERO FORMULA", "NUM FORMULA", "NUM LISTA", "FORMULA")),
        Column("TIPO_CANDIDATO", required=True, aliases=("TIPO CANDIDATURA", "CALIDAD")),
        Column("NOMBRE", required=True, aliases=("NOMBRES", "NOMBRE CANDIDATO")),
        Column("PRIMER_APELLIDO", aliases=("APELLIDO PATERNO",)),
        Column("SEGUNDO_APELLIDO", aliases=("APELLIDO MATERNO",)),
        Column("SEXO", required=True, aliases=("GENERO",)),
        Column("FECHA_NACIMIENTO", aliases=("FECHA NAC",)),
        Column("EDAD"),
        Column("ACCION_AFIRMATIVA", aliases=("GRUPO ACCION AFIRMATIVA",)),
        Column("ELECCION_CONSECUTIVA", aliases=("REELECCION",)),
        Column("ESTATUS", aliases=("ESTATUS REGISTRO",)),
        Column("SUSTITUYE_A", aliases=("SUSTITUYE", "ID SUSTITUIDA")),
        Column("CORREO", aliases=("CORREO ELECTRONICO", "EMAIL")),
    )

    def __init__(self, process, user=None):
        super().__init__(process, user)
        self.catalog = ProcessCatalog(process)
        self.election_day = process.election_day
        self.said_substituted: list[tuple[int, str]] = []  # rows whose ESTATUS says SUSTITUIDA

    def parse(self, row: Row):
        registration_id = row.require("ID_REGISTRO")
        if len(registration_id) > 64:
            row.error("ID_REGISTRO", ImportErrorCode.TOO_LONG, "El identificador admite hasta 64 caracteres.")
        cargo = self.catalog.cargo(row)
        contest = self.catalog.contest(row, cargo) if cargo else None
        actor = self.catalog.actor(row)
        values = {
            "contest_id": contest.pk if contest else None,
            "actor_id": actor.pk if actor else None,
            "position": row.choice("TIPO_CANDIDATO", POSITIONS, "un tipo (PROPIETARIA, PROPIETARIO o SUPLENTE)"),
            "first_name": row.require("NOMBRE"),
            "sex": row.choice("SEXO", SEXES, "un sexo (MUJER, HOMBRE o NO BINARIO)"),
        }
        for column in ("TIPO_CANDIDATO", "SEXO"):
            if not row.text(column):
                row.error(column, ImportErrorCode.REQUIRED, "Es obligatoria y está vacía.")
        # Optional columns fill their field only when the file has the column: a later file without it
        # leaves what is stored as it is.
        for column, (name, parse) in OPTIONAL_COLUMNS.items():
            if row.has(column):
                values[name] = parse(row, column)
        for column, name in (
            ("NOMBRE", "first_name"),
            ("PRIMER_APELLIDO", "last_name"),
            ("SEGUNDO_APELLIDO", "second_last_name"),
        ):
            if len(values.get(name, "")) > 120:
                row.error(column, ImportErrorCode.TOO_LONG, "Admite hasta 120 caracteres.")
        birth_date = values.get("birth_date")
        if birth_date is not None:
            day = self.election_day
            age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
            if not 18 <= age <= 120:
                row.error(
                    "FECHA_NACIMIENTO",
                    ImportErrorCode.IMPLAUSIBLE_AGE,
                    f"Con esa fecha la persona tendría {age} años el día de la jornada.",
                )
        elif values.get("declared_age") is None and not any(
            e.column in {"FECHA_NACIMIENTO", "EDAD"} for e in row.errors
        ):
            row.error("FECHA_NACIMIENTO", ImportErrorCode.AGE_REQUIRED, "Indique la fecha de nacimiento o la edad.")
        replaces = row.text("SUSTITUYE_A") if row.has("SUSTITUYE_A") else ""
        if replaces and replaces == registration_id:
            row.error(
                "SUSTITUYE_A", ImportErrorCode.REPLACES_ITSELF, "Una candidatura no puede sustituirse a sí misma."
            )
        return registration_id, values, replaces

    def key(self, record) -> str:
        return record[0]

    def forget(self):
        self.catalog = ProcessCatalog(self.process)

    def save(self, records, outcome: ImportResult) -> None:
        # Substitutes go after the rest, so a file may carry the replaced candidacy and its substitute together.
        self._save_batch([r for r in records if not r[1][2]], outcome)
        self._save_batch([r for r in records if r[1][2]], outcome)

    def _save_batch(self, records, outcome: ImportResult) -> None:
        if not records:
            return
        ids = [rid for _, (rid, _, _) in records]
        replaced_ids = [rep for _, (_, _, rep) in records if rep]
        by_id = {
            c.registration_id: c
            for c in Candidacy.objects.filter(process=self.process, registration_id__in=ids + replaced_ids)
        }
        accepted = []  # (row, candidacy, the candidacy it replaces or None)
        for row, (registration_id, values, replaces) in records:
            current = by_id.get(registration_id)
            replaced = by_id.get(replaces) if replaces else None
            error = self._check_replacement(registration_id, values, replaces, current, replaced) or (
                self._check_status(row, current, values)
            )
            if error:
                outcome.add_error(RowError(row.number, *error))
            elif current is None:
                candidacy = Candidacy(
                    process=self.process, registration_id=registration_id, replaces=replaced, **values
                )
                accepted.append((row, candidacy, replaced))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                accepted.append((row, current, None))
            else:
                outcome.counts["unchanged"] += 1
        conflicts = self._seat_conflicts(accepted)
        for error in conflicts.values():
            outcome.add_error(error)
        to_create, to_update, substituted = [], [], 0
        for row, candidacy, replaced in accepted:
            if row.number in conflicts:
                continue
            candidacy.search_name = candidacy.compute_search_name()
            (to_update if candidacy.pk else to_create).append(candidacy)
            if replaced is not None:
                replaced.status = Candidacy.Status.SUBSTITUTED
                to_update.append(replaced)
                substituted += 1
        reason = "Importación de candidaturas"
        if to_update:
            bulk_update_with_history(
                to_update,
                Candidacy,
                UPDATED_FIELDS,
                batch_size=500,
                default_user=self.user,
                default_change_reason=reason,
            )
        if to_create:
            bulk_create_with_history(to_create, user=self.user, reason=reason)
        self.changed_candidacy_ids.update(c.pk for c in to_update + to_create)
        for row, candidacy, replaced in accepted:
            if replaced is not None and row.number not in conflicts:
                on_candidacy_substituted(replaced, candidacy, by=self.user)
        outcome.counts["created"] += len(to_create)
        outcome.counts["substituted"] += substituted
        outcome.counts["updated"] += len(to_update) - substituted

    def _check_status(self, row, current, values):
        """SUSTITUIDA results from a substitute's SUSTITUYE_A, never from the column alone, and it is final:
        a later file that still says APROBADA for a replaced candidacy leaves it replaced."""
        if current is not None and current.status == Candidacy.Status.SUBSTITUTED:
            values.pop("status", None)
        elif values.get("status") == Candidacy.Status.SUBSTITUTED:
            if current is None:
                return (
                    "ESTATUS",
                    ImportErrorCode.NEW_SUBSTITUTED,
                    "Una candidatura nueva no puede venir como SUSTITUIDA.",
                )
            del values["status"]
            self.said_substituted.append((row.number, current.registration_id))
        return None

    def finish(self, result: ImportResult) -> None:
        if not self.said_substituted:
            return
        still_active = set(
            Candidacy.objects.filter(process=self.process, registration_id__in=[r for _, r in self.said_substituted])
            .exclude(status=Candidacy.Status.SUBSTITUTED)
            .values_list("registration_id", flat=True)
        )
        for number, registration_id in self.said_substituted:
            if registration_id in still_active:
                result.add_error(
                    RowError(
                        number,
                        "ESTATUS",
                        ImportErrorCode.SUBSTITUTE_MISSING,
                        f"{registration_id} figura como SUSTITUIDA, pero ninguna fila del archivo "
                        "la sustituye (columna SUSTITUYE_A en la fila de la sustituta).",
                    )
                )

    def _check_replacement(self, registration_id, values, replaces, current, replaced):
        if not replaces:
            return None
        if current is not None:
            if current.replaces_id is not None and current.replaces_id == getattr(replaced, "pk", None):
                return None  # the same substitution, imported again
            return (
                "SUSTITUYE_A",
                ImportErrorCode.REPLACES_EXISTING,
                f"{registration_id} ya está registrada; una sustitución debe traer un identificador nuevo.",
            )
        if replaced is None:
            return (
                "SUSTITUYE_A",
                ImportErrorCode.UNKNOWN_REPLACED,
                f"No existe una candidatura con identificador «{replaces}».",
            )
        if replaced.status != Candidacy.Status.APPROVED:
            return (
                "SUSTITUYE_A",
                ImportErrorCode.REPLACED_NOT_ACTIVE,
                f"La candidatura {replaces} ya no está vigente ({replaced.get_status_display().lower()}).",
            )
        if (replaced.contest_id, replaced.actor_id) != (values["contest_id"], values["actor_id"]):
            return (
                "SUSTITUYE_A",
                ImportErrorCode.REPLACEMENT_ELSEWHERE,
                "La sustituta debe ser de la misma contienda y del mismo actor político.",
            )
        return None

    def _seat_conflicts(self, accepted) -> dict[int, RowError]:
        """Two approved candidacies may not hold the same seat (contest, actor, number, position)."""
        active = [(row, c) for row, c, _ in accepted if c.status == Candidacy.Status.APPROVED]
        if not active:
            return {}
        leaving = {c.pk for _, c, _ in accepted if c.pk} | {r.pk for _, _, r in accepted if r is not None}
        taken: dict[tuple, str] = {}
        for c in (
            Candidacy.objects.filter(
                contest_id__in={c.contest_id for _, c in active},
                actor_id__in={c.actor_id for _, c in active},
                status=Candidacy.Status.APPROVED,
            )
            .exclude(pk__in=leaving)
            .only("registration_id", "contest_id", "actor_id", "formula_number", "position")
        ):
            taken[(c.contest_id, c.actor_id, c.formula_number, c.position)] = c.registration_id
        errors = {}
        for row, c in active:
            seat = (c.contest_id, c.actor_id, c.formula_number, c.position)
            holder = taken.get(seat)
            if holder is not None and holder != c.registration_id:
                errors[row.number] = RowError(
                    row.number,
                    "NUM_LISTA_O_FORMULA",
                    ImportErrorCode.SEAT_TAKEN,
                    f"La fórmula {c.formula_number} ({c.get_position_display().lower()}) de este actor en esta "
                    f"contienda ya la ocupa {holder}. Si es una sustitución, indíquelo en SUSTITUYE_A.",
                )
            else:
                taken[seat] = c.registration_id
        return errors

    def describe_integrity_error(self, exc):
        return "Choca con otra candidatura registrada (mismo identificador o mismo lugar en la fórmula)."
