"""`manage.py demo`: the demo election, realistic and consistent, loaded through the real import service."""

import io
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.utils import timezone
from PIL import Image

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy, Position
from conoceles.demo import catalog_data
from conoceles.demo.candidacy_rows import SUBSTITUTIONS
from conoceles.demo.catalog_data import DEMO_PROCESS
from conoceles.demo.generator import Batch
from conoceles.demo.places import GEOGRAPHY_HEADER
from conoceles.demo.sizes import natural_candidacy_count
from conoceles.elections.models import ElectoralProcess, Municipality, PoliticalActor, Section
from conoceles.questionnaires.completeness import completeness_for
from conoceles.review.states import State
from tests.demo.loading import loaded_demo

REAL_MUNICIPALITIES = {
    "23001": "Cozumel",
    "23002": "Felipe Carrillo Puerto",
    "23003": "Isla Mujeres",
    "23004": "Othón P. Blanco",
    "23005": "Benito Juárez",
    "23006": "José María Morelos",
    "23007": "Lázaro Cárdenas",
    "23008": "Solidaridad",
    "23009": "Tulum",
    "23010": "Bacalar",
    "23011": "Puerto Morelos",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The default demo, loaded once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), loaded_demo(tmp_path_factory) as (process, output, media):
        yield {"process": process, "output": output, "media": media}


def _active():
    return Candidacy.objects.filter(process__name=DEMO_PROCESS["name"]).active()


# --------------------------------------------------------------------------------- the loaded demo


@pytest.mark.django_db
def test_demo_loads_every_batch_without_import_errors(demo):
    process = demo["process"]
    assert process.entity == 23
    assert process.election_day.isoformat() == "2027-06-06"
    assert process.capture_deadline.isoformat() == "2027-04-30"
    natural = natural_candidacy_count()
    assert 2000 <= natural <= 4000
    assert process.candidacies.count() == natural + SUBSTITUTIONS
    assert _active().count() == natural
    assert set(process.cargos.values_list("code", flat=True)) == {
        "GUB",
        "DIP_MR",
        "DIP_RP",
        "PM",
        "SIN",
        "REG",
    }
    # One GUB, one DIP_MR per district, one RP list, PM/SIN/REG per municipality.
    assert process.contests.count() == 1 + 15 + 1 + 3 * 11
    assert "Geografía: 934 secciones, 15 distritos y 11 municipios" in demo["output"]
    assert f"Candidaturas: {natural:,} creadas" in demo["output"]
    assert "http://127.0.0.1:8000/cuenta/entrar/" in demo["output"]


@pytest.mark.django_db
def test_demo_has_the_eleven_real_municipalities_with_their_inegi_keys(demo):
    municipalities = Municipality.objects.filter(process=demo["process"])
    assert dict(municipalities.values_list("inegi_key", "name")) == REAL_MUNICIPALITIES


@pytest.mark.django_db
def test_every_section_lies_in_a_district_that_covers_its_municipality(demo):
    sections = list(Section.objects.filter(process=demo["process"]).select_related("district", "municipality"))
    assert 900 <= len(sections) <= 1000
    assert sorted(s.number for s in sections) == list(range(1, len(sections) + 1))
    for section in sections:
        assert section.district.number in catalog_data.districts_of_municipality(section.municipality.inegi_key)
    # Cancún holds several districts; some districts span two municipalities.
    districts_of = defaultdict(set)
    municipalities_of = defaultdict(set)
    for section in sections:
        districts_of[section.municipality.name].add(section.district.number)
        municipalities_of[section.district.number].add(section.municipality.name)
    assert len(districts_of["Benito Juárez"]) >= 5
    assert any(len(names) == 2 for names in municipalities_of.values())
    heads = set(demo["process"].districts.values_list("head_town", flat=True))
    assert {"Chetumal", "Cancún", "Playa del Carmen", "Cozumel", "Kantunilkín"} <= heads


@pytest.mark.django_db
def test_each_active_formula_has_one_owner_and_one_alternate(demo):
    formulas = (
        _active()
        .values("contest__cargo__code", "contest_id", "actor_id", "formula_number")
        .annotate(
            owners=Count("id", filter=Q(position=Position.OWNER)),
            alternates=Count("id", filter=Q(position=Position.ALTERNATE)),
        )
    )
    assert formulas
    for formula in formulas:
        assert formula["owners"] == 1, formula
        # Gubernatura is one person: no suplente.
        assert formula["alternates"] == (0 if formula["contest__cargo__code"] == "GUB" else 1), formula
    rp_lists = Counter(f["actor_id"] for f in formulas if f["contest__cargo__code"] == "DIP_RP")
    assert set(rp_lists.values()) == {catalog_data.RP_LIST_LENGTH}


