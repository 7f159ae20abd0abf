"""The public site as a snapshot of static files (conoceles.snapshot): every file is what the live site answers at the
same URL (links made relative), nothing the publication gate hides is in it, and every change of published data
reaches it: the changed profiles leave at once, the task renders what the change touched."""

import datetime
import gzip
import json
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import Candidacy, Position
from conoceles.public.ballots import section_keys
from conoceles.public.snapshot_files import current, file_for, relative_links
from conoceles.review.services import decide_observation, propose_observation
from conoceles.snapshot import builder, pages
from tests.factories import CandidacyFactory, announce
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.django_db
SITE_HOST = "127.0.0.1:8000"  # the host of SITE_URL, which the snapshot's canonical links name
NOT_URLS = {"404.html", "no-disponible.html"}  # pages nginx serves on errors; no URL of the application


@pytest.fixture(autouse=True)
def _snapshot_settings(settings, tmp_path):
    settings.SITE_URL = f"http://{SITE_HOST}"
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "conoceles").mkdir(parents=True)
    (settings.STATIC_ROOT / "conoceles" / "site.css").write_text("body{}")
    settings.PUBLIC_CACHE_ENABLED = False  # the live rendering of each request, to compare with


def published_formula(world, contest="MR1", actor="PAN", number=1, **owner):
    owner_row = CandidacyFactory(
        contest=world.contests[contest], actor=world.actors[actor], formula_number=number, **owner
    )
    alternate = CandidacyFactory(
        contest=world.contests[contest], actor=world.actors[actor], formula_number=number, position=Position.ALTERNATE
    )
    for candidacy in (owner_row, alternate):
        fill(candidacy)
        publish(candidacy)
    return owner_row, alternate


def url_of(relative: Path) -> str:
    text = relative.as_posix()
    return "/" + (text[: -len("index.html")] if text == "index.html" or text.endswith("/index.html") else text)


def snapshot_files(folder: Path) -> dict[str, Path]:
    """URL -> file of every page and data file of the snapshot (static files, media and the pages' gzip copies
    aside: each of those is checked to be its page, compressed)."""
    found = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if not path.is_file() or relative.parts[0] in ("static", "media") or relative.as_posix() in NOT_URLS:
            continue
        if path.suffix == ".gz":
            assert gzip.decompress(path.read_bytes()) == path.with_suffix("").read_bytes(), relative
            continue
        found[url_of(relative)] = path
        if path.suffix in (".html", ".json"):
            assert path.with_name(path.name + ".gz").is_file(), f"{relative} has no gzip copy"
    return found


def live(client, url: str) -> bytes:
    response = client.get(url, HTTP_HOST=SITE_HOST)
    assert response.status_code == 200, f"{url}: the live site answers {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/html"):
        return relative_links(content.decode(), url).encode()
    return content


def assert_snapshot_is_the_live_site(client) -> dict[str, Path]:
    files = snapshot_files(current())
    for url, path in files.items():
        assert path.read_bytes() == live(client, url), f"{url} differs from the live page"
    return files


def profile_file(pk: int) -> Path:
    return current() / file_for(reverse("public:profile", args=[pk]))


@pytest.fixture
def site(open_world, world, django_capture_on_commit_callbacks):
    """Two published fórmulas, one candidacy not published, and a built snapshot."""
    first = published_formula(world, "MR1", "PAN")
    second = published_formula(world, "GUB", "PT", first_name="Gobernadora")
    hidden = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["MORENA"], first_name="Oculta")
    builder.build(workers=1)
    return first, second, hidden


def test_the_snapshot_holds_every_public_page_and_each_is_the_live_page(client, world, site):
    (owner, alternate), (governor, _), hidden = site
    files = assert_snapshot_is_the_live_site(client)
    published = {c.pk for c in Candidacy.objects.all()} - {hidden.pk}
    assert {url for url in files if url.endswith("/") and url.startswith("/candidatura/")} == {
        reverse("public:profile", args=[pk]) for pk in published
    }
    assert reverse("public:photo", args=[owner.pk]) in files
    contests = {reverse("public:contest", args=[c.pk]) for c in world.process.contests.all()}
    assert contests <= set(files)
    keys = section_keys(world.process)
    assert {reverse("public:ballot_page", args=[key]) for key in keys.values()} <= set(files)
    for name in ("home", "ballot", "statistics", "privacy_notice", "about", "accessibility", "favicon"):
        assert reverse(f"public:{name}") in files
    assert reverse("opendata:index") in files
    for extra in NOT_URLS:
        assert (current() / extra).is_file()
    assert (current() / "static" / "conoceles" / "site.css").read_text() == "body{}"
    # The unpublished candidacy: her name on her contest's page and fragment (registered names are public), and
    # nothing else of her anywhere (no profile, no link to one).
    named = {url for url, path in files.items() if "Oculta" in path.read_text(errors="ignore")}
    assert named == set(pages.contest_paths(hidden.contest_id))
    hidden_profile = reverse("public:profile", args=[hidden.pk]).strip("/")
    assert not any(hidden_profile in p.read_text(errors="ignore") for p in files.values())


