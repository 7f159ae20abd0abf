"""One record per candidacy for every open-data file (DOMAIN.md §6, §10): the INE workbook's two rows, our own JSON.

`records(process, scope)` walks a process's candidacies in ballot order and yields a `Record` per candidacy, loading
them in chunks (a few queries per chunk, whatever the election's size), so writers stream in constant memory.

What a record may hold is decided here and nowhere else:
- `Scope.PUBLIC` (open-data releases): the candidacies the publication gate shows today (`review.publication`),
  with only their public rubros — a rubro under review has empty cells, as it has no content on the site;
- `Scope.INSTITUTE` (the institute's own full export): every approved candidacy of the process, every rubro;
- in both, identity answers only of candidacies whose consent in force to publish them (item 2) is given
  (`questionnaires.services.consent.consents_for`, the one consent function); every other row's identity cells are
  blank. The «especifique» texts, private e-mail, birth date, consent evidence and accounts are never read.
"""

import datetime
import enum
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy
from conoceles.elections.models import Cargo, PoliticalActor
from conoceles.public.profiles import photo_version, public_groups
from conoceles.questionnaires.models import CaptureRules, ConsentItem, IdentityAnswer, IdentityQuestion
from conoceles.questionnaires.rubros import NETWORK_FIELDS, RUBROS
from conoceles.questionnaires.services.consent import consents_for
from conoceles.review.publication import public_rubros, published_q

from . import ine

CHUNK = 1000
RUBRO_OF_FIELD = {f.name: rubro.code for rubro in RUBROS for f in rubro.fields}
RUBRO_CODES = tuple(rubro.code for rubro in RUBROS)
ORDER = (
    "contest__cargo__order",
    "contest__cargo__name",
    "contest__district__number",
    "contest__municipality__name",
    "contest__circumscription",
    "actor__order",
    "actor__acronym",
    "formula_number",
    "-position",  # propietaria/o before suplente
    "pk",
)


def _url_of(name: str):
    """pk -> the URL path of route `name`: reversed once, not once per row (reverse() dominates a large export)."""
    marker = "987654321"
    template = reverse(name, args=[int(marker)])
    return lambda pk: template.replace(marker, str(pk))


class Scope(enum.StrEnum):
    PUBLIC = "public"
    INSTITUTE = "institute"


@dataclass(frozen=True)
class Question:
    pk: int
    number: int
    header: str
    multiple: bool


@dataclass
class Record:
    pk: int
    candidates: list  # the 25 cells of sheet CANDIDATOS
    identity: list  # the 11 identification cells and one per question of sheet CUESTIONARIO IDENTIDAD
    networks: list[str]  # the public social-network URLs (INE JSON `redesSociales`)
    own: dict  # our own JSON's object
    digests: dict[str, str] = field(default_factory=dict)  # part -> hash of its cells, for the changelog


def questions(process) -> list[Question]:
    """The process's identity questions in the order the sheet writes them."""
    rows = IdentityQuestion.objects.filter(process=process).order_by("order", "number")
    return [Question(q.pk, q.number, q.export_header or str(q), q.kind == IdentityQuestion.Kind.MULTIPLE) for q in rows]


def identity_headers(process) -> list[str]:
    return [*ine.IDENTITY_ID_HEADERS, *(q.header for q in questions(process))]


def candidacies(process, scope: Scope, today: datetime.date | None = None):
    queryset = Candidacy.objects.filter(process=process, status=Candidacy.Status.APPROVED)
    if scope == Scope.PUBLIC:
        queryset = queryset.filter(published_q(today or timezone.localdate()))
    return queryset


def records(process, scope: Scope, today: datetime.date | None = None) -> Iterator[Record]:
    """Every record of `process` in `scope`, in ballot order (cargo, place, actor, fórmula, propietaria first)."""
    builder = _Builder(process, scope)
    ids = candidacies(process, scope, today).order_by(*ORDER).values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    while chunk := list(islice(ids, CHUNK)):
        yield from builder.build(chunk)


