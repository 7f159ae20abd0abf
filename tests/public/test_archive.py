"""The public archive of earlier processes (issue 15 point 1): /archivo/ lists the processes other than the current
one whose publication ended and that the institute shows, newest first and clearly dated; /archivo/<id>/ shows one
read-only (dates, the statistics as published, the open data still downloadable), never a profile; the footer links
the archive only when it lists something; the snapshot holds the archive's pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conoceles.elections.models import LifecycleStage
from conoceles.opendata.releases import build_release
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.public.statistics.cuts import identity_release
from conoceles.snapshot import builder
from tests.factories import CandidacyFactory, announce, build_world
from tests.public.profile_data import fill, publish
from tests.snapshot.test_snapshot import assert_snapshot_is_the_live_site

pytestmark = pytest.mark.django_db
ARCHIVE = "/archivo/"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.PUBLIC_CACHE_ENABLED = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "conoceles").mkdir(parents=True)
    (settings.STATIC_ROOT / "conoceles" / "site.css").write_text("body{}")


def earlier(year: int, day: datetime.date, stage=LifecycleStage.ARCHIVED, **options):
    world = build_world(f"Proceso Electoral Local Ordinario {year}", election_day=day, label=f" {year}")
    process = world.process
    process.stage = stage
    for name, value in options.items():
        setattr(process, name, value)
    process.save()
    announce(process)  # as every writer of a process does (the lifecycle step, Gestión)
    return world


def text(response) -> str:
    return response.content.decode()


def test_the_archive_lists_ended_processes_newest_first_clearly_dated(client, world):
    old = earlier(2021, datetime.date(2021, 6, 6), publication_end_date=datetime.date(2021, 6, 30))
    older = earlier(2018, datetime.date(2018, 7, 1), LifecycleStage.CANCELLED)
    earlier(2024, datetime.date(2024, 6, 2), LifecycleStage.ACTIVE)  # publication not ended: not listed
    earlier(2019, datetime.date(2019, 6, 2), in_public_archive=False)  # the institute does not show it
    page = text(client.get(ARCHIVE))
    assert (
        "Proceso Electoral Local Ordinario 2021</strong></a> — jornada electoral del "
        '<time datetime="2021-06-06">6 de junio de 2021</time>; publicación concluida el '
        '<time datetime="2021-06-30">30 de junio de 2021</time>'
    ) in page
    assert page.index(old.process.name) < page.index(older.process.name)
    assert 'publicación concluida el <time datetime="2018-07-01">1 de julio de 2018</time>' in page  # default end
    for absent in ("Ordinario 2024", "Ordinario 2019", world.process.name):
        assert absent not in page.split("<main")[1]
    assert client.get(reverse("public:archive_process", args=[world.process.pk])).status_code == 404
    for hidden in ("2024", "2019"):
        process = world.process.__class__.objects.get(name=f"Proceso Electoral Local Ordinario {hidden}")
        assert client.get(reverse("public:archive_process", args=[process.pk])).status_code == 404


def test_the_current_process_is_never_in_the_archive_even_after_its_publication_ended(client, world):
    world.process.stage = LifecycleStage.PUBLICATION_ENDED
    world.process.save()
    assert world.process.name not in text(client.get(ARCHIVE)).split("<main")[1]
    assert reverse("public:archive") not in text(client.get("/"))


def test_the_footer_links_the_archive_only_when_it_lists_a_process(client, world):
    assert reverse("public:archive") not in text(client.get("/"))
    assert "Aún no hay procesos anteriores en el archivo." in text(client.get(ARCHIVE))
    earlier(2021, datetime.date(2021, 6, 6))
    for url in ("/", reverse("public:search"), reverse("public:statistics")):
        assert f'href="{reverse("public:archive")}"' in text(client.get(url)), url


def test_a_processs_page_shows_the_statistics_it_published_and_no_profile(client, world):
    """The statistics are the last cut published up to the end of the publication, stored as published: a cut made
    later is not shown, and nothing is computed again from the rows."""
    world.open_publication()
    owner = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"], first_name="Zqarchivada")
    fill(owner)
    publish(owner)
    figures = identity_release(world.process).figures
    old = earlier(2021, datetime.date(2021, 6, 6), publication_end_date=datetime.date(2021, 6, 30))
    shown = dict(figures, consented=4321)
    later = dict(figures, consented=9876)
    for day, data in ((datetime.date(2021, 6, 1), shown), (datetime.date(2021, 7, 15), later)):
        cut = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        IdentityStatisticsRelease.objects.create(process=old.process, cut_at=cut, figures=data)
    CandidacyFactory(contest=old.contests["MR1"], actor=old.actors["PAN"], first_name="Zqperfilviejo")
    page = text(client.get(reverse("public:archive_process", args=[old.process.pk])))
    assert "El último corte publicado, del <strong>1 de junio de 2021</strong>" in page
    assert "4,321" in page and "9,876" not in page
    assert all(table["title"] in page for table in figures["tables"])
    assert "Zqperfilviejo" not in page and "/candidatura/" not in page and "/buscar/" not in page.split("<main")[1]
    assert "Zqarchivada" not in page


def test_a_processs_page_lists_its_open_data_with_working_links(client, world):
    world.open_publication()
    owner = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"])
    fill(owner)
    publish(owner)
    release = build_release(world.process)
    newer = build_world("Proceso Electoral Local Ordinario 2030", election_day=datetime.date(2030, 6, 2))
    assert newer.process != world.process
    world.process.stage = LifecycleStage.PUBLICATION_ENDED
    world.process.save()  # 2030 is now the current process: 2027 is in the archive
    announce(world.process)
    url = reverse("public:archive_process", args=[world.process.pk])
    link = reverse("opendata:file", args=[world.process.pk, release.name, release.zip_name])
    # The institute did not keep the open data (the default): the release is not offered.
    assert link not in text(client.get(url)) and "no conserva datos abiertos" in text(client.get(url))
    world.process.keep_open_data = True
    world.process.save()
    announce(world.process)
    page = text(client.get(url))
    assert f'href="{link}"' in page and "Este proceso no tiene estadísticas publicadas" in page
    assert client.get(link).status_code == 200
    without = earlier(2021, datetime.date(2021, 6, 6))
    assert "El instituto no conserva datos abiertos descargables de este proceso." in text(
        client.get(reverse("public:archive_process", args=[without.process.pk]))
    )


def test_the_snapshot_holds_the_archive_pages_as_the_live_site(client, world, django_capture_on_commit_callbacks):
    old = earlier(2021, datetime.date(2021, 6, 6))
    builder.build(workers=1)
    files = assert_snapshot_is_the_live_site(client)
    assert {ARCHIVE, reverse("public:archive_process", args=[old.process.pk])} <= set(files)
    # A process that leaves the archive leaves the snapshot, and every page's footer its link, once the change is
    # announced as every writer of a process does (a process is a site-wide row: the snapshot is rebuilt).
    with django_capture_on_commit_callbacks(execute=True):
        old.process.in_public_archive = False
        old.process.save()
        announce(old.process)
    files = assert_snapshot_is_the_live_site(client)
    assert reverse("public:archive_process", args=[old.process.pk]) not in files
