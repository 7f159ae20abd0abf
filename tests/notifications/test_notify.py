"""`notify`: one in-app notice per active account, and its e-mail in the background only after commit."""

import pytest
from django.db import transaction

from conoceles.accounts.models import Role
from conoceles.notifications.models import Notification
from conoceles.notifications.services import notify, recipients_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


@pytest.fixture
def addresses(candidacy, party_user):
    """The shared accounts have no e-mail address: here the party's account has one, and so has its candidacy."""
    party_user.email = "enlace@pan.example"
    party_user.save()
    candidacy.private_email = "maria@example.org"
    candidacy.save()


@pytest.mark.usefixtures("addresses")
def test_notify_creates_notices_and_mails_only_after_commit(
    party_user, candidate_user, candidacy, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://conoceles.example.org"
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        created = notify(
            [party_user, candidate_user],
            kind=Kind.OBSERVATION_APPROVED,
            subject="Observación aprobada en Trayectoria política",
            body="La revisión aprobó una observación.",
            url=f"/captura/{candidacy.pk}/",
            candidacy=candidacy,
        )
        assert len(created) == 2
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert {n.user for n in Notification.objects.all()} == {party_user, candidate_user}
    # The candidate's account has no e-mail of its own, but delivery_email reads her candidacy's contact.
    assert sorted(m.to[0] for m in mailoutbox) == ["enlace@pan.example", "maria@example.org"]
    message = next(m for m in mailoutbox if m.to == ["enlace@pan.example"])
    assert message.subject == "Conóceles: Observación aprobada en Trayectoria política"
    assert f"https://conoceles.example.org/captura/{candidacy.pk}/" in message.body
    assert "https://conoceles.example.org/cuenta/avisos/" in message.body
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


@pytest.mark.usefixtures("addresses")
def test_a_rolled_back_transaction_sends_nothing(party_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify([party_user], kind=Kind.CORRECTION_DECIDED, subject="Resuelta", body="")
        raise RuntimeError
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_no_mail_without_address_nor_for_inactive_accounts(world, mailoutbox, django_capture_on_commit_callbacks):
    staff = make_user("revisora", Role.REVIEWER)  # no e-mail anywhere
    gone = make_user("baja", Role.REVIEWER, email="baja@example.org")
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = notify([staff, gone, staff], kind=Kind.CORRECTION_REVIEWED, subject="Revisada", body="")
    assert [n.user for n in created] == [staff]  # once, and never the inactive account
    assert callbacks == [] and mailoutbox == []
    assert Notification.objects.get().emailed_at is None


@pytest.mark.usefixtures("addresses")
def test_email_false_writes_only_the_in_app_notice(party_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([party_user], kind=Kind.OBSERVATION_REJECTED, subject="No aprobada", body="", email=False)
    assert mailoutbox == [] and Notification.objects.get().user == party_user


def test_recipients_are_the_actors_active_accounts_and_the_candidate(world, candidacy, party_user, candidate_user):
    second = make_user("enlace-pan-2", Role.PARTY, actor=candidacy.actor)
    inactive = make_user("enlace-pan-baja", Role.PARTY, actor=candidacy.actor, is_active=False)
    other = world.candidacy(actor="MORENA")
    make_user("enlace-morena", Role.PARTY, actor=other.actor)
    make_user("c-otra", Role.CANDIDATE, candidacy=other)
    sibling = world.candidacy("MR15", "PAN")
    make_user("c-hermana", Role.CANDIDATE, candidacy=sibling)  # same actor, another candidacy
    make_user("revisora", Role.REVIEWER)
    recipients = recipients_for(candidacy)
    assert set(recipients) == {party_user, second, candidate_user}
    assert inactive not in recipients


def test_coalition_candidacies_go_to_the_coalition_accounts_not_to_its_members(world):
    coalition = world.candidacy(actor="SHH")
    own = make_user("enlace-shh", Role.PARTY, actor=world.actors["SHH"])
    make_user("enlace-morena", Role.PARTY, actor=world.actors["MORENA"])
    assert recipients_for(coalition) == [own]
