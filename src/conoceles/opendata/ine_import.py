"""Reading the INE's open-data workbook (../shared/INE-FORMAT.md) as an import: candidacies with their curricular
and identity questionnaires, into the process of each ENTIDAD of the file.

`read` joins the two sheets on (NUM_LISTA_O_FORMULA, NOMBRE_CANDIDATO), never on row order, into one table that
the import machinery (conoceles.imports.base) runs like any other: preview, all or nothing, every bad row named.
`parse` finds what a row names and creates what the installation lacks (the entity's process with its identity
questions and capture rules; cargos, districts, municipalities, contests, actors), inside the import's transaction,
so a preview or a refused file leaves nothing behind. `save` writes the candidacies through the candidacy importer
(same updates, seats and history), then their curricular questionnaires and identity answers. Imported answers
carry no consent: they are published only once the candidate consents in the system. INE spellings:
conoceles.opendata.ine.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook
from simple_history.utils import bulk_update_with_history

from conoceles.candidacies.importers import POSITIONS, SEXES, CandidacyImporter
from conoceles.candidacies.models import Candidacy, Position
from conoceles.core.bulk import bulk_create_with_history
from conoceles.core.text import clean, fold
from conoceles.elections.catalog import provisional_municipality_key
from conoceles.elections.importers import contest_name
from conoceles.elections.models import (
    ENTITIES,
    Cargo,
    Contest,
    District,
    ElectoralProcess,
    Municipality,
    PoliticalActor,
)
from conoceles.imports.base import Importer, ImportResult, map_header
from conoceles.imports.error_codes import ImportErrorCode
from conoceles.imports.reading import FileFormatError, Table
from conoceles.imports.rows import Column, Row, RowError
from conoceles.questionnaires.models import CaptureRules, CurricularQuestionnaire, IdentityAnswer, IdentityQuestion
from conoceles.questionnaires.rubros import FIELDS_BY_NAME, NETWORK_FIELDS, Kind
from conoceles.questionnaires.services import (
    NETWORKS,
    capture_rules_for,
    clean_email,
    clean_network_url,
    clean_website,
    seed_identity_questions,
    visible_question_ids,
)

from . import ine

REASON = "Importación de datos abiertos del INE"
REQUIRED = set(ine.ID_HEADERS) - {"DISTRITO LOCAL", "CIRCUNSCRIPCION", "MUNICIPIO"}  # columns; cells as the cargo says
CANDIDATE_COLUMNS = tuple(Column(h, required=h in REQUIRED) for h in ine.CANDIDATES_HEADERS)
IDENTITY_COLUMNS = (
    Column("NUM_LISTA_O_FORMULA", required=True),
    Column("NOMBRE_CANDIDATO", required=True),
    Column("TIPO_CANDIDATO"),
)
# Columns of the joined table beyond the CANDIDATOS headers: where the identity row is, and its cells.
IDENTITY_ROW = "FILA_IDENTIDAD"
IDENTITY_POSITION = f"{ine.IDENTITY_SHEET}: TIPO_CANDIDATO"
QUESTION = re.compile(r"^\s*(\d+)\s*\.")  # a question's column, by its number («7. Su discapacidad…»)
POSITION_LABEL = "un tipo (PROPIETARIA, PROPIETARIO o SUPLENTE)"


def question_column(number: int) -> str:
    return f"{ine.IDENTITY_SHEET}: pregunta {number}"


def split_name(full: str) -> tuple[str, str, str]:
    """NOMBRE_CANDIDATO -> (nombre(s), primer apellido, segundo apellido): the last two words are the surnames, so
    Candidacy.full_name gives the cell back (a compound surname leaves a word in the first names)."""
    words = full.split()
    cut = max(len(words) - 2, 1)
    return " ".join(words[:cut]), *(words[cut:] + ["", ""])[:2]


def _plain(value):
    """A cell as read: whole numbers without «.0» (calamine reads every number as a float)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _cell(cells, index):
    return _plain(cells[index]) if index is not None and index < len(cells) else None


def _join_key(cells, positions) -> tuple[str, str] | None:
    formula, name = (clean(_cell(cells, positions.get(c))) for c in ("NUM_LISTA_O_FORMULA", "NOMBRE_CANDIDATO"))
    return (formula, fold(name)) if formula or name else None


