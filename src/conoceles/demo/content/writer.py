"""The walk of the demo content: the approved candidacies, contest chunk by contest chunk, and what each one gets
(a curricular questionnaire, the actor's validation, consent and identity answers), collected as plain rows and
written by `inserts.write_rows` once per chunk."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import reset_queries
from django.utils import timezone

from conoceles.accounts.models import Role
from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import Contest, PoliticalActor
from conoceles.questionnaires.completeness import curricular_completeness
from conoceles.questionnaires.models import (
    ConsentFormat,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityQuestion,
    PrivacyNotice,
)
from conoceles.questionnaires.rubros import RUBROS
from conoceles.questionnaires.services import capture_rules_for, current_notice
from conoceles.review.states import State

from . import texts
from .curricular import CurricularComposer
from .identity import identity_answers
from .inserts import write_rows
from .photos import signed_format, store_demo_photos
from .planted import PLANT_EVERY, PlantedCase, Planter

CURRICULAR_SHARE = 0.85  # of approved candidacies
INCOMPLETE_SHARE = 0.10  # of filled questionnaires
IDENTITY_SHARE = 0.70  # of filled questionnaires: about 60 % of all
VALIDATED_SHARE = 0.75  # of complete questionnaires
CONSENT_YES = {1: 0.97, 2: 0.62, 3: 0.85}
PENDING_FORMATS = 4  # signed formats left for the reviewer's queue
DIRECT = ConsentRecord.Method.DIRECT.value
CONTESTS_PER_CHUNK = 150
TOWN_OF = {"Benito Juárez": "Cancún", "Othón P. Blanco": "Chetumal", "Solidaridad": "Playa del Carmen"}
STATE_TOWNS = ["Chetumal", "Cancún", "Playa del Carmen", "Cozumel", "Felipe Carrillo Puerto", "Tulum", "Bacalar"]


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


def _age(birth_date, declared_age, election_day) -> int:
    if birth_date is None:
        return declared_age or 40
    years = election_day.year - birth_date.year
    return years - ((election_day.month, election_day.day) < (birth_date.month, birth_date.day))


class ContentWriter:
    """Walks the candidacies contest chunk by contest chunk and writes their content."""

    def __init__(self, process, seed: int, by):
        self.process = process
        self.rng = texts.FastRandom(f"{seed}:content")
        self.by = by
        self.now = timezone.now()
        self.result = ContentResult()
        self.rules = capture_rules_for(process)
        self.notice = current_notice(process.pk, PrivacyNotice.Kind.INTEGRAL)
        photos = store_demo_photos(seed, self.rules.photo_max_side_px)
        self.result.photos = len(photos)
        self.evidence = self._store_evidence(seed) if self.notice else None
        self.pending_formats_left = PENDING_FORMATS
        reviewer = get_user_model().objects.filter(role=Role.REVIEWER, is_active=True).order_by("pk").first()
        self.format_reviewer = reviewer.pk if reviewer is not None else by.pk
        self.actors = {
            a.pk: a for a in PoliticalActor.objects.filter(process=process).prefetch_related("members").order_by("pk")
        }
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
        self.times = [self.now - datetime.timedelta(hours=h) for h in range(1, 24 * 7, 5)]
        self.curricular = CurricularComposer(self.rules, photos, self.times, self.now)
        self.planter = Planter(self.rules, self.actors, self.result.planted)

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
        write_rows(out, identity_people, notice=self.notice, questions=self.questions, now=self.now)

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
        values = self.curricular.values(rng, row, author)  # complete: every required field filled
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
            self.planter.plant(rng, candidacy_id, row, author, values, contest_rows)
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
                identity_people[candidacy_id] = identity_answers(rng, author)
                self.result.identity += 1

    # ---- validation and consent ---------------------------------------------------------------------------

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