def test_links_are_relative_so_the_files_work_from_any_host_or_path(client, site):
    (owner, _), _, _ = site
    page = profile_file(owner.pk).read_text()
    assert 'href="../../"' in page  # home, from /candidatura/<pk>/
    assert 'href="../../static/conoceles/' in page  # the style sheets
    assert ' href="/' not in page and ' src="/' not in page and ' action="/' not in page
    assert f'<link rel="canonical" href="http://{SITE_HOST}/candidatura/{owner.pk}/">' in page
    home = (current() / "index.html").read_text()
    assert ' href="/' not in home and 'href="mi-boleta/"' in home


def test_relative_links():
    html = '<a href="/">i</a> <a href="/buscar/?q=a">b</a> <img src="/static/x.css"> <a href="//cdn/x">c</a>'
    assert relative_links(html, "/candidatura/7/") == (
        '<a href="../../">i</a> <a href="../../buscar/?q=a">b</a> <img src="../../static/x.css"> '
        '<a href="//cdn/x">c</a>'
    )
    assert relative_links('<a href="/">i</a> <form action="/mi-boleta/">', "/") == (
        '<a href="./">i</a> <form action="mi-boleta/">'
    )


def test_the_swap_is_atomic_and_old_builds_are_pruned(site):
    link = Path(django_settings.SNAPSHOT_ROOT) / "current"
    first = current()
    assert link.is_symlink() and not os.readlink(link).startswith("/")  # relative: the folder can move
    builder.build(workers=1)
    second = current()
    builder.build(workers=1)
    builds = sorted(p.name for p in (Path(django_settings.SNAPSHOT_ROOT) / "builds").iterdir())
    assert current() != second != first
    assert builds == sorted([second.name, current().name])  # the one before is kept to go back to
    assert not any(name.startswith(".") for name in builds)