def _read_sheets(path) -> list[list]:
    """The rows of both sheets, from .xls (BIFF8) or .xlsx; a missing identity sheet reads as empty."""
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            names = {ine.upper_plain(name): name for name in workbook.sheet_names}
            sheets = [
                workbook.get_sheet_by_name(names[sheet]).to_python(skip_empty_area=False) if sheet in names else []
                for sheet in (ine.CANDIDATES_SHEET, ine.IDENTITY_SHEET)
            ]
    except Exception as exc:  # calamine's errors: not a workbook, damaged, protected
        raise FileFormatError("El archivo no es un libro de Excel (.xls o .xlsx) válido.") from exc
    if not sheets[0]:
        raise FileFormatError(f"El libro no tiene la hoja «{ine.CANDIDATES_SHEET}».")
    return sheets


def _positions(header, columns, sheet: str) -> dict[str, int]:
    positions, missing = map_header(list(header), columns)
    if missing:
        raise FileFormatError(f"A la hoja «{sheet}» le faltan las columnas obligatorias {', '.join(missing)}.")
    return positions


@dataclass
class Candidate:
    key: str  # unique in the file: the registration id (or, in a row left out, the fórmula and the name)
    process: ElectoralProcess | None = None  # None: a row of another entity, left out
    values: dict = field(default_factory=dict)  # Candidacy fields
    curricular: dict | None = None  # CurricularQuestionnaire fields; None: nothing captured
    answers: dict = field(default_factory=dict)  # question id -> option ids


@dataclass
class Target:
    """A process the file writes to, with what its rows are checked and written with."""

    process: ElectoralProcess
    candidacies: CandidacyImporter  # writes the candidacies; its ProcessCatalog finds cargos, contests and actors
    rules: CaptureRules
    questions: dict[int, IdentityQuestion]  # by number
    districts: dict[int, District]  # by number


