"""The end of publication (lifecycle step PUBLICATION_ENDED): the process's profiles leave every public page, the API,
the search index and the static snapshot at once; the open data stays only if the process keeps it."""

import datetime

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.lifecycle.services import run_step, save_options
from conoceles.lifecycle.steps import step_for
from conoceles.opendata import releases, writers
from conoceles.opendata.models import WITH_IDENTITY
from conoceles.public.snapshot_files import current, file_for
from conoceles.review.models import PublicationEntry
from conoceles.review.publication import is_public, publication_window
from conoceles.snapshot import builder
from tests.factories import CandidacyFactory
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.django_db
ELECTION = datetime.date(2027, 6, 6)
AFTER = ELECTION + datetime.timedelta(days=1)
END = step_for(LifecycleStage.PUBLICATION_ENDED)
NAME = "Zacarías"


@pytest.fixture
def published(open_world, world, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "conoceles").mkdir(parents=True)
    candidacy = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"], first_name=NAME)
    fill(candidacy)
    publish(candidacy)
    return candidacy


def end_publication(process, by=None):
    run_step(process, END, by=by, today=AFTER)
    process.refresh_from_db()


def options(process, **values):
    from conoceles.lifecycle.forms import OptionsForm

    data = {"in_public_archive": process.in_public_archive, "keep_open_data": process.keep_open_data, **values}
    form = OptionsForm({k: "on" for k, v in data.items() if v}, instance=process)
    assert form.is_valid()
    save_options(form, by=None)


def test_the_window_ends_on_the_processs_end_of_publication(world):
    candidacy = world.candidacy("GUB", "PAN")
    world.process.publication_end_date = ELECTION + datetime.timedelta(days=3)
    world.process.save()
    candidacy.refresh_from_db()
    assert publication_window(candidacy)[1] == ELECTION + datetime.timedelta(days=3)
    world.process.publication_end_date = None
    world.process.save()
    candidacy.refresh_from_db()
    assert publication_window(candidacy)[1] == ELECTION


def test_the_gate_shows_a_candidacy_through_the_end_of_publication_and_not_a_day_more(world, published):
    cargo = published.contest.cargo
    cargo.publication_end = None
    cargo.save()
    process = world.process
    process.publication_end_date = ELECTION + datetime.timedelta(days=3)
    process.save()
    assert is_public(published, today=ELECTION + datetime.timedelta(days=3))
    assert not is_public(published, today=ELECTION + datetime.timedelta(days=4))
    process.publication_end_date = None
    process.save()
    assert is_public(published, today=ELECTION) and not is_public(published, today=AFTER)


def test_every_public_page_api_and_search_drop_the_process_at_once(client, world, published, admin_user):
    profile = reverse("public:profile", args=[published.pk])
    api_list = f"/api/v1/processes/{world.process.pk}/candidacies"
    assert client.get(profile).status_code == 200
    assert NAME in client.get(reverse("public:search"), {"q": NAME}).content.decode()
    assert NAME in client.get(api_list).content.decode()
    assert PublicationEntry.objects.filter(process=world.process).exists()

    end_publication(world.process, by=admin_user)

    assert client.get(profile).status_code == 404
    assert client.get(f"/api/v1/candidacies/{published.pk}").status_code == 404
    assert NAME not in client.get(api_list).content.decode()
    assert not PublicationEntry.objects.filter(process=world.process).exists()
    message = "La publicación de las candidaturas del Proceso Electoral Local Ordinario 2027 concluyó el"
    search = client.get(reverse("public:search"), {"q": NAME}).content.decode()
    assert NAME not in search and message in search
    home = client.get(reverse("public:home")).content.decode()
    assert message in home and "6 de junio de 2027" in home
    contest = client.get(reverse("public:contest", args=[published.contest_id])).content.decode()
    assert message in contest and NAME not in contest
    fragment = client.get(reverse("public:contest_fragment", args=[published.contest_id])).content.decode()
    assert NAME not in fragment
    assert message in client.get(reverse("public:ballot")).content.decode()


def test_the_snapshot_drops_the_profiles_before_any_rebuild(
    client, world, published, settings, django_capture_on_commit_callbacks
):
    builder.build(workers=1)
    page = current() / file_for(reverse("public:profile", args=[published.pk]))
    assert page.is_file()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production: a worker builds
    with django_capture_on_commit_callbacks(execute=True):
        end_publication(world.process)
    assert not page.exists() and not page.parent.exists()  # gone at once, the rebuild still queued
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path.endswith("build_snapshot_task")
    builder.build(workers=1)  # what the worker runs
    assert not (current() / file_for(reverse("public:profile", args=[published.pk]))).exists()
    assert "concluyó el" in (current() / "index.html").read_text()
    assert NAME not in (current() / file_for(reverse("public:contest", args=[published.contest_id]))).read_text()


def release_urls(release):
    return {name: f"/datos-abiertos/{release.relative_dir}/{name}" for name in [release.zip_name, *release.file_names]}


@pytest.fixture
def release(world, published):
    release = releases.build_release(world.process)
    release.file_names = [f["name"] for f in release.files]
    return release


def test_by_default_the_open_data_is_withdrawn_with_the_profiles(client, world, release):
    assert not world.process.keep_open_data
    for url in release_urls(release).values():
        assert client.get(url).status_code == 200
    end_publication(world.process)
    for url in release_urls(release).values():
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("opendata:index")).content.decode()
    assert "sus datos abiertos ya no se ofrecen para descarga" in page and release.sha256 not in page
    assert client.get(f"/api/v1/processes/{world.process.pk}/releases").json() == []


def test_a_process_that_keeps_its_open_data_keeps_it_until_the_bloqueo(client, world, release):
    options(world.process, keep_open_data=True)
    end_publication(world.process)
    for url in release_urls(release).values():
        assert client.get(url).status_code == 200, url
    assert release.download_path in client.get(reverse("opendata:index")).content.decode()
    # The bloqueo (its effects on the files are conoceles.lifecycle.sensitive's): the identity files are no longer
    # offered, and stay so after the cancelación.
    ElectoralProcess.objects.filter(pk=world.process.pk).update(stage=LifecycleStage.LOCKED)
    urls = release_urls(release)
    for name, url in urls.items():
        gone = name in WITH_IDENTITY or name == release.zip_name
        assert client.get(url).status_code == (404 if gone else 200), name
    assert client.get(urls[writers.CANDIDATES_CSV]).status_code == 200
    page = client.get(reverse("opendata:index")).content.decode()
    assert writers.IDENTITY_CSV not in page and writers.CANDIDATES_CSV in page and release.download_path not in page
    (listed,) = client.get(f"/api/v1/processes/{world.process.pk}/releases").json()
    assert listed["download_url"] == "" and writers.IDENTITY_CSV not in {f["name"] for f in listed["files"]}


def test_the_files_with_identity_answers_are_the_writers_ones():
    assert {writers.WORKBOOK, writers.IDENTITY_CSV, writers.OWN_JSON} == WITH_IDENTITY


def test_the_snapshot_follows_the_open_data_option(world, release, django_capture_on_commit_callbacks):
    builder.build(workers=1)
    folder = current() / "datos-abiertos" / str(world.process.pk) / release.name
    assert (folder / release.zip_name).is_file()
    with django_capture_on_commit_callbacks(execute=True):
        end_publication(world.process)
    assert not (current() / "datos-abiertos" / str(world.process.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        options(world.process, keep_open_data=True)
    assert (current() / "datos-abiertos" / str(world.process.pk) / release.name / release.zip_name).is_file()