@pytest.mark.django_db
def test_coalitions_take_their_members_place_and_never_have_rp_lists(demo):
    process = demo["process"]
    by_acronym = {a.acronym: a for a in PoliticalActor.objects.filter(process=process)}
    assert {"PAN", "PRI", "PRD", "PVEM", "PT", "MC", "MORENA", "MAS"} <= set(by_acronym)
    assert by_acronym["MORENA"].color == "#A3102B"
    shh = by_acronym["SHH-QROO"]
    assert shh.kind == PoliticalActor.Kind.COALITION
    assert set(shh.members.values_list("acronym", flat=True)) == {"MORENA", "PT", "PVEM"}
    assert by_acronym["MC-MAS"].kind == PoliticalActor.Kind.COMMON
    independents = [a for a in by_acronym.values() if a.kind == PoliticalActor.Kind.INDEPENDENT]
    assert len(independents) == 3
    assert all(a.acronym.startswith("CI-") and a.candidacies.exists() for a in independents)

    contests_with_coalition = set(_active().filter(actor=shh).values_list("contest_id", flat=True))
    assert contests_with_coalition
    members_there = _active().filter(contest_id__in=contests_with_coalition, actor__in=shh.members.all())
    assert not members_there.exists()
    rp = _active().filter(contest__cargo__code="DIP_RP")
    assert set(rp.values_list("actor__kind", flat=True)) == {PoliticalActor.Kind.PARTY}


@pytest.mark.django_db
def test_sexes_include_women_men_and_non_binary_people_in_parity(demo):
    sexes = Counter(_active().values_list("sex", flat=True))
    assert sexes["X"] >= 1
    assert 0.45 <= sexes["M"] / sum(sexes.values()) <= 0.55
    assert sexes["X"] / sum(sexes.values()) < 0.02


@pytest.mark.django_db
def test_affirmative_action_groups_are_consistent_with_age(demo):
    candidacies = list(_active().select_related("process"))
    groups = Counter(c.affirmative_action for c in candidacies if c.affirmative_action)
    assert set(groups) == set(AffirmativeActionGroup.values)
    assert groups.most_common(1)[0][0] == AffirmativeActionGroup.YOUTH
    assert 0.08 <= sum(groups.values()) / len(candidacies) <= 0.16
    for candidacy in candidacies:
        assert 18 <= candidacy.age <= 80
        if candidacy.affirmative_action == AffirmativeActionGroup.YOUTH:
            assert candidacy.age <= 29, candidacy.registration_id
        if candidacy.affirmative_action == AffirmativeActionGroup.ELDERLY:
            assert candidacy.age >= 60, candidacy.registration_id
    ages = [c.age for c in candidacies]
    assert sum(35 <= age <= 55 for age in ages) / len(ages) > 0.5
    assert any(c.birth_date is None and c.declared_age for c in candidacies)
    assert 0.05 <= sum(c.consecutive_election for c in candidacies) / len(candidacies) <= 0.15


@pytest.mark.django_db
def test_substitutions_replace_earlier_candidacies_in_the_same_seat(demo):
    substitutes = list(
        Candidacy.objects.filter(process=demo["process"], replaces__isnull=False).select_related("replaces")
    )
    assert len(substitutes) == SUBSTITUTIONS
    for new in substitutes:
        old = new.replaces
        assert old.status == Candidacy.Status.SUBSTITUTED
        assert new.status == Candidacy.Status.APPROVED
        assert (new.contest_id, new.actor_id, new.formula_number, new.position) == (
            old.contest_id,
            old.actor_id,
            old.formula_number,
            old.position,
        )
        assert new.full_name != old.full_name
        assert new.sex == old.sex
    assert Candidacy.objects.filter(process=demo["process"], status=Candidacy.Status.SUBSTITUTED).count() == 5


