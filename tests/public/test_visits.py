"""Visits (DOMAIN.md §9): an aggregate count per page type and day, kept in the cache and flushed to DailyVisit;
nothing about the visitor; robots not counted; a request never writes to the database."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.public.models import DailyVisit, VisitFlush
from conoceles.public.tasks import flush_visits_task, schedule_visits_flush
from conoceles.public.visits import count_visit, flush_visits, is_robot, last_flush, pending_visits

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def browser_client(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


@pytest.mark.usefixtures("world")
def test_page_views_are_counted_by_page_type_without_writing_to_the_database(browser_client, django_assert_num_queries):
    browser_client.get(reverse("public:home"))
    with django_assert_num_queries(0):  # a cache hit, and the count goes to the cache too
        browser_client.get(reverse("public:home"))
    browser_client.get(reverse("public:statistics"))
    browser_client.get(reverse("public:profile", args=[424242]))  # a 404 is not a visit
    assert browser_client.get(reverse("public:favicon")).status_code == 200  # a resource, not a visit
    today = timezone.localdate()
    assert pending_visits() == {(today, "home"): 2, (today, "statistics"): 1}
    assert not DailyVisit.objects.exists()
    assert flush_visits() == 3
    assert {(v.day, v.page, v.count) for v in DailyVisit.objects.all()} == {
        (today, "home", 2),
        (today, "statistics", 1),
    }
    assert pending_visits() == {}


def test_flush_adds_to_existing_rows_and_keeps_later_counts(browser_client):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    count_visit("search", yesterday)
    count_visit("search")
    flush_visits()
    count_visit("search")
    count_visit("search")
    output = io.StringIO()
    call_command("flush_visits", stdout=output)
    assert "Visitas registradas: 2." in output.getvalue()
    counts = {(v.day, v.page): v.count for v in DailyVisit.objects.all()}
    assert counts == {(yesterday, "search"): 1, (today, "search"): 3}


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
    ],
)
def test_robots_are_not_counted(client, agent):
    assert is_robot(agent)
    client.get(reverse("public:home"), headers={"User-Agent": agent})
    assert pending_visits() == {}


def test_a_browser_is_not_a_robot():
    assert not is_robot(BROWSER)


def test_nothing_about_the_visitor_is_kept(browser_client):
    browser_client.get(reverse("public:home"), REMOTE_ADDR="203.0.113.77")
    flush_visits()
    fields = {f.name for f in DailyVisit._meta.get_fields()}
    assert fields == {"id", "day", "page", "count"}
    response = browser_client.get(reverse("public:home"))
    assert not response.cookies  # no cookie is set to count visits


def test_gestion_lists_visits_read_only(client):
    from conoceles.accounts.models import Role
    from conoceles.accounts.services import create_account

    DailyVisit.objects.create(day=timezone.localdate(), page="home", count=7)
    client.force_login(create_account("admin2", Role.ADMIN, password=None))
    page = client.get(reverse("admin:public_dailyvisit_changelist"))
    assert page.status_code == 200 and "home" in page.content.decode()
    assert client.get(reverse("admin:public_dailyvisit_add")).status_code == 403


# --------------------------------------------------------------------------------------------
# The pages nginx serves from the snapshot: counted from its log (VISITS_LOG)
# --------------------------------------------------------------------------------------------


def log_line(path: str, agent: str = BROWSER, when: datetime.datetime | None = None) -> str:
    """A line as nginx's `conoceles_visits` format writes it (deploy/nginx/conoceles.conf)."""
    return f'{(when or timezone.now()).timestamp():.3f} {path} "{agent}"\n'


@pytest.mark.usefixtures("world")
def test_the_pages_nginx_served_are_counted_from_its_log_once_each(settings, tmp_path):
    log = tmp_path / "visitas.log"
    settings.VISITS_LOG = str(log)
    assert flush_visits() == 0  # no log yet: it will be read from its start
    yesterday = timezone.now() - datetime.timedelta(days=1)
    log.write_text(
        log_line("/candidatura/7/")
        + log_line("/candidatura/8/", when=yesterday)
        + log_line("/boleta/3-17/?seccion=245")
        + log_line("/contienda/3/")
        + log_line("/candidatura/7/", agent="Googlebot/2.1")  # a robot
        + log_line("/candidatura/7/foto.jpg")  # a resource of a page
        + log_line("/boleta/secciones/0.json")
        + log_line("/static/conoceles/css/site.css")  # not a page of the public site
        + log_line("/captura/")
        + "una línea que no es del formato\n"
        + log_line("/acerca/")[:-1]  # nginx is still writing it: read next time
    )
    today = timezone.localdate()
    assert flush_visits() == 4
    counts = {(v.day, v.page): v.count for v in DailyVisit.objects.all()}
    assert counts == {
        (today, "profile"): 1,
        (timezone.localdate(yesterday), "profile"): 1,
        (today, "ballot_page"): 1,
        (today, "contest"): 1,
    }
    with log.open("a") as handle:
        handle.write("\n" + log_line("/candidatura/7/"))
    assert flush_visits() == 2  # the rest of /acerca/'s line, and the new one; nothing counted twice
    assert DailyVisit.objects.get(day=today, page="about").count == 1
    assert DailyVisit.objects.get(day=today, page="profile").count == 2
    assert flush_visits() == 0


