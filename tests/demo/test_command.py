"""The demo election: realistic, consistent, deterministic, and loaded through the real import service."""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings
from openpyxl import load_workbook
from PIL import Image

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy, Position
from conoceles.demo import catalog_data as data
from conoceles.demo import generator
from conoceles.demo.generator import COL, DEMO_PROCESS, DemoSize
from conoceles.elections.models import ElectoralProcess, Municipality, PoliticalActor, Section
from conoceles.elections.services import create_process
from conoceles.imports.services import import_file

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
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = io.StringIO()
            media = tmp_path_factory.mktemp("media")
            with override_settings(MEDIA_ROOT=media):
                call_command("demo", stdout=output)
            process = ElectoralProcess.objects.get(name=DEMO_PROCESS["name"])
            yield {"process": process, "output": output.getvalue(), "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _active():
    return Candidacy.objects.filter(process__name=DEMO_PROCESS["name"]).active()


# --------------------------------------------------------------------------------- the loaded demo


@pytest.mark.django_db
def test_demo_loads_every_batch_without_import_errors(demo):
    process = demo["process"]
    assert process.entity == 23
    assert process.election_day.isoformat() == "2027-06-06"
    assert process.capture_deadline.isoformat() == "2027-04-30"
    natural = generator.natural_candidacy_count()
    assert 2000 <= natural <= 4000
    assert process.candidacies.count() == natural + generator.SUBSTITUTIONS
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
        assert section.district.number in data.districts_of_municipality(section.municipality.inegi_key)
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
    assert set(rp_lists.values()) == {data.RP_LIST_LENGTH}


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
    assert len(substitutes) == generator.SUBSTITUTIONS
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
    for name in ("revisora", "analista", "partido", "candidata"):
        assert users[name].check_password("conoceles-demo-2027") and not users[name].must_change_password
        assert f"  {name}" in demo["output"]


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
    batch = generator.Batch("geography", "Geografía", generator.GEOGRAPHY_HEADER, bad)
    monkeypatch.setattr(command, "batches", lambda size: [batch])
    monkeypatch.setattr(command, "DEMO_PROCESS", {**DEMO_PROCESS, "name": "Demostración con errores"})
    users = get_user_model().objects.count()
    with pytest.raises(CommandError) as raised:
        call_command("demo", stdout=io.StringIO())
    message = str(raised.value)
    assert "geografía" in message and "fila 3, columna SECCION" in message
    assert not ElectoralProcess.objects.filter(name="Demostración con errores").exists()
    assert get_user_model().objects.count() == users


# --------------------------------------------------------------------------------- the generator


def _rows(batch):
    header, rows = batch
    return header, list(rows)


def test_the_generator_is_deterministic_for_a_seed():
    size = DemoSize.for_candidacies(3000, seed=7)
    first = [_rows(f(size)) for f in (generator.geography_rows, generator.candidacy_rows, generator.substitution_rows)]
    again = [_rows(f(size)) for f in (generator.geography_rows, generator.candidacy_rows, generator.substitution_rows)]
    assert first == again
    other = _rows(generator.candidacy_rows(DemoSize.for_candidacies(3000, seed=8)))
    assert other != first[1]
    assert [r[COL["ID_REGISTRO"]] for r in other[1]] == [r[COL["ID_REGISTRO"]] for r in first[1][1]]


def test_headers_are_the_import_formats_columns():
    size = DemoSize.for_candidacies(60)
    assert generator.geography_rows(size)[0] == [
        "SECCION",
        "DISTRITO",
        "CABECERA",
        "CLAVE_MUNICIPIO",
        "MUNICIPIO",
    ]
    assert generator.cargo_rows()[0][0] == "CLAVE"
    assert generator.contest_rows(size)[0] == ["CARGO", "DISTRITO", "MUNICIPIO", "CIRCUNSCRIPCION", "NOMBRE"]
    assert generator.actor_rows()[0][:3] == ["SIGLAS", "NOMBRE", "TIPO"]
    header = generator.candidacy_rows(size)[0]
    assert header[0] == "ID_REGISTRO" and "SUSTITUYE_A" in header and "NUM_LISTA_O_FORMULA" in header


def _contest_keys(size):
    keys = set()
    for cargo, district, municipality, _, _ in generator.contest_rows(size)[1]:
        keys.add((cargo, district or None, municipality or None))
    return keys


def _candidacy_contest_key(row, names_to_keys):
    code = generator._cargo_code(row[COL["CARGO"]])
    district = row[COL["DISTRITO"]].split("-")[0] if row[COL["DISTRITO"]] != "No aplica" else None
    municipality = row[COL["MUNICIPIO"]] if row[COL["MUNICIPIO"]] != "No aplica" else None
    return code, district, names_to_keys.get(municipality, municipality)


def test_5000_candidacies_are_exactly_5000_rows_with_unique_ids_in_existing_contests():
    size = DemoSize.for_candidacies(5000)
    assert size.synthetic_municipalities > 0
    header, rows = generator.candidacy_rows(size)
    assert isinstance(rows, Iterator)
    rows = list(rows)
    assert len(rows) == 5000
    ids = [row[COL["ID_REGISTRO"]] for row in rows]
    assert len(set(ids)) == 5000
    assert all(i.startswith("QROO-2027-") and len(i) == len("QROO-2027-000123") for i in ids)

    contests = _contest_keys(size)
    names_to_keys = {name: key for key, name in REAL_MUNICIPALITIES.items()}
    assert {_candidacy_contest_key(row, names_to_keys) for row in rows} <= contests
    synthetic = [row for row in rows if row[COL["MUNICIPIO"]].startswith("23") and row[COL["MUNICIPIO"]] > "23011"]
    assert synthetic

    # Geography of the scaled demo is still consistent: a sección's district holds its municipality.
    districts_of = defaultdict(set)
    for _, district, _, key, _ in generator.geography_rows(size)[1]:
        districts_of[key.zfill(3)[-3:]].add(int(district.split("-")[0]))
    owners = defaultdict(set)
    for key, numbers in districts_of.items():
        for number in numbers:
            owners[number].add(key)
    assert len(districts_of) == 11 + size.synthetic_municipalities
    assert all(len(keys) == 1 for number, keys in owners.items() if number > 15)


def test_large_demos_reach_the_target_with_synthetic_municipalities_lazily():
    size = DemoSize.for_candidacies(200_000)
    assert size.capacity >= 200_000
    assert size.synthetic_municipalities <= 999 - 11
    assert 15 + size.synthetic_districts <= 32_767
    header, rows = generator.candidacy_rows(size)
    assert isinstance(rows, Iterator)
    first = [next(rows) for _ in range(3)]
    assert first[0][COL["ID_REGISTRO"]] == "QROO-2027-000001"
    synthetic = next(generator._synthetic_places(size))
    assert synthetic.key == "23012" and synthetic.name == "Municipio sintético 0012"
    with pytest.raises(ValueError):
        DemoSize.for_candidacies(generator.max_candidacies() + 1)


def test_small_samples_spread_over_every_cargo_and_keep_formulas_whole():
    header, rows = _rows(generator.candidacy_rows(DemoSize.for_candidacies(60)))
    assert len(rows) == 60
    cargos = Counter(generator._cargo_code(row[COL["CARGO"]]) for row in rows)
    assert set(cargos) == {"GUB", "DIP_MR", "DIP_RP", "PM", "SIN", "REG"}
    names_to_keys = {name: key for key, name in REAL_MUNICIPALITIES.items()}
    seats = Counter(
        (*_candidacy_contest_key(row, names_to_keys), row[COL["ACTOR"]], row[COL["NUM_LISTA_O_FORMULA"]])
        for row in rows
        if generator._cargo_code(row[COL["CARGO"]]) != "GUB"
    )
    assert all(count == 2 for count in seats.values())
    geography = _rows(generator.geography_rows(DemoSize.for_candidacies(60)))[1]
    assert len(geography) < 60


# --------------------------------------------------------------------------------- demo_files


@pytest.mark.django_db
def test_demo_files_write_import_files_that_import_without_errors(tmp_path):
    call_command("demo_files", "--output", str(tmp_path), "--candidacies", "60", stdout=io.StringIO())
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "geografia.csv",
        "cargos.csv",
        "contiendas.csv",
        "actores.csv",
        "candidaturas.csv",
        "candidaturas_sustituciones.csv",
        "candidaturas.xlsx",
    }
    with (tmp_path / "candidaturas.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 61
    sheet = load_workbook(tmp_path / "candidaturas.xlsx", read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 61

    process = create_process(name="Prueba de archivos", entity=23, election_day=DEMO_PROCESS["election_day"])
    for kind, name in [
        ("geography", "geografia.csv"),
        ("cargos", "cargos.csv"),
        ("contests", "contiendas.csv"),
        ("actors", "actores.csv"),
        ("candidacies", "candidaturas.xlsx"),
        ("candidacies", "candidaturas.csv"),
        ("candidacies", "candidaturas_sustituciones.csv"),
    ]:
        result = import_file(process, kind, tmp_path / name)
        assert result.ok, (name, [str(e) for e in result.errors[:5]])
    assert process.candidacies.count() == 65
    assert process.candidacies.filter(status=Candidacy.Status.SUBSTITUTED).count() == 5


def test_demo_files_skip_the_workbook_for_big_demos(tmp_path):
    output = io.StringIO()
    call_command("demo_files", "--output", str(tmp_path), "--candidacies", "5001", stdout=output)
    assert not (tmp_path / "candidaturas.xlsx").exists()
    with (tmp_path / "candidaturas.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sum(1 for _ in handle) == 5002
