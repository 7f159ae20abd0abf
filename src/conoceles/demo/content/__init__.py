"""The demo election a week into campaigns: filled questionnaires, consent, validations and open publication.

`fill_demo_content(process, seed=..., by=admin)` writes, deterministically for a seed:

- the cargos' publication window opened (`open_publication`): it starts at the campaign start or a week ago,
  whichever is earlier, and ends on election day, so the public site has content on any day before the election;
- curricular questionnaires for about 85 % of the approved candidacies (a tenth of them left incomplete), with
  texts composed from phrase banks (`texts`), a grado and estatus from the process's CaptureRules catalogs, some
  public contact data (example.org addresses, 555 telephone numbers) and one of a few stored portraits (`photos`);
- identity answers for about 60 % of them, after their consent (items 1, 2 and 3);
- the actor's validation of about 75 % of the complete ones: workflow and rubro states validated, with the events
  the real transition writes;
- a few planted cases for the content-rule assistants (near-copied proposals, another party named, a rival
  candidate named, a campaign slogan), returned in `ContentResult.planted`.

Rows are written with multi-row INSERTs in chunks of contests (`conoceles.core.bulk`), never holding the whole
election in memory: for a 200,000-candidacy demo, about 75 s and 250 MB on a 2-core machine. This bypasses the
services and django-simple-history: generated demo data has no capture history, which is fine for a demonstration
(the validation events are written, as the workflow would).
"""

import datetime
import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import reset_queries
from django.utils import timezone

from conoceles.accounts.models import Role
from conoceles.candidacies.models import Candidacy
from conoceles.changes import Reason, process_changed, rows_changed
from conoceles.core.bulk import analyze, insert_rows  # the imports' multi-row INSERT, for plain rows (no instances)
from conoceles.core.text import fold
from conoceles.elections.models import Contest, PoliticalActor
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.identity_catalog import NO, NOT_APPLICABLE, YES
from conoceles.questionnaires.models import (
    DECLINE_LABEL,
    ConsentFormat,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    IdentityQuestion,
    PrivacyNotice,
)
from conoceles.questionnaires.rubros import FIELDS_BY_NAME, RUBROS
from conoceles.questionnaires.services import capture_rules_for, current_notice
from conoceles.review.models import CandidacyWorkflow, RubroState, WorkflowEvent
from conoceles.review.states import State

from . import texts
from .photos import signed_format, store_demo_photos

CURRICULAR_SHARE = 0.85  # of approved candidacies
INCOMPLETE_SHARE = 0.10  # of filled questionnaires
IDENTITY_SHARE = 0.70  # of filled questionnaires: about 60 % of all
VALIDATED_SHARE = 0.75  # of complete questionnaires
CONSENT_YES = {1: 0.97, 2: 0.62, 3: 0.85}
PENDING_FORMATS = 4  # signed formats left for the reviewer's queue
DIRECT, SIGNED = ConsentRecord.Method.DIRECT.value, ConsentRecord.Method.SIGNED_FORMAT.value
PARTIAL_IDENTITY_SHARE = 0.10
DECLINE_SHARE = 0.03
# Planted cases: one every so many complete questionnaires (about 0.5 %, 0.5 %, 0.3 % and 0.3 %), the first ones
# early, so that even a 300-candidacy demo has each kind.
PLANT_EVERY = {"near_copy": 200, "party": 200, "rival": 333, "slogan": 333}
PLANT_FIRST = {"near_copy": 17, "party": 41, "rival": 67, "slogan": 89}
CONTESTS_PER_CHUNK = 150
PUBLICATION_LEAD = datetime.timedelta(days=7)