@pytest.mark.usefixtures("world")
def test_a_rotated_log_is_read_from_its_start_and_a_lost_position_from_the_end(settings, tmp_path):
    from django.core.cache import cache

    from conoceles.public.visits import LOG_POSITION_KEY, count_logged_visits

    log = tmp_path / "visitas.log"
    log.write_text(log_line("/candidatura/7/") * 3)
    assert count_logged_visits(log) == 0  # never read before (the cache emptied): what is there may be counted
    log.write_text(log_line("/candidatura/7/") * 4)  # from the end; a longer file
    assert count_logged_visits(log) == 1
    log.unlink()
    log.write_text(log_line("/acerca/"))  # rotated: a new file
    assert count_logged_visits(log) == 1
    cache.delete(LOG_POSITION_KEY)
    with log.open("a") as handle:
        handle.write(log_line("/acerca/"))
    assert count_logged_visits(log) == 0
    assert pending_visits() == {(timezone.localdate(), "profile"): 1, (timezone.localdate(), "about"): 1}


# ------------------------------------------------------------------------- the flush on a schedule (the worker)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre"]
MONTHS += ["noviembre", "diciembre"]


def waiting_flushes():
    return DBTaskResult.objects.filter(task_path=flush_visits_task.module_path, status=TaskResultStatus.READY)


def test_the_flush_task_counts_the_buffered_visits_and_schedules_the_next_one(settings):
    settings.TASKS = DATABASE_TASKS
    count_visit("home")
    count_visit("home")
    count_visit("search")
    before = timezone.now()
    assert flush_visits_task.call() == 3
    today = timezone.localdate()
    assert {(v.page, v.count) for v in DailyVisit.objects.filter(day=today)} == {("home", 2), ("search", 1)}
    assert pending_visits() == {}
    assert last_flush().visits == 3 and last_flush().flushed_at >= before
    (waiting,) = waiting_flushes()
    assert before + datetime.timedelta(minutes=5) <= waiting.run_after <= timezone.now() + datetime.timedelta(minutes=5)
    # Run again (by the command at the worker's start, or twice): still a single flush waiting.
    count_visit("home")
    assert flush_visits_task.call() == 1
    call_command("flush_visits", stdout=io.StringIO())
    assert waiting_flushes().count() == 1


# db_worker closes the database connection between tasks, as the worker process does: on PostgreSQL that
# would end a test wrapped in a transaction, so this one commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_due_flush_and_it_schedules_the_next(settings):
    settings.TASKS = DATABASE_TASKS
    call_command("flush_visits", stdout=io.StringIO())  # as the worker's service does before starting it
    waiting_flushes().update(run_after=timezone.now() - datetime.timedelta(seconds=1))  # five minutes later
    count_visit("profile")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0")
    assert DailyVisit.objects.get(page="profile").count == 1
    assert DBTaskResult.objects.filter(task_path=flush_visits_task.module_path, status="SUCCESSFUL").count() == 1
    (waiting,) = waiting_flushes()
    assert waiting.run_after > timezone.now()


def test_without_a_worker_nothing_is_scheduled(settings):
    assert not schedule_visits_flush()  # the immediate backend of development and the demo: the page flushes
    assert not DBTaskResult.objects.exists()


@pytest.mark.usefixtures("open_world", "questions")
def test_staff_see_when_the_visits_were_last_recorded(client, settings):
    client.force_login(create_account("analista", Role.ANALYST, password=None))
    url = reverse("public:statistics")
    count_visit("home")
    page = client.get(url).content.decode()  # without a worker, the page flushes them itself
    flushed = timezone.localtime(last_flush().flushed_at)
    when = f"{flushed.day} de {MONTHS[flushed.month - 1]} de {flushed.year} a las {flushed:%H:%M}"
    assert f"Visitas registradas hasta el {when}." in page
    # With the worker, the page does not flush: it says when the worker last did and how often it does.
    settings.TASKS = DATABASE_TASKS
    VisitFlush.objects.update(flushed_at=flushed - datetime.timedelta(days=1))
    page = client.get(url).content.decode()
    earlier = flushed - datetime.timedelta(days=1)
    when = f"{earlier.day} de {MONTHS[earlier.month - 1]} de {earlier.year} a las {earlier:%H:%M}"
    assert f"Visitas registradas hasta el {when}; se actualizan solas cada 5 minutos." in page
    assert waiting_flushes().count() == 1, "opening the page restarts a lost schedule"