class _Builder:
    def __init__(self, process, scope: Scope):
        self.process = process
        self.scope = scope
        self.questions = questions(process)
        try:
            self.rules = process.capture_rules
        except CaptureRules.DoesNotExist:
            self.rules = CaptureRules(process=process)
        self.entity = ine.upper_plain(process.get_entity_display())
        self.profile_url = _url_of("public:profile")
        self.photo_url = _url_of("public:photo")

    def build(self, ids: list[int]) -> list[Record]:
        rows = (
            Candidacy.objects.filter(pk__in=ids)
            .select_related("contest__cargo", "contest__district", "contest__municipality", "actor", "curricular")
            .prefetch_related(Prefetch("actor__members", queryset=PoliticalActor.objects.only("acronym", "order")))
        )
        by_pk = {}
        for c in rows:
            c.process = self.process  # the age is counted on its election day
            by_pk[c.pk] = c
        ordered = [by_pk[pk] for pk in ids if pk in by_pk]
        shown = public_rubros(ids) if self.scope == Scope.PUBLIC else dict.fromkeys(ids, frozenset(RUBRO_CODES))
        consents = consents_for(ids)
        consenting = [pk for pk in ids if consents[pk][ConsentItem.PUBLICATION] is True]
        answers = self._answers(consenting)
        groups = public_groups(ordered)
        return [self._record(c, shown[c.pk], c.pk in answers, answers.get(c.pk, {}), groups[c.pk]) for c in ordered]

    @staticmethod
    def _answers(consenting: list[int]) -> dict[int, dict[int, list[str]]]:
        """candidacy -> question -> the chosen options' labels (in the catalog's order), for consenting candidacies.
        A candidacy that consented but answered nothing maps to {} (its cells are «unanswered», not withheld)."""
        answers: dict[int, dict[int, list[str]]] = {pk: {} for pk in consenting}
        if not consenting:
            return answers
        rows = (
            IdentityAnswer.objects.filter(candidacy_id__in=consenting)
            .order_by("candidacy_id", "question_id", "options__order", "options__pk")
            .values_list("candidacy_id", "question_id", "options__label")
        )
        for candidacy_id, question_id, label in rows:
            if label is not None:
                answers[candidacy_id].setdefault(question_id, []).append(label)
        return answers

    # ----------------------------------------------------------------------------------------------------------
    def _record(self, c: Candidacy, shown: frozenset[str], consented: bool, answers: dict, groups: list[str]):
        ident = self._identification(c)
        questionnaire = getattr(c, "curricular", None)
        cells, networks, rubros = self._curricular(c, questionnaire, shown)
        identity_cells = [self._answer(q, answers) if consented else ine.WITHHELD for q in self.questions]
        own = self._own(c, questionnaire, shown, rubros, consented, answers, groups)
        record = Record(
            pk=c.pk,
            candidates=[*ident, *cells],
            identity=[*ident, *identity_cells],
            networks=networks,
            own=own,
        )
        record.digests = _digests(ident, cells, identity_cells, own)
        return record

    def _identification(self, c: Candidacy) -> list:
        contest = c.contest
        cargo = contest.cargo
        district = contest.district
        is_list = cargo.scope == Cargo.Scope.LIST
        circumscription = str(contest.circumscription or 1) if is_list else ine.NOT_APPLICABLE
        return [
            c.actor.name,
            ine.cargo_label(cargo.name),
            self.entity,
            ine.district_label(district.number, district.head_town) if district else ine.NOT_APPLICABLE,
            circumscription,
            ine.upper_plain(contest.municipality.name) if contest.municipality_id else ine.NOT_APPLICABLE,
            c.formula_number,
            c.full_name,
            ine.position_label(c.position, c.sex),
            c.age if c.age is not None else "",
            ine.SEX.get(c.sex, ""),
        ]

    def _curricular(self, c, questionnaire, shown) -> tuple[list[str], list[str], dict[str, dict[str, str]]]:
        """The 14 curricular cells, the public network URLs and, per shown rubro, field -> exported value."""
        cells: list[str] = []
        rubros: dict[str, dict[str, str]] = {code: {} for code in RUBRO_CODES if code in shown}
        networks: list[str] = []
        if questionnaire is not None and "general" in shown:
            networks = [url for name in NETWORK_FIELDS if (url := getattr(questionnaire, name))]
            for name in NETWORK_FIELDS:
                rubros["general"][name] = getattr(questionnaire, name)
        for header, name in ine.CURRICULAR_COLUMNS:
            rubro = "general" if name is None else RUBRO_OF_FIELD[name]
            if questionnaire is None or rubro not in shown:
                cells.append(ine.WITHHELD)  # nothing captured, or not public: '' as the INE writes an uncaptured row
                continue
            if name is None:
                cells.append(ine.NETWORK_SEPARATOR.join(networks) or ine.NOT_PROVIDED)
                continue
            value = self._value(questionnaire, name)
            rubros[rubro][name] = value
            if not value:
                value = "" if header == "CORREO_ELECTRONICO" else ine.NOT_PROVIDED
            cells.append(value)
        return cells, networks, rubros

    def _value(self, questionnaire, name: str) -> str:
        value = (getattr(questionnaire, name) or "").strip()
        if name == "education_status":
            level = questionnaire.education_level
            if level and not self.rules.status_applies(level):
                return value or ine.NOT_APPLICABLE
        if name in ("education_level", "education_status"):
            return ine.ine_label(value)
        return value

    @staticmethod
    def _answer(question: Question, answers: dict[int, list[str]]) -> str:
        labels = answers.get(question.pk)
        if not labels:
            return ine.UNANSWERED
        return ine.MULTIPLE_SEPARATOR.join(ine.ine_label(label) for label in labels)

    def _own(self, c, questionnaire, shown, rubros, consented, answers, groups) -> dict:
        contest = c.contest
        district, municipality = contest.district, contest.municipality
        photo = ""
        if questionnaire is not None and questionnaire.photo and "general" in shown:
            photo = f"{self.photo_url(c.pk)}?v={photo_version(questionnaire.photo.name)}"
        return {
            "id": c.pk,
            "proceso": self.process.pk,
            "cargo": {"id": contest.cargo_id, "nombre": contest.cargo.name},
            "contienda": {"id": contest.pk, "nombre": contest.name},
            "distrito": {"numero": district.number, "cabecera": district.head_town} if district else None,
            "municipio": {"clave": municipality.inegi_key, "nombre": municipality.name} if municipality else None,
            "circunscripcion": contest.circumscription,
            "actor": {
                "id": c.actor_id,
                "siglas": c.actor.acronym,
                "nombre": c.actor.name,
                "tipo": c.actor.kind,
                "integrantes": [m.acronym for m in sorted(c.actor.members.all(), key=lambda m: (m.order, m.acronym))],
            },
            "formula": c.formula_number,
            "tipo": ine.position_label(c.position, c.sex).lower(),
            "nombre": c.full_name,
            "sexo": c.get_sex_display(),
            "edad": c.age,
            "eleccion_consecutiva": c.consecutive_election,
            "accion_afirmativa": AffirmativeActionGroup(c.affirmative_action).label if c.affirmative_action else None,
            "grupos": [AffirmativeActionGroup(g).label for g in groups],
            "perfil": self.profile_url(c.pk),
            "foto": photo or None,
            "rubros": {code: rubros.get(code) for code in RUBRO_CODES},  # None: not public (or never captured)
            "identidad": (
                {q.header.strip(): self._answer(q, answers).strip() or None for q in self.questions}
                if consented
                else None
            ),
        }


def _digests(ident: list, cells: list, identity_cells: list, own: dict) -> dict[str, str]:
    """A short hash of each part of a record (identification, each rubro, identity) for the release changelog."""
    parts: dict[str, list] = defaultdict(list)
    parts["datos"] = [*ident, own["accion_afirmativa"], own["eleccion_consecutiva"], own["grupos"], own["foto"]]
    for (_, name), cell in zip(ine.CURRICULAR_COLUMNS, cells, strict=True):
        parts["general" if name is None else RUBRO_OF_FIELD[name]].append(cell)
    parts["identidad"] = identity_cells
    return {part: hashlib.sha256(repr(values).encode()).hexdigest()[:16] for part, values in parts.items()}