SLOGANS = [
    "¡Vota por el cambio!",
    "¡Este 6 de junio, vota por {town}!",
    "¡Juntos vamos a ganar!",
    "¡Vota y gana con nosotros!",
    "¡El 6 de junio, marca la boleta por el cambio!",
    "¡Ni un voto menos, vamos por todo!",
]
TOWN_OF = {"Benito Juárez": "Cancún", "Othón P. Blanco": "Chetumal", "Solidaridad": "Playa del Carmen"}
STATE_TOWNS = ["Chetumal", "Cancún", "Playa del Carmen", "Cozumel", "Felipe Carrillo Puerto", "Tulum", "Bacalar"]
AREA_CODES = ["983", "998", "984", "987"]
STREETS = ["Av. Insurgentes", "Calle 22 de Enero", "Av. Tulum", "Calle 5 de Mayo", "Av. Constituyentes", "Calle 30"]
NEIGHBOURHOODS = ["Col. Centro", "Col. Proterritorio", "Col. Jardines", "Supermanzana 23", "Col. Las Américas"]
EDUCATION_WEIGHTS = {
    "Sin estudios": 0.5,
    "Primaria": 2,
    "Secundaria": 5,
    "Preparatoria/Bachillerato": 15,
    "Técnica": 7,
    "Licenciatura": 45,
    "Especialidad": 6,
    "Maestría": 15,
    "Doctorado": 4,
    "Posdoctorado": 0.5,
}
HIGHER_EDUCATION = {"Licenciatura", "Especialidad", "Maestría", "Doctorado", "Posdoctorado"}
STATUS_WEIGHTS_HIGHER = {"Cursando": 8, "Trunco": 7, "Certificado": 5, "Título": 45, "Cédula profesional": 35}
STATUS_WEIGHTS_BASIC = {"Cursando": 3, "Trunco": 15, "Certificado": 80, "Título": 1, "Cédula profesional": 1}
BIRTH_ENTITIES = {
    "Quintana Roo": 55,
    "Yucatán": 15,
    "Ciudad de México": 6,
    "Campeche": 5,
    "Tabasco": 5,
    "Veracruz de Ignacio de la Llave": 5,
    "Chiapas": 4,
}
INCOME_WEIGHTS = [3, 10, 30, 30, 15, 8, 4]
INCOME_SOURCE_WEIGHTS = [55, 30, 8, 4, 3]
SWAP_WORDS = ["nuevas", "mejores", "integral", "municipal", "suficientes", "eficaces", "públicas", "abiertas"]


# --------------------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedCase:
    kind: str  # near_copy, party, rival, slogan
    candidacy_id: int
    field: str  # the CurricularQuestionnaire field that holds it
    detail: str  # the text planted: the copied proposal, the party's siglas or name, the rival's full name, the slogan
    source_id: int | None = None  # near_copy: the candidacy whose proposal was copied; rival: the rival's id


@dataclass
class ContentResult:
    questionnaires: int = 0
    complete: int = 0
    identity: int = 0
    consents: int = 0
    validated: int = 0
    photos: int = 0
    planted: list[PlantedCase] = field(default_factory=list)
    seconds: float = 0.0

    def planted_of(self, kind: str) -> list[PlantedCase]:
        return [case for case in self.planted if case.kind == kind]

    def summary(self) -> str:
        counts = ", ".join(f"{kind} {len(self.planted_of(kind))}" for kind in PLANT_EVERY)
        return (
            f"Contenido: {self.questionnaires:,} cuestionarios curriculares ({self.complete:,} completos, "
            f"{self.photos} fotografías), {self.identity:,} de identidad con consentimiento, {self.validated:,} "
            f"candidaturas validadas; casos sembrados: {counts} ({self.seconds:.1f} s)"
        )


# --------------------------------------------------------------------------------------------------------
# Publication window
# --------------------------------------------------------------------------------------------------------