@pytest.mark.django_db
def test_every_actor_gets_a_png_emblem(demo, settings):
    settings.MEDIA_ROOT = demo["media"]
    actors = PoliticalActor.objects.filter(process=demo["process"])
    assert len(actors) == 14
    for actor in actors:
        assert actor.emblem.name.endswith(".png")
        with actor.emblem.open("rb") as handle, Image.open(handle) as image:
            assert image.size == (256, 256)
            assert image.getpixel((2, 2)) == tuple(int(actor.color[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.django_db
def test_demo_seeds_identity_questions_and_publishes_both_notices(demo):
    process = demo["process"]
    assert process.identity_questions.count() == 20
    assert set(process.privacy_notices.values_list("kind", "version")) == {("integral", 1), ("simplificado", 1)}
    assert all("DEMOSTRACIÓN" in text for text in process.privacy_notices.values_list("text", flat=True))
    assert "Cuestionario de identidad: 20 preguntas" in demo["output"]


def test_demo_loads_the_deliverables_calendar_with_the_past_ones_fulfilled_but_one(demo):
    process, today = demo["process"], timezone.localdate()
    deliverables = list(process.deliverables.all())
    assert {d.code for d in deliverables} >= {f"11.{n}" for n in range(1, 17)}
    done = [d for d in deliverables if d.status == "done"]
    assert done and all(d.fulfilled_on == d.due < today for d in done)
    assert len([d for d in deliverables if d.is_overdue(today)]) == 1
    assert f"Calendario de entregables: {len(deliverables)} entregables, {len(done)} cumplidos" in demo["output"]


def test_demo_creates_the_admin_account(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.role == "admin"
    assert admin.check_password("conoceles-demo-2027")


def test_demo_creates_one_account_per_role_with_its_scope(demo):
    users = {u.username: u for u in get_user_model().objects.select_related("actor", "candidacy")}
    assert {u.role for u in users.values()} == {"admin", "reviewer", "analyst", "party", "candidate"}
    assert users["partido"].actor.acronym == "MORENA"
    assert users["candidata"].candidacy.actor == users["partido"].actor
    assert not any(u.is_staff for name, u in users.items() if name != "admin")
    for name in ("revisora", "analista", "partido", "candidata", "candidata-completa"):
        assert users[name].check_password("conoceles-demo-2027") and not users[name].must_change_password
        assert f"  {name}" in demo["output"]


def test_demo_has_a_candidate_with_empty_questionnaires_and_one_with_them_complete(demo):
    users = {u.username: u for u in get_user_model().objects.select_related("candidacy")}
    empty, complete = users["candidata"].candidacy, users["candidata-completa"].candidacy
    for candidacy in (empty, complete):
        assert candidacy.actor.acronym == "MORENA" and candidacy.position == Position.OWNER
        assert not hasattr(candidacy, "workflow") or candidacy.workflow.state == State.DRAFT, "still in capture"
    assert not hasattr(empty, "curricular") and not empty.identity_answers.exists()
    done = completeness_for([complete])[complete.pk]
    assert done.curricular.complete and done.identity.complete
    output = demo["output"]
    assert "cuestionarios vacíos: para capturar desde cero" in output
    assert "cuestionarios completos, aún sin validar por su partido" in output


@pytest.mark.django_db
def test_if_empty_creates_a_missing_demo_candidate_account_and_prints_the_addresses(demo, settings):
    get_user_model().objects.filter(username="candidata-completa").delete()
    settings.SITE_URL = "http://127.0.0.1:8001"
    output = io.StringIO()
    call_command("demo", "--if-empty", stdout=output)
    text = output.getvalue()
    assert get_user_model().objects.filter(username="candidata-completa", candidacy__isnull=False).exists()
    assert "  candidata-completa" in text
    assert "http://127.0.0.1:8001/cuenta/entrar/" in text and "http://127.0.0.1:8001/gestion/panel/" in text
    assert ":8000" not in text


@pytest.mark.django_db
def test_if_empty_on_a_database_with_a_process_changes_nothing(demo):
    def snapshot():
        return (
            ElectoralProcess.objects.count(),
            Candidacy.objects.count(),
            Section.objects.count(),
            get_user_model().objects.count(),
            ElectoralProcess.history.count(),
            Candidacy.history.count(),
        )

    before = snapshot()
    output = io.StringIO()
    call_command("demo", "--if-empty", stdout=output)
    assert snapshot() == before
    text = output.getvalue()
    assert "no se cargó la demostración" in text
    assert "http://127.0.0.1:8000/" in text and "conoceles-demo-2027" in text


@pytest.mark.django_db
def test_demo_without_if_empty_refuses_a_second_copy(demo):
    with pytest.raises(CommandError, match="Ya existe el proceso"):
        call_command("demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_aborts_and_saves_nothing_when_an_import_reports_errors(monkeypatch):
    from conoceles.demo.management.commands import demo as command

    bad = [["1", "3", "Cancún", "23005", "Benito Juárez"], ["dos", "3", "Cancún", "23005", "Benito Juárez"]]
    batch = Batch("geography", "Geografía", GEOGRAPHY_HEADER, bad)
    monkeypatch.setattr(command, "batches", lambda size: [batch])
    monkeypatch.setattr(command, "DEMO_PROCESS", {**DEMO_PROCESS, "name": "Demostración con errores"})
    users = get_user_model().objects.count()
    with pytest.raises(CommandError) as raised:
        call_command("demo", stdout=io.StringIO())
    message = str(raised.value)
    assert "geografía" in message and "fila 3, columna SECCION" in message
    assert not ElectoralProcess.objects.filter(name="Demostración con errores").exists()
    assert get_user_model().objects.count() == users