def test_an_observation_removes_the_profile_at_once_and_the_task_renders_it_again(
    client, site, reviewer, admin_user, django_capture_on_commit_callbacks, settings
):
    (owner, alternate), _, _ = site
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no task runs
    with django_capture_on_commit_callbacks(execute=True):
        observation = propose_observation(owner, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    assert profile_file(owner.pk).is_file()  # a proposal changes nothing public
    with django_capture_on_commit_callbacks(execute=True):
        decide_observation(observation, approve=True, note="Procede.", by=admin_user)
    # Gone at once, with the partner's page (it shows the fórmula), though the update task has not run.
    assert not profile_file(owner.pk).exists() and not profile_file(alternate.pk).exists()
    assert not (profile_file(owner.pk).parent / "foto.jpg").exists()

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    builder.update([owner.pk])
    assert profile_file(owner.pk).is_file() and profile_file(alternate.pk).is_file()
    assert "Información no disponible por el momento." in profile_file(owner.pk).read_text()
    assert_snapshot_is_the_live_site(client)


def test_every_kind_of_change_leaves_the_snapshot_equal_to_the_live_site(
    client, world, site, django_capture_on_commit_callbacks
):
    (owner, alternate), (governor, _), hidden = site
    # A candidacy published for the first time: its page, its contest's, every ballot with its contest.
    with django_capture_on_commit_callbacks(execute=True):
        fill(hidden)
        publish(hidden)
    assert profile_file(hidden.pk).is_file() and "Oculta" in profile_file(hidden.pk).read_text()
    # An edit of the governor's name (as Gestión does): her contest is on every ballot, through its fragment, which
    # is rewritten; the ballots are not.
    ballots = [p / "index.html" for p in (current() / "boleta").iterdir() if p.name != "secciones"]
    before = {path: path.stat().st_mtime_ns for path in ballots}
    with django_capture_on_commit_callbacks(execute=True):
        Candidacy.objects.filter(pk=governor.pk).update(first_name="Renombrada")
        announce(Candidacy.objects.get(pk=governor.pk))
    fragment = current() / file_for(reverse("public:contest_fragment", args=[governor.contest_id]))
    assert "Renombrada" in fragment.read_text()
    slot = f'data-contest-fragment="../../contienda/{governor.contest_id}/en-boleta/"'
    assert all(slot in path.read_text() for path in ballots)
    assert {path: path.stat().st_mtime_ns for path in ballots} == before
    # A withdrawal (substituted): gone from its page and its contest's page and fragment.
    with django_capture_on_commit_callbacks(execute=True):
        Candidacy.objects.filter(pk=owner.pk).update(status=Candidacy.Status.SUBSTITUTED)
        announce(Candidacy.objects.get(pk=owner.pk))
    assert not profile_file(owner.pk).exists()
    for name in ("contest", "contest_fragment"):
        contest_page = (current() / file_for(reverse(f"public:{name}", args=[owner.contest_id]))).read_text()
        assert f"candidatura/{owner.pk}/" not in contest_page
    assert_snapshot_is_the_live_site(client)


def test_a_change_during_a_full_build_reaches_the_new_snapshot(
    client, site, monkeypatch, django_capture_on_commit_callbacks
):
    (owner, _), _, _ = site
    build_into = builder._build_into

    def withdraw_meanwhile(*args, **kwargs):
        counts = build_into(*args, **kwargs)  # rendered while she was still published
        with django_capture_on_commit_callbacks(execute=True):
            Candidacy.objects.filter(pk=owner.pk).update(status=Candidacy.Status.SUBSTITUTED)
            announce(Candidacy.objects.get(pk=owner.pk))
        return counts

    monkeypatch.setattr(builder, "_build_into", withdraw_meanwhile)
    counts = builder.build(workers=1)
    assert counts["cambios durante la construcción"] >= 1
    assert not profile_file(owner.pk).exists()
    assert_snapshot_is_the_live_site(client)


def test_the_pdf_is_kept_beside_the_profile_on_its_first_request_and_dropped_on_a_change(
    client, site, django_capture_on_commit_callbacks
):
    (owner, _), _, _ = site
    pdf = profile_file(owner.pk).parent / "ficha.pdf"
    assert not pdf.exists()
    response = client.get(reverse("public:profile_pdf", args=[owner.pk]))
    assert response.status_code == 200 and pdf.read_bytes() == response.content
    with django_capture_on_commit_callbacks(execute=True):
        announce(Candidacy.objects.get(pk=owner.pk))
    assert profile_file(owner.pk).is_file() and not pdf.exists()  # rendered again, the old PDF gone


def test_a_full_build_carries_the_pdf_of_an_unchanged_profile(client, site):
    (owner, _), _, _ = site
    client.get(reverse("public:profile_pdf", args=[owner.pk]))
    builder.build(workers=1)
    assert (profile_file(owner.pk).parent / "ficha.pdf").is_file()


def test_the_day_boundary_renders_the_cargos_whose_window_opens(
    client, world, site, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    later = CandidacyFactory(contest=world.contests["PM_OPB"], actor=world.actors["PAN"], first_name="Mañanera")
    fill(later)
    publish(later)
    cargo = world.contests["PM_OPB"].cargo
    cargo.publication_start = today + datetime.timedelta(days=1)
    cargo.save()
    with django_capture_on_commit_callbacks(execute=True):
        announce(cargo)
    assert not profile_file(later.pk).exists()
    # The date turns and the window opens: as if tomorrow were today (the gate reads the date from the clock).
    cargo.publication_start = today
    cargo.save()  # not announced: no row changed for the site, only the date
    counts = builder.day(today)
    assert counts["perfiles"] >= 1 and profile_file(later.pk).is_file()
    assert_snapshot_is_the_live_site(client)


def test_the_ballot_lookup_files_send_every_section_to_its_ballot(client, world, site):
    keys = section_keys(world.process)
    found = {}
    for path in (current() / "boleta" / "secciones").glob("*.json"):
        found.update(json.loads(path.read_text()))
    assert found == {str(number): key for number, key in keys.items()}
    for key in set(keys.values()):
        assert (current() / file_for(reverse("public:ballot_page", args=[key]))).is_file()


def test_without_a_snapshot_a_change_writes_nothing(world, open_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published_formula(world)
    assert current() is None and not Path(django_settings.SNAPSHOT_ROOT).exists()


def test_the_command_builds_with_a_progress_bar(site, capsys):
    call_command("build_snapshot", "--workers", "1")
    out, err = capsys.readouterr()
    assert "perfiles: 4" in out and "Listo en" in out and "perfiles" in err and "4/4" in err
    call_command("build_snapshot", "--day")
    assert "perfiles" in capsys.readouterr().out


def test_a_change_of_a_catalog_row_rebuilds_the_whole_site(client, world, site, django_capture_on_commit_callbacks):
    first = current()
    contest = world.contests["MR1"]
    with django_capture_on_commit_callbacks(execute=True):
        contest.name = "Diputación renombrada"
        contest.save()
        announce(contest)
    assert current() != first
    assert_snapshot_is_the_live_site(client)