def open_publication(process, today: datetime.date | None = None, *, by=None) -> int:
    """Start each cargo's publication at its campaign start or a week before `today`, whichever is earlier (the
    end stays: election day when none is set). Returns how many cargos changed."""
    today = today or timezone.localdate()
    earliest = today - PUBLICATION_LEAD
    changed = []
    for cargo in process.cargos.all():
        start = min(cargo.publication_start or earliest, earliest)
        if cargo.publication_end is not None and start > cargo.publication_end:
            continue
        if start != cargo.publication_start:
            cargo.publication_start = start
            cargo._history_user = by
            cargo.save(update_fields=["publication_start"])
            changed.append(cargo)
    rows_changed(*changed, reason=Reason.DEMO)
    return len(changed)


# --------------------------------------------------------------------------------------------------------
# The whole content
# --------------------------------------------------------------------------------------------------------


def fill_demo_content(process, *, seed: int, by, today: datetime.date | None = None) -> ContentResult:
    """Write the demo content of `process` (see the module docstring); `by` is the demo admin."""
    started = time.monotonic()
    open_publication(process, today, by=by)
    writer = _Writer(process, seed, by)
    writer.run()
    analyze(
        CurricularQuestionnaire,
        CandidacyWorkflow,
        RubroState,
        WorkflowEvent,
        ConsentFormat,
        ConsentRecord,
        IdentityAnswer,
        IdentityAnswer.options.through,
    )
    process_changed(process, reason=Reason.DEMO)  # after the multi-row INSERTs: the index of the whole process
    writer.result.seconds = time.monotonic() - started
    return writer.result


def _weighted(options: list[str], weights: dict[str, float], default: float = 3):
    """A draw from `options` (a CaptureRules catalog) with `weights` by label (`default` for labels not there)."""
    cumulative = list(itertools.accumulate(weights.get(o, default) for o in options))
    return lambda rng: rng.choices(options, cum_weights=cumulative)[0]


_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.")


def _slug(*parts: str) -> str:
    """'María José', 'de la Cruz' -> 'maria.de' (first words, folded, letters and digits only)."""
    return "".join(ch for ch in ".".join(fold(p).split(" ")[0] for p in parts if p) if ch in _SLUG_CHARS)


def _age(birth_date, declared_age, election_day) -> int:
    if birth_date is None:
        return declared_age or 40
    years = election_day.year - birth_date.year
    return years - ((election_day.month, election_day.day) < (birth_date.month, birth_date.day))


def _grammar(text: str) -> str:
    return text.replace(" de el ", " del ").replace(" a el ", " al ")


