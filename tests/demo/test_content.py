"""The demo's content: questionnaires, consent, identity answers, validations, photos and planted cases."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image

from conoceles.accounts.models import Role
from conoceles.candidacies.models import Candidacy
from conoceles.core.text import fold
from conoceles.demo import catalog_data
from conoceles.demo.catalog_data import DEMO_PROCESS
from conoceles.demo.content import texts
from conoceles.demo.content.fill import fill_demo_content, open_publication
from conoceles.demo.content.writer import PENDING_FORMATS, ContentResult
from conoceles.demo.sizes import DEFAULT_SEED
from conoceles.elections.models import ElectoralProcess, PoliticalActor
from conoceles.questionnaires.completeness import completeness_for
from conoceles.questionnaires.models import (
    ConsentFormat,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    IdentityQuestion,
)
from conoceles.questionnaires.rubros import RUBROS, Kind
from conoceles.questionnaires.services import (
    capture_rules_for,
    consents_for,
    current_consent,
    inspect_image,
    validate_rubro,
    visible_question_ids,
)
from conoceles.questionnaires.services.evidence import clean_evidence
from conoceles.review.models import CandidacyWorkflow, Observation, RubroState, WorkflowEvent
from conoceles.review.publication import public_rubros, published_candidacies
from conoceles.review.states import State

SIZE = "300"
TEXT_FIELDS = [f.name for r in RUBROS for f in r.fields if f.kind == Kind.LONG_TEXT]


def _load(*extra) -> ElectoralProcess:
    call_command("demo", "--candidacies", SIZE, *extra, stdout=io.StringIO())
    return ElectoralProcess.objects.get(name=DEMO_PROCESS["name"])


@pytest.fixture
def demo_world(db) -> tuple[ElectoralProcess, ContentResult]:
    """The 300-candidacy demo without content, then the content written here (to read its result)."""
    process = _load("--no-content")
    admin = get_user_model().objects.get(username="admin")
    return process, fill_demo_content(process, seed=DEFAULT_SEED, by=admin)


def _snapshot() -> dict[str, tuple]:
    """registration id -> what the content decided for it (comparable across databases)."""
    states = dict(CandidacyWorkflow.objects.values_list("candidacy__registration_id", "state"))
    rows = CurricularQuestionnaire.objects.values_list(
        "candidacy__registration_id", "proposal_1", "education_level", "photo", "facebook"
    )
    return {reg: (*rest, states.get(reg)) for reg, *rest in rows}


# --------------------------------------------------------------------------------------------- shares and states


def test_the_command_fills_the_demo_and_opens_its_publication(db):
    output = io.StringIO()
    call_command("demo", "--candidacies", SIZE, stdout=output)
    process = ElectoralProcess.objects.get(name=DEMO_PROCESS["name"])
    assert re.search(r"Contenido: [\d,]+ cuestionarios curriculares .* \(\d+\.\d s\)", output.getvalue())

    approved = Candidacy.objects.filter(process=process, status=Candidacy.Status.APPROVED).count()
    filled = CurricularQuestionnaire.objects.filter(candidacy__process=process).count()
    assert 0.75 * approved < filled < 0.95 * approved
    published = published_candidacies(queryset=Candidacy.objects.filter(process=process))
    assert published.exists()
    shown = public_rubros(published.values_list("pk", flat=True))
    # Every rubro of a validated candidacy is shown, but those of the demo's review work (conoceles.demo.review).
    reviewed = set(Observation.objects.filter(decision="approved").values_list("candidacy", flat=True))
    assert len(reviewed) == 2
    assert all(codes == {r.code for r in RUBROS} for pk, codes in shown.items() if pk not in reviewed)
    assert all(codes < {r.code for r in RUBROS} for pk, codes in shown.items() if pk in reviewed)
    assert {c.publication_end for c in process.cargos.all()} == {None}  # ends on election day


def test_no_content_only_imports(db):
    process = _load("--no-content")
    assert not CurricularQuestionnaire.objects.filter(candidacy__process=process).exists()
    assert not published_candidacies(queryset=Candidacy.objects.filter(process=process)).exists()


def test_questionnaires_are_valid_and_counted_complete_as_completeness_says(demo_world):
    process, result = demo_world
    rules = capture_rules_for(process)
    questionnaires = list(
        CurricularQuestionnaire.objects.filter(candidacy__process=process).select_related("candidacy")
    )
    assert len(questionnaires) == result.questionnaires
    for questionnaire in questionnaires:
        for rubro in RUBROS:
            data_ = {f.name: getattr(questionnaire, f.name) for f in rubro.fields if f.kind != Kind.PHOTO}
            cleaned = validate_rubro(rubro, data_, rules)  # raises on a broken limit or format
            assert cleaned == data_, questionnaire.candidacy_id
    completeness = completeness_for(q.candidacy for q in questionnaires)
    complete = [pk for pk, c in completeness.items() if c.curricular.complete]
    assert len(complete) == result.complete
    assert 0 < len(questionnaires) - len(complete) < 0.2 * len(questionnaires)  # some left incomplete


def test_texts_respect_an_institutes_tighter_limits_and_minimum(db):
    process = _load("--no-content")
    rules = capture_rules_for(process)
    rules.min_text_length, rules.proposal_max, rules.motivation_max = 180, 260, 200
    rules.save()
    admin = get_user_model().objects.get(username="admin")
    result = fill_demo_content(process, seed=DEFAULT_SEED, by=admin)
    assert result.complete > 0
    for questionnaire in CurricularQuestionnaire.objects.filter(candidacy__process=process):
        for rubro in RUBROS:
            data_ = {f.name: getattr(questionnaire, f.name) for f in rubro.fields if f.kind != Kind.PHOTO}
            assert validate_rubro(rubro, data_, rules) == data_
        assert 180 <= len(questionnaire.motivation) <= 200 or not questionnaire.motivation


def test_validated_candidacies_are_complete_with_every_rubro_and_event(demo_world):
    process, result = demo_world
    validated = list(
        Candidacy.objects.filter(process=process, workflow__state=State.VALIDATED).select_related("curricular")
    )
    assert len(validated) == result.validated > 0
    assert len(validated) < result.complete
    completeness = completeness_for(validated)
    assert all(c.curricular.complete for c in completeness.values())
    ids = [c.pk for c in validated]
    assert RubroState.objects.filter(candidacy_id__in=ids, state=State.VALIDATED).count() == len(ids) * len(RUBROS)
    events = WorkflowEvent.objects.filter(candidacy_id__in=ids, to_state=State.VALIDATED)
    assert events.count() == len(ids) * (len(RUBROS) + 1)
    party = get_user_model().objects.get(username="partido")
    own = events.filter(candidacy__actor=party.actor)
    assert own.exists() and set(own.values_list("by", flat=True)) == {party.pk}


def test_publication_opens_a_week_before_today_and_closes_on_election_day(demo_world):
    process, _ = demo_world
    cargos = Candidacy.objects.filter(process=process)
    for today in (datetime.date(2026, 1, 10), datetime.date(2027, 5, 20)):
        open_publication(process, today)
        assert all(c.publication_start <= today - datetime.timedelta(days=7) for c in process.cargos.all())
        assert published_candidacies(today, cargos).exists()
    assert not published_candidacies(process.election_day + datetime.timedelta(days=1), cargos).exists()
    campaign = {c.code: datetime.date.fromisoformat(c.publication_start) for c in catalog_data.CARGOS}
    assert all(c.publication_start <= campaign[c.code] for c in process.cargos.all())


# --------------------------------------------------------------------------------------------- identity and consent


def test_identity_answers_follow_consent_and_dependencies(demo_world):
    process, result = demo_world
    questions = list(IdentityQuestion.objects.filter(process=process))
    by_number = {q.number: q for q in questions}
    answered = {}
    for answer in IdentityAnswer.objects.filter(candidacy__process=process).prefetch_related("options"):
        answered.setdefault(answer.candidacy_id, {})[answer.question_id] = {o.pk for o in answer.options.all()}
    assert len(answered) == result.identity > 0
    consents = consents_for(answered)
    for candidacy_id, selected in answered.items():
        assert all(selected.values())
        assert set(selected) <= visible_question_ids(questions, selected), candidacy_id  # no orphan dependent
        assert consents[candidacy_id][1] is True
    with_consent = Candidacy.objects.filter(process=process, consent_records__isnull=False).distinct()
    assert with_consent.count() == result.consents >= len(answered)
    sample = with_consent.exclude(consent_formats__status=ConsentFormat.Status.PENDING).first()
    assert set(current_consent(sample)) == {1, 2, 3} and None not in current_consent(sample).values()
    # Plausible, not uniform: mostly «No» to the group questions, some «Sí» where the registered group says so.
    yes = {q.number: q.options.get(label="Sí").pk for q in questions if q.group}
    groups = dict(Candidacy.objects.filter(pk__in=answered).values_list("pk", "affirmative_action"))
    for candidacy_id, selected in answered.items():
        group_question = next((q for q in questions if q.group and q.group == groups[candidacy_id]), None)
        if group_question is not None and group_question.pk in selected:
            assert selected[group_question.pk] == {yes[group_question.number]}
    indigenous_yes = sum(yes[1] in s.get(by_number[1].pk, ()) for s in answered.values())
    assert 0 < indigenous_yes < len(answered) / 2


# --------------------------------------------------------------------------------------------- planted cases


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def test_planted_cases_are_present_and_findable(demo_world):
    process, result = demo_world
    by_id = {q.candidacy_id: q for q in CurricularQuestionnaire.objects.filter(candidacy__process=process)}
    for kind in ("near_copy", "party", "rival", "slogan"):
        assert result.planted_of(kind), kind
    for case in result.planted:
        assert case.detail in getattr(by_id[case.candidacy_id], case.field)
    for case in result.planted_of("near_copy"):
        copy, source = _words(by_id[case.candidacy_id].proposal_1), _words(by_id[case.source_id].proposal_1)
        assert copy != source and len(copy) == len(source)
        assert sum(a == b for a, b in zip(copy, source, strict=True)) >= 0.85 * len(source)
    actors = {a.pk: a for a in PoliticalActor.objects.filter(process=process).prefetch_related("members")}
    for case in result.planted_of("party"):
        own = actors[Candidacy.objects.get(pk=case.candidacy_id).actor_id]
        mentioned = next(p for p in actors.values() if case.detail in (p.acronym, p.name))
        assert mentioned.kind == PoliticalActor.Kind.PARTY
        assert mentioned != own and mentioned not in own.members.all()
    for case in result.planted_of("rival"):
        mine, rival = Candidacy.objects.get(pk=case.candidacy_id), Candidacy.objects.get(pk=case.source_id)
        assert rival.contest_id == mine.contest_id and rival.actor_id != mine.actor_id
        assert case.detail == rival.full_name


def test_unplanted_texts_name_no_party_candidate_or_slogan(demo_world):
    process, result = demo_world
    planted = {(c.candidacy_id, c.field) for c in result.planted}
    actors = PoliticalActor.objects.filter(process=process)
    sigla_words = {w for a in actors for w in _words(a.acronym)} - {"ci"}
    names = [fold(a.name) for a in actors if a.kind != PoliticalActor.Kind.INDEPENDENT]
    people = {fold(c.full_name) for c in Candidacy.objects.filter(process=process)}
    for questionnaire in CurricularQuestionnaire.objects.filter(candidacy__process=process):
        for name in TEXT_FIELDS:
            if (questionnaire.candidacy_id, name) in planted:
                continue
            text = getattr(questionnaire, name)
            folded = fold(text)
            assert not sigla_words & set(_words(text)), (questionnaire.candidacy_id, name, text)
            assert not any(n in folded for n in names), text
            assert "¡" not in text and not any(p in folded for p in people), text
            assert not re.search(r"[{}|\[\]]", text), text  # every template slot filled


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _similarity(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def test_proposals_vary_between_candidacies_but_planted_copies_stand_out(demo_world):
    """Word 3-gram similarity, as a near-copy detector measures it: the planted copies are close to their
    sources, and nearly no other pair of proposals comes as close."""
    process, result = demo_world
    copies = result.planted_of("near_copy")
    planted = {c.candidacy_id for c in copies} | {c.source_id for c in copies}
    rows = CurricularQuestionnaire.objects.filter(candidacy__process=process)
    proposals = {pk: _shingles(text) for pk, text in rows.values_list("candidacy_id", "proposal_1") if text}
    for case in copies:
        assert _similarity(proposals[case.candidacy_id], proposals[case.source_id]) >= 0.6
    for field in ("proposal_1", "proposal_2"):
        texts_ = [(pk, _shingles(t)) for pk, t in rows.values_list("candidacy_id", field) if t and pk not in planted]
        close = set()
        for i, (a, x) in enumerate(texts_):
            for b, y in texts_[i + 1 :]:
                if _similarity(x, y) >= 0.6:
                    close |= {a, b}
        assert len(close) <= 0.02 * len(texts_), field


# --------------------------------------------------------------------------------------------- determinism, photos


@pytest.mark.django_db(transaction=True)
def test_the_content_is_deterministic_for_a_seed():
    _load()
    first = _snapshot()
    call_command("flush", "--noinput")
    _load()
    assert _snapshot() == first
    call_command("flush", "--noinput")
    _load("--seed", "7")
    other = _snapshot()
    assert other != first and len(other) > 0


def test_texts_are_deterministic_and_gendered():
    author = texts.Author("H", 41, "PM", "Tulum", "Tulum", "", False, False)
    import random

    one = texts.professional_history(random.Random(1), author, texts.PROFESSIONS[0])
    assert one == texts.professional_history(random.Random(1), author, texts.PROFESSIONS[0])
    assert "abogado" in one[0] and "|" not in " ".join(one)
    woman = texts.Author("M", 41, "PM", "Tulum", "Tulum", "", False, False)
    assert "abogada" in texts.professional_history(random.Random(1), woman, texts.PROFESSIONS[0])[0]


def test_photos_are_a_few_shared_valid_jpegs(demo_world):
    process, result = demo_world
    names = set(
        CurricularQuestionnaire.objects.filter(candidacy__process=process)
        .exclude(photo="")
        .values_list("photo", flat=True)
    )
    assert 10 <= len(names) <= result.photos == 24
    storage = CurricularQuestionnaire._meta.get_field("photo").storage
    contents = set()
    for name in names:
        with storage.open(name) as handle:
            assert inspect_image(handle) == "JPEG"
            handle.seek(0)
            with Image.open(handle) as image:
                assert image.format == "JPEG" and image.size == (300, 400)
            handle.seek(0)
            contents.add(handle.read())
    assert len(contents) == len(names)  # distinct pictures


def test_consent_formats_are_uploaded_by_parties_and_reviewed(demo_world):
    process, _ = demo_world
    records = ConsentRecord.objects.filter(candidacy__process=process)
    formats = ConsentFormat.objects.filter(candidacy__process=process).select_related("uploaded_by", "candidacy")
    assert formats.exists()
    statuses = Counter(formats.values_list("status", flat=True))
    assert statuses[ConsentFormat.Status.PENDING] == PENDING_FORMATS  # the reviewer's queue has work
    assert statuses[ConsentFormat.Status.ACCEPTED] == formats.count() - PENDING_FORMATS
    assert set(formats.exclude(status="pending").values_list("decided_by__role", flat=True)) == {Role.REVIEWER}
    for consent_format in formats:  # each uploaded by an account of the candidacy's own actor
        assert consent_format.uploaded_by.role == Role.PARTY
        assert consent_format.uploaded_by.actor_id == consent_format.candidacy.actor_id
    assert len(set(formats.values_list("evidence", flat=True))) == 1
    with formats.first().evidence.open() as handle:
        assert clean_evidence(handle).extension == "jpg"
    signed = records.filter(method=ConsentRecord.Method.SIGNED_FORMAT)
    assert not signed.filter(source_format__isnull=True).exists()
    assert signed.count() == 3 * formats.count()
    pending_ids = formats.filter(status="pending").values_list("candidacy_id", flat=True)
    assert all(v is None for c in consents_for(pending_ids).values() for v in c.values())  # not in force yet
    direct = records.filter(method=ConsentRecord.Method.DIRECT).select_related("recorded_by")
    assert all(r.recorded_by.candidacy_id == r.candidacy_id for r in direct)  # only the candidate's own account
