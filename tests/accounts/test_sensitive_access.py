"""The log of accesses to sensitive data (SensitiveDataAccess): written by one service, never changed, shown to the
administration next to the login log, with filters and pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import Role, SensitiveDataAccess
from conoceles.accounts.services import record_sensitive_access
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOG = reverse("staff_accounts:sensitive_log")
VIEWED = SensitiveDataAccess.What.STATISTICS_VIEWED
DOWNLOADED = SensitiveDataAccess.What.STATISTICS_DOWNLOADED


def at(record, when: datetime.datetime):
    """Backdate a record (the log itself refuses updates: this writes past it, as only a test may)."""
    SensitiveDataAccess._base_manager.filter(pk=record.pk).update(at=when)


def test_records_are_append_only(world):
    record = record_sensitive_access(make_user("analista", Role.ANALYST), VIEWED, process=world.process)
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        SensitiveDataAccess.objects.update(detail="x")
    with pytest.raises(TypeError):
        SensitiveDataAccess.objects.all().delete()


def test_the_administration_reads_the_log_filtered_by_account_kind_and_local_dates(staff_client, world):
    analyst = make_user("analista", Role.ANALYST)
    other = make_user("otra-analista", Role.ANALYST)
    local = timezone.get_current_timezone()
    # 23:30 on 31 March in Mexico City is already 1 April in UTC: it belongs to March.
    march = record_sensitive_access(analyst, VIEWED, process=world.process)
    at(march, datetime.datetime(2027, 3, 31, 23, 30, tzinfo=local))
    april = record_sensitive_access(analyst, DOWNLOADED, process=world.process, detail="estadisticas.xlsx")
    at(april, datetime.datetime(2027, 4, 1, 0, 30, tzinfo=local))
    record_sensitive_access(other, VIEWED, process=world.process)

    page = staff_client.get(LOG).content.decode()
    assert page.count("<tr>") == 1 + 3
    assert "Estadísticas completas descargadas" in page and "estadisticas.xlsx" in page

    page = staff_client.get(LOG, {"since": "2027-04-01", "until": "2027-04-30"}).content.decode()
    assert "estadisticas.xlsx" in page and "31/03/2027 23:30" not in page
    page = staff_client.get(LOG, {"since": "2027-03-31", "until": "2027-03-31"}).content.decode()
    assert "31/03/2027 23:30" in page and "estadisticas.xlsx" not in page
    page = staff_client.get(LOG, {"username": "otra"}).content.decode()
    assert page.count("<tr>") == 1 + 1 and "otra-analista" in page
    page = staff_client.get(LOG, {"what": DOWNLOADED}).content.decode()
    assert page.count("<tr>") == 1 + 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.REVIEWER, Role.PARTY])
def test_only_the_administration_reads_the_log(client, world, role):
    scope = {"actor": world.actors["PAN"]} if role == Role.PARTY else {}
    client.force_login(make_user("cuenta", role, **scope))
    assert client.get(LOG).status_code == 403


def test_the_log_is_paged_in_a_fixed_number_of_queries(staff_client, world, django_assert_max_num_queries):
    users = [make_user(f"analista-{n}", Role.ANALYST) for n in range(60)]
    for user in users:
        record_sensitive_access(user, VIEWED, process=world.process)
    with django_assert_max_num_queries(9):  # 9: the staff layout's process selector reads the processes
        page = staff_client.get(LOG).content.decode()
    assert page.count("<tr>") == 1 + 50 and "Página 1 de 2" in page
    assert "analista-0<" in staff_client.get(LOG, {"page": 2}).content.decode()


def test_the_way_to_the_log(staff_client):
    assert LOG in staff_client.get(reverse("gestion:dashboard")).content.decode()
    assert LOG in staff_client.get(reverse("staff_accounts:login_log")).content.decode()