class _Writer:
    """Walks the candidacies contest chunk by contest chunk and writes their content."""

    def __init__(self, process, seed: int, by):
        self.process = process
        self.rng = texts.FastRandom(f"{seed}:content")
        self.by = by
        self.now = timezone.now()
        self.result = ContentResult()
        self.rules = capture_rules_for(process)
        self.draw_level = _weighted(self.rules.education_levels, EDUCATION_WEIGHTS)
        self.draw_higher_status = _weighted(self.rules.education_statuses, STATUS_WEIGHTS_HIGHER, default=5)
        self.draw_basic_status = _weighted(self.rules.education_statuses, STATUS_WEIGHTS_BASIC, default=5)
        self.notice = current_notice(process.pk, PrivacyNotice.Kind.INTEGRAL)
        self.photos = store_demo_photos(seed, self.rules.photo_max_side_px)
        self.result.photos = len(self.photos)
        self.evidence = self._store_evidence(seed) if self.notice else None
        self.pending_formats_left = PENDING_FORMATS
        reviewer = get_user_model().objects.filter(role=Role.REVIEWER, is_active=True).order_by("pk").first()
        self.format_reviewer = reviewer.pk if reviewer is not None else by.pk
        self.actors = {
            a.pk: a for a in PoliticalActor.objects.filter(process=process).prefetch_related("members").order_by("pk")
        }
        self.parties = [a for a in self.actors.values() if a.kind == PoliticalActor.Kind.PARTY]
        User = get_user_model()
        self.party_users = {}
        for user in User.objects.filter(role=Role.PARTY, actor__process=process, is_active=True).order_by("pk"):
            self.party_users.setdefault(user.actor_id, user.pk)
        self.candidate_users = dict(
            User.objects.filter(role=Role.CANDIDATE, candidacy__process=process, is_active=True).values_list(
                "candidacy_id", "pk"
            )
        )
        self.questions = self._questions()
        self.last_proposal: tuple[int, str] | None = None
        self.complete_seen = 0
        self.plant_due = dict(PLANT_FIRST)
        self.times = [self.now - datetime.timedelta(hours=h) for h in range(1, 24 * 7, 5)]

    # ---- shared files -------------------------------------------------------------------------------------

    def _store_evidence(self, seed: int) -> str:
        """One image standing for the consent formats the parties upload signed (stored once)."""
        field_ = ConsentFormat._meta.get_field("evidence")
        name = field_.generate_filename(None, f"demo-formato-consentimiento-{seed}.jpg")
        if not field_.storage.exists(name):
            name = field_.storage.save(name, ContentFile(signed_format()))
        return name

    def _questions(self) -> dict[int, tuple[int, dict[str, int]]]:
        """question number -> (question id, option label -> option id)."""
        result = {}
        for question in IdentityQuestion.objects.filter(process=self.process).prefetch_related("options"):
            result[question.number] = (question.pk, {o.label: o.pk for o in question.options.all()})
        return result

    # ---- the walk -----------------------------------------------------------------------------------------

    def run(self):
        contests = list(
            Contest.objects.filter(process=self.process)
            .order_by("pk")
            .values_list("pk", "cargo__code", "district__number", "district__head_town", "municipality__name")
        )
        for start in range(0, len(contests), CONTESTS_PER_CHUNK):
            self._chunk({c[0]: c for c in contests[start : start + CONTESTS_PER_CHUNK]})
            reset_queries()  # with DEBUG on, the logged multi-row INSERTs would pile up in memory

    def _chunk(self, contests: dict):
        rows = (
            Candidacy.objects.filter(contest_id__in=list(contests), status=Candidacy.Status.APPROVED)
            .order_by("contest_id", "pk")
            .values_list(
                "pk",
                "contest_id",
                "actor_id",
                "first_name",
                "last_name",
                "second_last_name",
                "sex",
                "birth_date",
                "declared_age",
                "affirmative_action",
                "consecutive_election",
            )
        )
        by_contest = defaultdict(list)
        for row in rows:
            by_contest[row[1]].append(row)
        out = defaultdict(list)
        identity_people = {}
        for contest_id, candidacies in by_contest.items():
            for row in candidacies:
                self._candidacy(row, contests[contest_id], candidacies, out, identity_people)
        self._flush(out, identity_people)

    def _author(self, row, contest) -> texts.Author:
        _, cargo, district, head_town, municipality = contest
        if municipality:
            place, town = municipality, TOWN_OF.get(municipality, municipality)
        elif district:
            place, town = f"el distrito {district}", head_town or "la cabecera"
        else:
            place, town = "Quintana Roo", self.rng.choice(STATE_TOWNS)
        actor = self.actors[row[2]]
        return texts.Author(
            sex=row[6],
            age=_age(row[7], row[8], self.process.election_day),
            cargo=cargo,
            place=place,
            town=town,
            group=row[9],
            independent=actor.kind == PoliticalActor.Kind.INDEPENDENT,
            consecutive=row[10],
        )

    def _candidacy(self, row, contest, contest_rows, out, identity_people):
        rng = self.rng
        if rng.random() >= CURRICULAR_SHARE:
            return
        candidacy_id = row[0]
        author = self._author(row, contest)
        values = self._curricular(rng, row, author)  # complete: every required field filled
        complete = True
        if rng.random() < INCOMPLETE_SHARE:
            for name in rng.sample(("photo", "proposal_2", "motivation", "education_status", "political"), 2):
                if name == "political":
                    values["political_trajectory"] = ""
                elif name == "proposal_2":
                    values["proposal_2"] = values["proposal_gender"] = ""
                else:
                    values[name] = ""
            # An emptied estatus may not apply («Sin estudios»): completeness.py decides.
            complete = curricular_completeness(CurricularQuestionnaire(**values), self.rules).complete
        if complete:
            self._plant(rng, candidacy_id, row, author, values, contest_rows)
        out["curricular"].append(values)
        self.result.questionnaires += 1
        if complete:
            self.result.complete += 1
            if rng.random() < VALIDATED_SHARE:
                self._validate(candidacy_id, row[2], out)
        if rng.random() < IDENTITY_SHARE and self.notice is not None:
            consent = {item: rng.random() < share for item, share in CONSENT_YES.items()}
            in_force = self._consent(candidacy_id, row[2], consent, out)
            if in_force and consent[1]:
                identity_people[candidacy_id] = self._identity(rng, author)
                self.result.identity += 1

    # ---- curricular ---------------------------------------------------------------------------------------

    def _curricular(self, rng, row, author: texts.Author) -> dict:
        rules = self.rules
        level = self.draw_level(rng)
        status = ""
        if rules.status_applies(level):
            status = (self.draw_higher_status if level in HIGHER_EDUCATION else self.draw_basic_status)(rng)
        profession = texts.profession_for(rng)
        if level not in HIGHER_EDUCATION:
            while profession[2] is not None and rng.random() < 0.8:
                profession = texts.profession_for(rng)
        pad = [_grammar(s) for s in texts.padding(rng, author)] if rules.min_text_length else []

        def long_text(sentences, name):
            minimum = rules.min_text_length if FIELDS_BY_NAME[name].minimum else 0
            return texts.fit([_grammar(s) for s in sentences], minimum, rules.limit(FIELDS_BY_NAME[name].limit), pad)

        proposal_1, proposal_2 = texts.proposals(rng, author)
        slug = _slug(row[3], row[4]) + str(rng.randrange(10, 1000))
        values = {
            "candidacy_id": row[0],
            "photo": rng.choice(self.photos),
            "facebook": f"https://www.facebook.com/{slug}" if rng.random() < 0.7 else "",
            "x": f"https://x.com/{slug.replace('.', '_')}" if rng.random() < 0.35 else "",
            "instagram": f"https://www.instagram.com/{slug}" if rng.random() < 0.45 else "",
            "youtube": f"https://www.youtube.com/@{slug.replace('.', '')}" if rng.random() < 0.08 else "",
            "tiktok": f"https://www.tiktok.com/@{slug}" if rng.random() < 0.25 else "",
            "other_network": f"https://social.example.org/@{slug.replace('.', '')}" if rng.random() < 0.03 else "",
            "website": f"https://{slug.replace('.', '-')}.example.org" if rng.random() < 0.15 else "",
            "public_email": f"contacto.{slug}@example.org" if rng.random() < 0.4 else "",
            "public_phone": (
                f"{rng.choice(AREA_CODES)} 555 {rng.randrange(1000, 10000)}" if rng.random() < 0.3 else ""
            ),
            "campaign_address": (
                f"{rng.choice(STREETS)} {rng.randrange(1, 400)}, {rng.choice(NEIGHBOURHOODS)}, {author.town}"
                if rng.random() < 0.25
                else ""
            ),
            "education_level": level,
            "education_status": status,
            "other_training": (
                long_text([texts.other_training(rng, author)], "other_training") if rng.random() < 0.6 else ""
            ),
            "professional_history": long_text(
                texts.professional_history(rng, author, profession), "professional_history"
            ),
            "political_trajectory": long_text(texts.political_trajectory(rng, author), "political_trajectory"),
            "motivation": long_text(texts.motivation(rng, author), "motivation"),
            "proposal_1": long_text(proposal_1, "proposal_1"),
            "proposal_2": long_text(proposal_2, "proposal_2"),
            "proposal_gender": long_text(texts.proposal_gender(rng, author), "proposal_gender"),
            "created_at": rng.choice(self.times),
            "updated_at": self.now,
        }
        return values

    # ---- planted cases ------------------------------------------------------------------------------------

    def _plant(self, rng, candidacy_id, row, author, values, contest_rows):
        """Plant the first kind that is due at this complete questionnaire (a kind that cannot be planted here,
        e.g. a rival in a contest without one, stays due for the next)."""
        self.complete_seen += 1
        kind = next((k for k, due in self.plant_due.items() if due <= self.complete_seen), None)
        case = None
        if kind == "near_copy" and self.last_proposal is not None:
            source_id, text = self.last_proposal
            copied = self._near_copy(rng, text)
            if self.rules.min_text_length <= len(copied) <= self.rules.proposal_max:
                values["proposal_1"] = copied
                case = PlantedCase(kind, candidacy_id, "proposal_1", copied, source_id)
        elif kind == "party":
            own = self.actors[row[2]]
            members = {m.pk for m in own.members.all()} | {own.pk}
            others = [p for p in self.parties if p.pk not in members]
            if others:
                party = rng.choice(others)
                sentence, mention = rng.choice(
                    (
                        (f"Antes colaboré con el {party.name} ({party.acronym}), del que me separé.", party.acronym),
                        (f"No comparto lo que el {party.acronym} ha hecho en este lugar.", party.acronym),
                        (f"Me formé en las juventudes del {party.name}.", party.name),
                    )
                )
                case = self._insert_sentence(values, "political_trajectory", sentence, mention, candidacy_id, kind)
        elif kind == "rival":
            rivals = [r for r in contest_rows if r[2] != row[2]]
            if rivals:
                rival = rng.choice(rivals)
                name = " ".join(p for p in rival[3:6] if p)
                sentence = f"A diferencia de {name}, yo sí conozco las necesidades de la gente."
                case = self._insert_sentence(values, "motivation", sentence, name, candidacy_id, kind, rival[0])
        elif kind == "slogan":
            slogan = rng.choice(SLOGANS).format(town=author.town)
            case = self._insert_sentence(values, "proposal_2", slogan, slogan, candidacy_id, kind)
        if case is not None:
            self.result.planted.append(case)
            self.plant_due[kind] += PLANT_EVERY[kind]
        elif rng.random() < 0.05 or self.last_proposal is None:
            self.last_proposal = (candidacy_id, values["proposal_1"])

    def _insert_sentence(self, values, name, sentence, detail, candidacy_id, kind, source_id=None):
        """The sentence after the text's first one (so that trimming to the limit keeps it)."""
        text = values[name]
        first, dot, rest = text.partition(". ")
        new = f"{first}{dot}{sentence} {rest}".strip() if dot else f"{text} {sentence}"
        limit = self.rules.limit(FIELDS_BY_NAME[name].limit)
        if len(new) > limit:
            return None
        values[name] = new
        return PlantedCase(kind, candidacy_id, name, detail, source_id)

    @staticmethod
    def _near_copy(rng, text: str) -> str:
        """The text with two of its longer words replaced."""
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha() and w.islower()]
        for index in rng.sample(candidates, min(2, len(candidates))):
            words[index] = rng.choice(SWAP_WORDS)
        return " ".join(words)

    # ---- validation, consent and identity -----------------------------------------------------------------

    def _validate(self, candidacy_id, actor_id, out):
        by = self.party_users.get(actor_id, self.by.pk)
        at = self.now
        draft, validated = State.DRAFT.value, State.VALIDATED.value
        out["workflow"].append([candidacy_id, validated, at])
        out["events"].append([candidacy_id, "", draft, validated, by, at, ""])
        for rubro in RUBROS:
            out["rubros"].append([candidacy_id, rubro.code, validated, at])
            out["events"].append([candidacy_id, rubro.code, draft, validated, by, at, ""])
        self.result.validated += 1

    def _consent(self, candidacy_id, actor_id, consent, out):
        """The candidate's own answer when she has an account; else the signed format her party uploaded, accepted by
        the institute's review (the first PENDING_FORMATS stay pending, for the reviewer's queue: until then the
        candidacy has no consent in force, and no identity answers here). Returns whether the consent is in force."""
        at = self.rng.choice(self.times)
        candidate = self.candidate_users.get(candidacy_id)
        if candidate is not None:
            for item, given in consent.items():
                out["consent"].append([candidacy_id, item, given, self.notice.pk, candidate, at, DIRECT, None, None])
        else:
            uploader = self.party_users.get(actor_id, self.by.pk)
            pending = self.pending_formats_left > 0
            self.pending_formats_left -= pending
            status, decided_by, decided_at = (
                (ConsentFormat.Status.PENDING.value, None, None)
                if pending
                else (ConsentFormat.Status.ACCEPTED.value, self.format_reviewer, at + datetime.timedelta(hours=4))
            )
            out["formats"].append([candidacy_id, self.evidence, uploader, at, status, decided_by, decided_at])
            out["format_consent"].extend([candidacy_id, item, given, uploader, at] for item, given in consent.items())
        self.result.consents += 1
        return candidate is not None or not pending

    def _identity(self, rng, author: texts.Author) -> dict[int, tuple[list[str], str]]:
        """question number -> (option labels, detail), plausible and consistent with group and age."""
        answers: dict[int, tuple[list[str], str]] = {}

        def yes_no(number, yes_share, forced=False):
            if not forced and rng.random() < DECLINE_SHARE:
                answers[number] = ([DECLINE_LABEL], "")
                return False
            yes = forced or rng.random() < yes_share
            answers[number] = ([YES if yes else NO], "")
            return yes

        def one(number, labels, weights=None):
            if rng.random() < DECLINE_SHARE:
                answers[number] = ([DECLINE_LABEL], "")
            else:
                answers[number] = ([rng.choices(labels, weights=weights)[0]], "")

        group = author.group
        indigenous = yes_no(1, 0.12, group == "indigenous")
        yes_no(2, 0.7 if indigenous else 0.05)
        answers[3] = (["Maya" if rng.random() < 0.9 else "Tsotsil"] if indigenous else [NOT_APPLICABLE], "")
        if yes_no(4, 0.04, group == "disability"):
            one(5, ["Permanente", "Temporal"], [8, 2])
            one(6, ["Física", "Sensorial", "Mental", "Intelectual"], [5, 3, 1, 1])
            options = ["Caminar, subir o bajar escaleras", "Ver, aunque use lentes", "Oír, aunque use aparato auditivo"]
            answers[7] = (rng.sample(options, rng.randrange(1, 3)), "")
        yes_no(8, 0.02, group == "afromexican")
        if yes_no(9, 0.04, group == "lgbt"):
            if author.sex == "X":
                answers[10] = (["Persona queer o no binaria"], "")
            else:
                one(10, ["Hombre gay", "Mujer lesbiana", "Persona bisexual", "Mujer trans", "Hombre trans"])
        if yes_no(11, 0.02, group == "migrant"):
            one(12, ["Estados Unidos de América", "Canadá", "España", "Belice"], [8, 1, 1, 1])
            one(13, ["0 a 5 años", "6 a 15 años", "Más de 15 años"])
            one(14, ["Familiar", "Estudio", "Trabajo", "Otro"], [3, 2, 5, 1])
            yes_no(15, 0.5)
        yes_no(16, 0, author.age <= 29 or group == "youth")
        yes_no(17, 0, author.age >= 60 or group == "elderly")
        one(
            18,
            [
                "No recibe ingresos",
                "Menos de $11,000",
                "$11,001–$25,000",
                "$25,001–$50,000",
                "$50,001–$75,000",
                "$75,001–$112,000",
                "Más de $112,000",
            ],
            INCOME_WEIGHTS,
        )
        one(
            19,
            [
                "Salario",
                "Negocio propio",
                "Compañía o empresa registrada con 5 empleados o más",
                "No ha laborado en los 3 meses anteriores",
                "Otra",
            ],
            INCOME_SOURCE_WEIGHTS,
        )
        one(20, list(BIRTH_ENTITIES), list(BIRTH_ENTITIES.values()))
        if rng.random() < PARTIAL_IDENTITY_SHARE:  # stopped halfway: the later questions stay unanswered
            stop = rng.randrange(4, 18)
            answers = {n: a for n, a in answers.items() if n < stop}
        return answers

    # ---- writing ------------------------------------------------------------------------------------------

    def _flush(self, out, identity_people):
        if out["curricular"]:
            names = list(out["curricular"][0])
            _insert_rows(CurricularQuestionnaire, names, [list(v.values()) for v in out["curricular"]])
        _insert_rows(CandidacyWorkflow, ["candidacy", "state", "updated_at"], out["workflow"])
        _insert_rows(RubroState, ["candidacy", "rubro", "state", "updated_at"], out["rubros"])
        _insert_rows(
            WorkflowEvent, ["candidacy", "rubro", "from_state", "to_state", "by", "at", "reason"], out["events"]
        )
        _insert_rows(
            ConsentFormat,
            ["candidacy", "evidence", "uploaded_by", "uploaded_at", "status", "decided_by", "decided_at"],
            out["formats"],
        )
        format_of = dict(
            ConsentFormat.objects.filter(candidacy_id__in=[row[0] for row in out["formats"]]).values_list(
                "candidacy_id", "pk"
            )
        )
        records = out["consent"] + [
            [candidacy_id, item, given, self.notice.pk, by, at, SIGNED, None, format_of[candidacy_id]]
            for candidacy_id, item, given, by, at in out["format_consent"]
        ]
        columns = ["candidacy", "item", "given", "notice", "recorded_by", "recorded_at", "method", "evidence"]
        _insert_rows(ConsentRecord, [*columns, "source_format"], records)
        if not identity_people:
            return
        answer_rows, chosen = [], {}
        for candidacy_id, answers in identity_people.items():
            for number, (labels, detail) in answers.items():
                question = self.questions.get(number)
                if question is None:
                    continue
                question_id, options = question
                option_ids = [options[label] for label in labels if label in options]
                if option_ids:
                    answer_rows.append([candidacy_id, question_id, detail, self.now])
                    chosen[candidacy_id, question_id] = option_ids
        _insert_rows(IdentityAnswer, ["candidacy", "question", "detail", "updated_at"], answer_rows)
        through = IdentityAnswer.options.through
        links = []
        stored = IdentityAnswer.objects.filter(candidacy_id__in=list(identity_people)).values_list(
            "pk", "candidacy_id", "question_id"
        )
        for answer_id, candidacy_id, question_id in stored:
            links.extend([answer_id, option_id] for option_id in chosen.get((candidacy_id, question_id), ()))
        _insert_rows(through, ["identityanswer", "identityoption"], links)


def _insert_rows(model, names: list[str], rows: list[list]) -> None:
    """Multi-row INSERTs of plain rows (no model instances, no history): `names` are field names (`candidacy_id`
    style attnames accepted too); any other column gets its field's default (auto_now ones: now)."""
    if not rows:
        return
    fields = [model._meta.get_field(name.removesuffix("_id")) for name in names]
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f not in fields]
    now = timezone.now()
    defaults = [
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default() for f in others
    ]
    if defaults:
        rows = [[*row, *defaults] for row in rows]
    insert_rows(model, fields + others, rows, returning=False)
