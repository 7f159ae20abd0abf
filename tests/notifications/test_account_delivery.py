"""Delivering an account (credentials sheet or access e-mail) leaves an in-app «Entrega de cuenta» notice,
without the password."""

import pytest

from conoceles.accounts.services import generate_accounts, issue_credentials, send_access_emails
from conoceles.notifications.models import Notification

pytestmark = pytest.mark.django_db
DELIVERY = Notification.Kind.ACCOUNT_DELIVERY


@pytest.fixture
def no_email(world):
    return world.candidacy("MR15", "PAN")


@pytest.fixture
def accounts(world, no_email):
    world.actors["PAN"].contact_email = "enlace@pan.example"
    world.actors["PAN"].save()
    return {u.username: u for u in generate_accounts(world.process, per_candidacy=True)}


def test_generating_accounts_notifies_nobody(accounts):
    assert not Notification.objects.exists()


def test_issued_credentials_leave_a_notice_without_the_password(accounts, mailoutbox):
    pan = accounts["pan-2027"]
    [credential] = issue_credentials([pan])
    notice = Notification.objects.get()
    assert notice.user == pan and notice.kind == DELIVERY
    assert "pan-2027" in notice.body and "Partido Acción Nacional" in notice.body
    assert credential.temporary_password not in notice.subject + notice.body
    assert mailoutbox == []  # the sheet is the delivery; the notice is in-app only


def test_the_access_email_leaves_a_notice_only_for_accounts_emailed(accounts, no_email, mailoutbox, rf):
    pan, candidate = accounts["pan-2027"], accounts[f"c-{no_email.registration_id.lower()}"]
    result = send_access_emails([pan, candidate], request_or_domain=rf.get("/"))
    assert result == (1, 1)
    assert [m.to for m in mailoutbox] == [["enlace@pan.example"]]  # the access e-mail, unchanged
    assert list(Notification.objects.values_list("user__username", "kind")) == [("pan-2027", DELIVERY)]
