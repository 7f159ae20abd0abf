"""The publication index (review.search_index): every change that decides what the public lists show refreshes it, a
rebuild gives the same rows, and a stale row can never put an unpublished candidacy on the site."""

import datetime

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from conoceles.imports.services import import_file
from conoceles.questionnaires.services import save_rubro
from conoceles.review.models import PublicationEntry
from conoceles.review.search_index import changed_since_q, rebuild_entries, refresh_entries
from conoceles.review.services import accept_correction, decide_observation, propose_observation, submit_correction
from tests.factories import announce, make_user
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row, write_csv
from tests.review.helpers import ELECTION_DAY, START, open_window, published

pytestmark = pytest.mark.django_db


def entry(candidacy):
    return PublicationEntry.objects.filter(pk=candidacy.pk).first()


def snapshot() -> list[dict]:
    """The entries without their write time (`updated_at`, which every refresh renews)."""
    return [
        model_to_dict(e, exclude=["updated_at"]) | {"candidacy": e.pk} for e in PublicationEntry.objects.order_by("pk")
    ]


@pytest.fixture
def public(candidacy, party_user):
    return published(candidacy, party_user)


def test_the_actors_validation_adds_the_entry_with_what_the_search_uses(candidacy, party_user):
    assert entry(candidacy) is None
    published(candidacy, party_user)
    row = entry(candidacy)
    assert (row.process_id, row.contest_id, row.cargo_id, row.actor_id) == (
        candidacy.process_id,
        candidacy.contest_id,
        candidacy.contest.cargo_id,
        candidacy.actor_id,
    )
    assert row.district_id == candidacy.contest.district_id and row.municipality_id is None
    assert (row.starts, row.ends) == (START, ELECTION_DAY)
    assert row.search_name == candidacy.search_name and row.birth_key == candidacy.birth_date
    assert row.education_level == "Maestría"


def test_a_declared_age_sorts_as_the_latest_birth_date_of_that_age(world, candidacy, party_user):
    Candidacy.objects.filter(pk=candidacy.pk).update(birth_date=None, declared_age=40)
    candidacy.refresh_from_db()
    published(candidacy, party_user)
    assert entry(candidacy).birth_key == datetime.date(1987, 6, 6)  # 40 on election day (2027-06-06)


def test_an_observed_education_rubro_takes_the_grado_out_of_the_index(public, reviewer, admin_user):
    observation = propose_observation(public, rubros=["education"], rules=[3], comment="Revisar.", by=reviewer)
    assert entry(public).education_level == "Maestría"  # a proposal changes nothing yet
    decide_observation(observation, approve=True, note="Procede.", by=admin_user)
    assert entry(public).education_level == ""  # not findable by grado while observed
    assert entry(public) is not None  # the rest of the candidacy stays public


def test_a_corrected_grado_enters_the_index_once_accepted(public, party_user, reviewer, admin_user):
    observation = propose_observation(public, rubros=["education"], rules=[3], comment="Revisar.", by=reviewer)
    decide_observation(observation, approve=True, note="Procede.", by=admin_user)
    save_rubro(public, "education", {"education_level": "Doctorado", "education_status": "Título"}, by=party_user)
    assert entry(public).education_level == ""
    submit_correction(public, "education", by=party_user)
    assert entry(public).education_level == ""
    accept_correction(public, "education", by=reviewer)
    assert entry(public).education_level == "Doctorado"


def test_a_questionnaire_written_directly_changes_the_entry_once_announced(public):
    questionnaire = public.curricular
    questionnaire.education_level = "Licenciatura"
    questionnaire.save()
    assert entry(public).education_level == "Maestría"  # no signals: a write says itself what it changed
    announce(questionnaire)
    assert entry(public).education_level == "Licenciatura"


def test_a_status_change_removes_the_entry(public):
    public.status = Candidacy.Status.CANCELLED
    public.save()
    announce(public)
    assert entry(public) is None


def test_a_substitution_by_import_removes_the_replaced_and_adds_nothing_for_the_substitute(world, tmp_path):
    rows = [candidacy_row("G-1", "GUB", actor="PAN", name="Mara", last="Lezama")]
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, rows)).ok
    original = published(
        Candidacy.objects.get(registration_id="G-1"), make_user("pan", "party", actor=world.actors["PAN"])
    )
    assert entry(original) is not None
    row = candidacy_row("G-1B", "GUB", actor="PAN", name="Laura", last="Fernández", replaces="G-1")
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "b.csv", CANDIDACY_HEADER, [row])).ok
    assert entry(original) is None
    assert not PublicationEntry.objects.exists()  # the substitute starts its own capture


def test_an_import_that_renames_a_published_candidacy_updates_its_entry(world, tmp_path):
    rows = [candidacy_row("G-1", "GUB", actor="PAN", name="Mara", last="Lezama")]
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, rows)).ok
    original = published(
        Candidacy.objects.get(registration_id="G-1"), make_user("pan", "party", actor=world.actors["PAN"])
    )
    rows = [candidacy_row("G-1", "GUB", actor="PAN", name="Maru", last="Lezama")]
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "c.csv", CANDIDACY_HEADER, rows)).ok
    assert entry(original).search_name.startswith("maru lezama")


