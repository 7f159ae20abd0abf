"""/cuenta/avisos/: only the account's own notices, newest first, paginated; marking as read by POST."""

import pytest
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify
from conoceles.notifications.views import PAGE_SIZE
from tests.factories import make_user

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
LIST = reverse("notifications:list")


@pytest.fixture
def me(db):
    return make_user("enlace", Role.REVIEWER)


@pytest.fixture
def other(db):
    return make_user("otra", Role.REVIEWER)


@pytest.fixture
def my_client(client, me):
    client.force_login(me)
    return client


def say(user, subject, **kwargs):
    return notify([user], kind=Kind.CORRECTION_DECIDED, subject=subject, body=f"Detalle de {subject}", **kwargs)[0]


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_empty_state(my_client):
    page = my_client.get(LIST).content.decode()
    assert "No tiene avisos" in page and "Marcar todos" not in page


def test_only_own_notices_newest_first_with_unread_marked_in_words(my_client, me, other):
    say(me, "Primero")
    say(me, "Segundo")
    say(other, "Ajeno")
    page = my_client.get(LIST).content.decode()
    assert "Ajeno" not in page
    assert page.index("Segundo") < page.index("Primero")
    assert page.count("Sin leer</span>") == 2  # the badge says it, not only a colour
    assert '>Avisos <span class="badge text-bg-light">2<span class="visually-hidden"> sin leer' in page


def test_pagination(my_client, me):
    for n in range(PAGE_SIZE + 3):
        say(me, f"Aviso número {n:02d}")
    first = my_client.get(LIST).content.decode()
    second = my_client.get(LIST, {"page": 2}).content.decode()
    assert f"Aviso número {PAGE_SIZE + 2:02d}" in first and "Aviso número 00" not in first
    assert "Página 1 de 2" in first
    assert "Aviso número 00" in second and f"Aviso número {PAGE_SIZE + 2:02d}" not in second


def test_mark_one_as_read(my_client, me):
    keep, target = say(me, "Sigue sin leer"), say(me, "Ya leído")
    response = my_client.post(reverse("notifications:read", args=[target.pk]), {"next": f"{LIST}?page=1"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?page=1"
    target.refresh_from_db()
    keep.refresh_from_db()
    assert target.read_at is not None and keep.read_at is None
    assert my_client.get(LIST).content.decode().count("Sin leer</span>") == 1


def test_mark_all_as_read_leaves_other_accounts_alone(my_client, me, other):
    say(me, "Uno")
    say(me, "Dos")
    foreign = say(other, "Ajeno")
    response = my_client.post(reverse("notifications:read_all"), follow=True)
    assert "Se marcaron 2 avisos como leídos." in response.content.decode()
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_marking_needs_post(my_client, me):
    notice = say(me, "Uno")
    assert my_client.get(reverse("notifications:read", args=[notice.pk])).status_code == 405
    assert my_client.get(reverse("notifications:read_all")).status_code == 405


def test_another_accounts_notice_is_a_404(my_client, other):
    foreign = say(other, "Ajeno", url="/captura/")
    assert my_client.post(reverse("notifications:read", args=[foreign.pk])).status_code == 404
    assert my_client.get(reverse("notifications:open", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_opening_a_notice_marks_it_read_and_goes_to_its_link(my_client, me):
    notice = say(me, "Con enlace", url="/captura/")
    response = my_client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/captura/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_foreign_link_is_never_followed(my_client, me):
    notice = say(me, "Enlace externo", url="https://malicioso.example/")
    response = my_client.get(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == LIST


def test_a_temporary_password_must_be_changed_first(client, me):
    me.must_change_password = True
    me.save()
    client.force_login(me)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:password_change')}?next={LIST}"


@pytest.mark.two_factor
def test_institute_roles_pass_the_second_factor_first(client, me):
    say(me, "Información interna")
    client.force_login(me)  # password only: no verified authenticator in this session
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_setup"))