class IneImporter(Importer):
    kind = "ine"
    extensions = (".xls", ".xlsx")
    key_column = "NUM_LISTA_O_FORMULA"
    written_models = (
        Cargo,
        Contest,
        District,
        Municipality,
        PoliticalActor,
        Candidacy,
        Candidacy.history.model,
        CurricularQuestionnaire,
        CurricularQuestionnaire.history.model,
        IdentityAnswer,
        IdentityAnswer.options.through,
        IdentityAnswer.history.model,
    )

    def __init__(self, process=None, user=None, *, entity: int | None = None, election_day=None):
        """`process`: only the file's rows of its entity, into it. Else `entity` (1..32) picks one entity, or every
        entity of the file goes to its process: the active one with the latest election day, or the one whose
        election day is `election_day`; a missing process is created when `election_day` is given."""
        super().__init__(process, user)
        self.entity = process.entity if process else entity
        self.election_day = election_day
        self.targets: dict[int, Target] = {}  # by entity
        self.read_errors: list[RowError] = []  # of the join, found while reading
        self.created: defaultdict[str, int] = defaultdict(int)  # catalog rows created, for the preview

    # ------------------------------------------------------------------ reading

    def read(self, path, name: str | None = None) -> Table:
        if Path(name or path).suffix.lower() not in self.extensions:
            raise FileFormatError("El libro de datos abiertos del INE debe ser .xls o .xlsx.")
        candidates, identity = _read_sheets(path)
        own = _positions(candidates[0], CANDIDATE_COLUMNS, ine.CANDIDATES_SHEET)
        theirs = _positions(identity[0], IDENTITY_COLUMNS, ine.IDENTITY_SHEET) if identity else {}
        questions = {
            int(match.group(1)): index
            for index, header in enumerate(identity[0] if identity else ())
            if (match := QUESTION.match(str(header)))
        }
        joined: dict[tuple, tuple[int, list]] = {}
        for number, cells in enumerate(identity[1:], start=2):
            key = _join_key(cells, theirs)
            if key in joined:
                where = f"ya aparece en la fila {joined[key][0]} de la hoja {ine.IDENTITY_SHEET}"
                self._join_error(number, cells, theirs, ImportErrorCode.DUPLICATED_IN_FILE, where)
            elif key:
                joined[key] = (number, cells)
        in_candidates = {_join_key(cells, own) for cells in candidates[1:]}
        for key, (number, cells) in joined.items():
            if key not in in_candidates:
                where = f"no está en la hoja {ine.CANDIDATES_SHEET}"
                self._join_error(number, cells, theirs, ImportErrorCode.NOT_IN_CANDIDATES, where)
        header = [*own, IDENTITY_ROW, IDENTITY_POSITION, *map(question_column, questions)]
        self.columns = tuple(Column(name) for name in header)

        def rows():
            for cells in candidates[1:]:
                number, other = joined.get(_join_key(cells, own), (None, ()))
                yield [
                    *(_cell(cells, index) for index in own.values()),
                    number,
                    _cell(other, theirs.get("TIPO_CANDIDATO")),
                    *(_cell(other, index) for index in questions.values()),
                ]

        return Table(header, rows(), len(candidates) - 1)

    def _join_error(self, number, cells, positions, code, what) -> None:
        formula, name = (clean(_cell(cells, positions[c])) for c in ("NUM_LISTA_O_FORMULA", "NOMBRE_CANDIDATO"))
        column = f"{ine.IDENTITY_SHEET}: NOMBRE_CANDIDATO"
        self.read_errors.append(RowError(number, column, code, f"La fórmula {formula} de «{name}» {what}."))

    # ------------------------------------------------------------------ rows

    def parse(self, row: Row):
        text = row.require("ENTIDAD")
        entity = ine.entity_number(text) if text else None
        if text and entity is None:
            row.error("ENTIDAD", ImportErrorCode.UNKNOWN_ENTITY, f"«{text}» no es una entidad federativa.")
        if entity is None:
            return None
        if self.entity not in (None, entity):
            return Candidate(f"{row.text('NUM_LISTA_O_FORMULA')} {row.text('NOMBRE_CANDIDATO')}")
        target = self._target(row, entity)
        if target is None:
            return None
        cargo = self._cargo(row, target)
        contest = self._contest(row, target, cargo) if cargo else None
        actor = self._actor(row, target)
        formula = row.integer("NUM_LISTA_O_FORMULA", minimum=1) if row.require("NUM_LISTA_O_FORMULA") else None
        age = row.integer("EDAD", minimum=18, maximum=120)
        if age is None and not any(e.column == "EDAD" for e in row.errors):
            row.error("EDAD", ImportErrorCode.AGE_REQUIRED, "Indique la edad.")
        names = split_name(row.require("NOMBRE_CANDIDATO"))
        if any(len(part) > 120 for part in names):
            row.error("NOMBRE_CANDIDATO", ImportErrorCode.TOO_LONG, "Un nombre o apellido pasa de 120 caracteres.")
        position = self._position(row)
        values = {
            "contest_id": getattr(contest, "pk", None),
            "actor_id": getattr(actor, "pk", None),
            "formula_number": formula,
            "position": position,
            "first_name": names[0],
            "last_name": names[1],
            "second_last_name": names[2],
            "sex": row.choice("SEXO", SEXES, "un sexo (MUJER, HOMBRE o NO BINARIO)") if row.require("SEXO") else None,
            "declared_age": age,
        }
        # One seat: the fórmula of an actor in a contest (NUM_LISTA_O_FORMULA is unique only there: the INE's 2022 file
        # numbers every fórmula apart, but a list position repeats across contests), stable across re-imports.
        seat = f"{getattr(contest, 'pk', '-')}-{getattr(actor, 'pk', '-')}"
        registration_id = f"INE-{seat}-{formula}-{'S' if position == Position.ALTERNATE else 'P'}"
        curricular, answers = self._curricular(row, target), self._answers(row, target)
        return Candidate(registration_id, target.process, values, curricular, answers)

    def key(self, record: Candidate) -> str:
        """Two rows of one fórmula and one position (a suplente the CANDIDATOS sheet calls PROPIETARIA and no identity
        row corrects) would be one candidacy: the second is refused as a repetition."""
        return record.key

    def _target(self, row: Row, entity: int) -> Target | None:
        if entity in self.targets:
            return self.targets[entity]
        process = self.process or self._existing_process(entity)
        if process is None and self.election_day is None:
            row.error(
                "ENTIDAD",
                ImportErrorCode.PROCESS_MISSING,
                f"No hay un proceso electoral de {dict(ENTITIES)[entity]}: indique la jornada electoral para crearlo.",
            )
            return None
        process = process or self._create_process(entity)
        if not process.identity_questions.exists():
            seed_identity_questions(process)
        self.targets[entity] = Target(
            process,
            CandidacyImporter(process, self.user),
            capture_rules_for(process),
            {q.number: q for q in process.identity_questions.prefetch_related("options")},
            {d.number: d for d in process.districts.all()},
        )
        return self.targets[entity]

    def _existing_process(self, entity: int) -> ElectoralProcess | None:
        processes = ElectoralProcess.objects.filter(entity=entity)
        if self.election_day:
            processes = processes.filter(election_day=self.election_day)
        else:
            processes = processes.filter(is_active=True)
        return processes.order_by("-election_day").first()

    def _create_process(self, entity: int) -> ElectoralProcess:
        name = f"Proceso Electoral Local {dict(ENTITIES)[entity]} {self.election_day.year}"
        if ElectoralProcess.objects.filter(name=name).exists():
            name += f" (jornada {self.election_day:%d/%m/%Y})"
        return self._create(ElectoralProcess(name=name, entity=entity, election_day=self.election_day), "processes")

    def _create(self, obj, count: str):
        obj._history_user = self.user
        obj.save()
        self.created[f"{count}_created"] += 1
        return obj

    # ------------------------------------------------------------------ places and actors

    def _cargo(self, row: Row, target: Target) -> Cargo | None:
        text = row.require("CARGO")
        if not text:
            return None
        cargos = target.candidacies.catalog.cargos
        if fold(text) not in cargos:
            words = set(fold(text).split())
            if ine.parse_district(row.text("DISTRITO LOCAL")):
                scope = Cargo.Scope.DISTRICT
            elif row.text("MUNICIPIO"):
                scope = Cargo.Scope.MUNICIPALITY
            elif {"rp", "proporcional"} & words or row.text("CIRCUNSCRIPCION"):
                scope = Cargo.Scope.LIST
            else:
                scope = Cargo.Scope.ENTITY
            name = " ".join(w.upper() if w in {"mr", "rp"} else w for w in clean(text).lower().split())
            name = name[:1].upper() + name[1:]  # «DIPUTACIÓN LOCAL MR» -> «Diputación local MR»
            code = re.sub(r"[^A-Z0-9]+", "_", fold(text).upper()).strip("_")[:30]
            order = len(set(cargos.values())) + 1
            cargo = Cargo(process=target.process, code=code, name=name, scope=scope, order=order)
            cargos[fold(text)] = cargos[fold(code)] = self._create(cargo, "cargos")
        return cargos[fold(text)]

    def _contest(self, row: Row, target: Target, cargo: Cargo) -> Contest | None:
        district = municipality = circumscription = None
        if cargo.scope == Cargo.Scope.DISTRICT:
            district = self._district(row, target)
        elif cargo.scope == Cargo.Scope.MUNICIPALITY:
            municipality = self._municipality(row, target)
        elif cargo.scope == Cargo.Scope.LIST:
            circumscription = row.integer("CIRCUNSCRIPCION", minimum=1)
        if row.errors:
            return None
        contests = target.candidacies.catalog.contests
        place = (cargo.pk, getattr(district, "pk", None), getattr(municipality, "pk", None), circumscription)
        lists = [c for key, c in contests.items() if key[0] == cargo.pk] if cargo.scope == Cargo.Scope.LIST else []
        if place not in contests and len(lists) == 1:
            return lists[0]  # one RP list, whether or not the file gives its circunscripción
        if place not in contests:
            contest = Contest(
                process=target.process,
                cargo=cargo,
                district=district,
                municipality=municipality,
                circumscription=circumscription,
                name=contest_name(cargo, district, municipality, circumscription),
            )
            contests[place] = self._create(contest, "contests")
        return contests[place]

    def _district(self, row: Row, target: Target) -> District | None:
        text = row.text("DISTRITO LOCAL")
        parsed = ine.parse_district(text)
        if parsed is None:
            row.error(
                "DISTRITO LOCAL",
                ImportErrorCode.BAD_DISTRICT if text else ImportErrorCode.REQUIRED,
                f"«{text}» no es un distrito (p. ej. 15-CHETUMAL)." if text else "Este cargo se elige por distrito.",
            )
            return None
        number, head_town = parsed
        if number not in target.districts:
            district = District(process=target.process, number=number, head_town=head_town.title())
            target.districts[number] = self._create(district, "districts")
        return target.districts[number]

    def _municipality(self, row: Row, target: Target) -> Municipality | None:
        text = row.text("MUNICIPIO")
        if not text:
            row.error("MUNICIPIO", ImportErrorCode.REQUIRED, "Este cargo se elige por municipio.")
            return None
        known = target.candidacies.catalog.municipalities  # by INEGI key and by folded name
        if fold(text) not in known:
            key = provisional_municipality_key(target.process, known)
            municipality = Municipality(process=target.process, inegi_key=key, name=text.title())
            known[key] = known[fold(text)] = self._create(municipality, "municipalities")
        return known[fold(text)]

    def _actor(self, row: Row, target: Target) -> PoliticalActor | None:
        text = row.require("PARTIDO_COALICION")
        if not text:
            return None
        actors = target.candidacies.catalog.actors  # by folded acronym and name
        name = text.rstrip(". ")  # «VA POR QUINTANA ROO.»: the INE's stray period
        if fold(text) not in actors and fold(name) not in actors:
            acronym, n = name[:40], 1
            while fold(acronym) in actors:  # a long name whose first 40 characters another actor has
                n += 1
                acronym = f"{name[:36]} {n}"
            kind = PoliticalActor.Kind.INDEPENDENT if "independiente" in fold(name) else PoliticalActor.Kind.PARTY
            actor = PoliticalActor(process=target.process, kind=kind, acronym=acronym, name=name)
            actors[fold(name)] = actors[fold(acronym)] = self._create(actor, "actors")
        return actors.get(fold(text)) or actors[fold(name)]

    # ------------------------------------------------------------------ the person and the questionnaires

    def _position(self, row: Row) -> str | None:
        """TIPO_CANDIDATO of the identity sheet when there is one: the INE's CANDIDATOS sheet calls every woman
        suplente PROPIETARIA."""
        own, theirs = (row.choice(c, POSITIONS, POSITION_LABEL) for c in ("TIPO_CANDIDATO", IDENTITY_POSITION))
        if own and theirs and own != theirs:
            said = row.text(IDENTITY_POSITION)
            row.warn(
                "TIPO_CANDIDATO",
                ImportErrorCode.POSITION_FROM_IDENTITY,
                f"Dice {row.text('TIPO_CANDIDATO')} y en la hoja {ine.IDENTITY_SHEET} (fila {row.raw(IDENTITY_ROW)}) "
                f"dice {said}: se importa como {said}.",
            )
        if not row.text(IDENTITY_POSITION):
            row.require("TIPO_CANDIDATO")
        return theirs or own

    def _curricular(self, row: Row, target: Target) -> dict | None:
        cells = {header: ine.normalise_text(row.raw(header)) for header, _ in ine.CURRICULAR_COLUMNS}
        if not any(cells.values()):
            return None  # '' in every cell: nothing was captured («No proporcionó» says a field was left empty)
        values = {}
        for header, name in ine.CURRICULAR_COLUMNS:
            text = "" if ine.is_absent(cells[header]) else cells[header]
            if name is None:
                values.update(self._networks(row, text))
                continue
            spec = FIELDS_BY_NAME[name]
            if spec.kind == Kind.CHOICE and text:
                chosen = ine.ours(text, getattr(target.rules, spec.catalog))
                if chosen is None:
                    row.error(header, ImportErrorCode.UNKNOWN_VALUE, f"«{text}» no está en el catálogo del proceso.")
                text = chosen or ""
            elif spec.kind in (Kind.URL, Kind.EMAIL) and text:
                text = self._address(row, header, clean_website if spec.kind == Kind.URL else clean_email, text)
            elif spec.kind != Kind.LONG_TEXT:
                text = clean(text)
            values[name] = text
            size = CurricularQuestionnaire._meta.get_field(name).max_length  # None for a long text
            if spec.limit and len(text) > (limit := target.rules.limit(spec.limit)):
                row.warn(
                    header,
                    ImportErrorCode.OVER_LIMIT,
                    f"Tiene {len(text):,} caracteres; el máximo del proceso es {limit:,}. Se importó completo.",
                )
            elif size and len(text) > size:
                row.error(header, ImportErrorCode.TOO_LONG, f"Tiene {len(text):,} caracteres; admite {size:,}.")
        return values

    def _networks(self, row: Row, text: str) -> dict[str, str]:
        """REDES («url, url»): each address to its network's field by its domain, any other to «otra red»."""
        found, header = dict.fromkeys(NETWORK_FIELDS, ""), ine.NETWORKS_HEADER
        for url in re.split(r"[\s,;]+", text):
            if not url:
                continue
            host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()
            on = [n for n, (_, hosts, _) in NETWORKS.items() if any(host == h or host.endswith(f".{h}") for h in hosts)]
            name = next((n for n in (*on, "other_network") if not found[n]), None)  # a second profile: «otra red»
            if name is None:
                row.warn(header, ImportErrorCode.NOT_AN_ADDRESS, f"«{url}» no se importó: ya hay otra red en su lugar.")
            else:
                found[name] = self._address(row, header, lambda value, n=name: clean_network_url(n, value), url)
        return found

    def _address(self, row: Row, header: str, cleaner, text: str) -> str:
        """`text` as the capture would store it, or '' and a warning when it is not an address."""
        try:
            return cleaner(text)
        except ValidationError:
            row.warn(header, ImportErrorCode.NOT_AN_ADDRESS, f"«{text}» no es una dirección válida; no se importó.")
            return ""

    def _answers(self, row: Row, target: Target) -> dict[int, frozenset[int]]:
        chosen, where = {}, f"fila {row.raw(IDENTITY_ROW)} de la hoja {ine.IDENTITY_SHEET}"
        for number, question in target.questions.items():
            column = question_column(number)
            text = clean(ine.normalise_text(row.raw(column))) if row.has(column) else ""
            multiple = question.kind == IdentityQuestion.Kind.MULTIPLE
            if options := _options_in(text, list(question.options.all()), multiple):
                chosen[question.pk] = options
            elif not ine.is_absent(text):
                row.error(column, ImportErrorCode.UNKNOWN_VALUE, f"«{text}» no es una de sus respuestas ({where}).")
        shown = visible_question_ids(target.questions.values(), chosen)
        for question in target.questions.values():
            if question.pk in chosen and question.pk not in shown:
                del chosen[question.pk]
                row.warn(
                    question_column(question.number),
                    ImportErrorCode.HIDDEN_ANSWER,
                    f"Depende de la pregunta {question.parent.number}, cuya respuesta no la abre; no se importó "
                    f"({where}).",
                )
        return chosen

    # ------------------------------------------------------------------ writing

    def save(self, records, outcome: ImportResult) -> None:
        by_process = defaultdict(list)
        for row, record in records:
            if record.process is None:
                outcome.counts["skipped"] += 1
            else:
                by_process[record.process.entity].append((row, record))
        for entity, group in by_process.items():
            target = self.targets[entity]
            target.candidacies.save([(row, (r.key, r.values, "")) for row, r in group], outcome)
            self.changed_candidacy_ids |= target.candidacies.changed_candidacy_ids
            ids = dict(
                Candidacy.objects.filter(process=target.process, registration_id__in=[r.key for _, r in group])
                .values_list("registration_id", "pk")
            )
            written = [(ids[r.key], r) for _, r in group if r.key in ids]
            self._save_curricular({pk: r.curricular for pk, r in written if r.curricular is not None}, outcome)
            self._save_answers({(pk, qid): o for pk, r in written for qid, o in r.answers.items()}, outcome)

    def _save_curricular(self, given: dict[int, dict], outcome: ImportResult) -> None:
        stored = {q.candidacy_id: q for q in CurricularQuestionnaire.objects.filter(candidacy_id__in=given)}
        new, changed = [], []
        for pk, values in given.items():
            questionnaire = stored.get(pk)
            if questionnaire is None:
                new.append(CurricularQuestionnaire(candidacy_id=pk, **values))
            elif any(getattr(questionnaire, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(questionnaire, k, v)
                changed.append(questionnaire)
        bulk_create_with_history(new, user=self.user, reason=REASON)
        if changed:
            fields = [name for name in FIELDS_BY_NAME if name != "photo"]
            bulk_update_with_history(
                changed,
                CurricularQuestionnaire,
                fields,
                batch_size=500,
                default_user=self.user,
                default_change_reason=REASON,
            )
        outcome.counts["curricular_created"] += len(new)
        outcome.counts["curricular_updated"] += len(changed)
        self.changed_candidacy_ids.update(q.candidacy_id for q in new + changed)

    def _save_answers(self, given: dict[tuple[int, int], frozenset[int]], outcome: ImportResult) -> None:
        """The file's answers replace the stored ones it differs from; with their history and its options
        snapshot (what the history screen shows)."""
        stored = {
            (a.candidacy_id, a.question_id): a
            for a in IdentityAnswer.objects.filter(candidacy_id__in={c for c, _ in given}).prefetch_related("options")
        }
        differ = {k: a for k, a in stored.items() if k in given and {o.pk for o in a.options.all()} != given[k]}
        IdentityAnswer.objects.filter(pk__in=[a.pk for a in differ.values()]).delete()
        kept = stored.keys() - differ.keys()
        new = [IdentityAnswer(candidacy_id=c, question_id=q) for c, q in given.keys() - kept]
        bulk_create_with_history(new, user=self.user, reason=REASON)
        through = IdentityAnswer.options.through
        links = through.objects.bulk_create(
            through(identityanswer_id=a.pk, identityoption_id=option)
            for a in new
            for option in given[a.candidacy_id, a.question_id]
        )
        snapshot = IdentityAnswer.history.model._meta.get_field("historicalidentityanswer_options").related_model
        records = dict(IdentityAnswer.history.filter(id__in=[a.pk for a in new]).values_list("id", "history_id"))
        snapshot.objects.bulk_create(
            snapshot(
                id=link.pk,
                history_id=records[link.identityanswer_id],
                identityanswer_id=link.identityanswer_id,
                identityoption_id=link.identityoption_id,
            )
            for link in links
        )
        outcome.counts["answers_written"] += len(new)
        self.changed_candidacy_ids.update(a.candidacy_id for a in new)

    def finish(self, result: ImportResult) -> None:
        for error in self.read_errors:
            result.add_error(error)
        result.counts.update(self.created)
        if result.rows and result.counts["skipped"] == result.rows:
            message = f"El archivo no tiene filas de {dict(ENTITIES)[self.entity]}."
            result.add_error(RowError(0, "ENTIDAD", ImportErrorCode.NO_ROWS, message))
        for target in self.targets.values():
            if not target.process.sections.exists():
                result.add_warning(
                    RowError(
                        0,
                        "",
                        ImportErrorCode.NO_SECTIONS,
                        f"«{target.process}» aún no tiene secciones (el archivo del INE no las trae): la búsqueda "
                        "de la boleta por sección funcionará cuando se importe su geografía.",
                    )
                )

    def describe_integrity_error(self, exc):
        return "Choca con otra candidatura del proceso (el mismo identificador o el mismo lugar en la fórmula)."


def _options_in(text: str, options: list, multiple: bool) -> frozenset[int]:
    """The options an answer cell means: one for a single-choice question (`ine.ours`); for a multiple-choice one,
    every option whose label the cell contains (labels hold commas: «Ver, aunque use lentes»)."""
    if not text:
        return frozenset()
    if not multiple:
        label = ine.ours(text, [o.label for o in options])
        return frozenset(o.pk for o in options if o.label == label)
    remaining, chosen = fold(text), set()
    for option in sorted(options, key=lambda o: -len(o.label)):
        spelling = next((s for s in (fold(option.label), fold(ine.ine_label(option.label))) if s in remaining), None)
        if spelling:
            chosen.add(option.pk)
            remaining = remaining.replace(spelling, ",", 1)
    return frozenset(chosen) if not remaining.strip(" ,") else frozenset()