def test_cargo_dates_and_election_day_change_the_window(public):
    cargo = public.contest.cargo
    cargo.publication_start, cargo.publication_end = datetime.date(2027, 5, 1), datetime.date(2027, 5, 30)
    cargo.save()
    announce(cargo)
    assert (entry(public).starts, entry(public).ends) == (datetime.date(2027, 5, 1), datetime.date(2027, 5, 30))
    cargo.publication_end = None
    cargo.save()
    process = public.process
    process.election_day = datetime.date(2027, 6, 13)
    process.save()
    announce(cargo, process)
    assert entry(public).ends == datetime.date(2027, 6, 13)
    cargo.publication_start = None
    cargo.save()
    announce(cargo)
    assert entry(public) is None  # without a start, never public


def test_a_contest_change_is_copied(public):
    contest = public.contest
    contest.name = "Diputación local MR – Distrito 1 (Cancún centro)"
    contest.save()
    announce(contest)
    assert entry(public).contest_name == contest.name


def test_rebuild_equals_incremental(world, public, reviewer, admin_user):
    other = published(
        Candidacy.objects.create(
            process=world.process,
            registration_id="X-2",
            contest=world.contests["GUB"],
            actor=world.actors["PT"],
            position="owner",
            first_name="Olga",
            sex="M",
            declared_age=33,
        ),
        make_user("pt", "party", actor=world.actors["PT"]),
    )
    observation = propose_observation(other, rubros=["education"], rules=[3], comment="Revisar.", by=reviewer)
    decide_observation(observation, approve=True, note="Procede.", by=admin_user)
    incremental = snapshot()
    assert len(incremental) == 2
    PublicationEntry.objects.all().delete()
    assert rebuild_entries(world.process) == 2
    assert snapshot() == incremental
    PublicationEntry.objects.all().delete()
    call_command("rebuild_publication", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == incremental


def test_refresh_of_an_unchanged_candidacy_is_a_no_op(public):
    before = snapshot()
    refresh_entries([public.pk])
    assert snapshot() == before


def test_every_announced_change_stamps_the_entry_and_only_its_own(public, world):
    other = published(world.candidacy("GUB", "MORENA"), make_user("morena", "party", actor=world.actors["MORENA"]))
    today = datetime.date.today()
    for candidacy in (public, other):  # windows open since ten days ago: no window opens after `since` below
        open_window(candidacy, start=today - datetime.timedelta(days=10), end=today + datetime.timedelta(days=10))
    before = {e.pk: e.updated_at for e in PublicationEntry.objects.all()}
    announce(public)  # what every writer of its published data does (conoceles.changes)
    after = {e.pk: e.updated_at for e in PublicationEntry.objects.all()}
    assert after[public.pk] > before[public.pk]
    assert after[other.pk] == before[other.pk]
    since = after[public.pk]
    found = set(PublicationEntry.objects.filter(changed_since_q(since)).values_list("pk", flat=True))
    assert found == {public.pk}
    assert set(PublicationEntry.objects.filter(changed_since_q(since + datetime.timedelta(seconds=1)))) == set()


def test_a_window_that_opens_counts_as_a_change_from_its_midnight(public):
    """No write announces that a day came: a candidacy whose window opens after `since` changed since then."""
    from django.utils import timezone

    row = entry(public)
    long_ago = row.updated_at - datetime.timedelta(days=30)
    PublicationEntry.objects.filter(pk=public.pk).update(updated_at=long_ago)
    midnight = timezone.make_aware(datetime.datetime.combine(row.starts, datetime.time.min))
    assert PublicationEntry.objects.filter(changed_since_q(midnight)).exists()  # it opened at `since` itself
    midnight_before = midnight - datetime.timedelta(seconds=1)
    assert PublicationEntry.objects.filter(changed_since_q(midnight_before)).exists()
    assert not PublicationEntry.objects.filter(changed_since_q(midnight + datetime.timedelta(seconds=1))).exists()


def test_a_stale_entry_never_shows_an_unpublished_candidacy(client, public, settings):
    """The safety net: a write that did not announce itself (conoceles.changes) still leaves the site clean."""
    settings.PUBLIC_CACHE_ENABLED = False
    today = datetime.date.today()
    cargo = public.contest.cargo
    cargo.publication_start = today - datetime.timedelta(days=1)
    cargo.publication_end = today + datetime.timedelta(days=1)
    cargo.save()
    announce(cargo)
    assert public.full_name in client.get(reverse("public:search")).content.decode()
    Candidacy.objects.filter(pk=public.pk).update(status=Candidacy.Status.CANCELLED)  # no signal: the entry is stale
    assert entry(public) is not None
    page = client.get(reverse("public:search")).content.decode()
    assert public.full_name not in page
    assert reverse("public:profile", args=[public.pk]) not in page


def test_deleting_the_workflow_removes_the_entry_and_deleting_the_candidacy_takes_it_along(public, world):
    public.workflow.delete()
    announce(public)
    assert entry(public) is None
    refresh_entries([public.pk])
    assert entry(public) is None
    other = published(
        Candidacy.objects.create(
            process=world.process,
            registration_id="X-3",
            contest=world.contests["GUB"],
            actor=world.actors["PT"],
            position="owner",
            first_name="Olga",
            sex="M",
            declared_age=33,
        ),
        make_user("pt", "party", actor=world.actors["PT"]),
    )
    assert entry(other) is not None
    other.delete()
    assert not PublicationEntry.objects.exists()
