"""Visits (DOMAIN.md §9): an aggregate count per page type and day, kept in the cache and flushed to DailyVisit;
nothing about the visitor; robots not counted; a request never writes to the database."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conoceles.public.models import DailyVisit
from conoceles.public.visits import count_visit, flush_visits, is_robot, pending_visits

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
