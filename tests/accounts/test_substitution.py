"""A substitution in the candidacy import deactivates the replaced candidacy's account and creates the substitute's."""

import pytest

from conoceles.accounts.models import AccountEvent, Role, User
from conoceles.accounts.services import create_account, generate_accounts
from conoceles.candidacies.models import Candidacy
from conoceles.imports.services import import_rows
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(world, admin_user):
    result = import_rows(
        world.process,
        "candidacies",
        CANDIDACY_HEADER,
        [candidacy_row("G-1", "GUB", actor="PAN"), candidacy_row("G-2", "GUB", actor="MORENA", name="Eva")],
        user=admin_user,
    )
    assert result.ok, result.errors
    generate_accounts(world.process, per_candidacy=True)
    return Candidacy.objects.get(registration_id="G-1")


def substitute(world, user, **kwargs):
    return import_rows(
        world.process,
        "candidacies",
        CANDIDACY_HEADER,
        [candidacy_row("G-9", "GUB", actor="PAN", name="Rosa", replaces="G-1")],
        user=user,
        **kwargs,
    )


def test_substitution_moves_the_account(world, admin_user, registered):
    old_account = User.objects.get(candidacy=registered)
    result = substitute(world, admin_user)
    assert result.ok and result.counts["substituted"] == 1
    old_account.refresh_from_db()
    assert not old_account.is_active
    new = Candidacy.objects.get(registration_id="G-9")
    account = User.objects.get(candidacy=new)
    assert account.is_active and account.role == Role.CANDIDATE and account.username == "c-g-9"
    assert account.first_name == "Rosa" and not account.has_usable_password()
    assert account.credentials_issued_at is None, "delivered like any new account"
    assert AccountEvent.objects.filter(user=old_account, kind="deactivated", by=admin_user).exists()
    assert AccountEvent.objects.filter(user=account, kind="created", by=admin_user).exists()
    # other accounts are untouched, and generating again adds nothing
    assert User.objects.filter(is_active=True, role__in=[Role.PARTY, Role.CANDIDATE]).count() == 4 + 2
    assert generate_accounts(world.process, per_candidacy=True) == []


def test_dry_run_changes_no_account(world, admin_user, registered):
    before = set(User.objects.values_list("pk", "is_active"))
    events = AccountEvent.objects.count()
    result = substitute(world, admin_user, dry_run=True)
    assert result.ok and result.counts["substituted"] == 1
    assert set(User.objects.values_list("pk", "is_active")) == before
    assert AccountEvent.objects.count() == events
    assert not Candidacy.objects.filter(registration_id="G-9").exists()


def test_a_failed_import_changes_no_account(world, admin_user, registered):
    before = set(User.objects.values_list("pk", "is_active"))
    rows = [
        candidacy_row("G-9", "GUB", actor="PAN", name="Rosa", replaces="G-1"),
        candidacy_row("G-10", "GUB", actor="PRD"),  # unknown actor: the whole file is refused
    ]
    result = import_rows(world.process, "candidacies", CANDIDACY_HEADER, rows, user=admin_user)
    assert not result.ok
    assert set(User.objects.values_list("pk", "is_active")) == before


def test_without_an_account_the_substitute_gets_none(world, admin_user):
    import_rows(world.process, "candidacies", CANDIDACY_HEADER, [candidacy_row("G-1", "GUB")], user=admin_user)
    generate_accounts(world.process, per_candidacy=False)  # the institute chose actor accounts only
    assert substitute(world, admin_user).ok
    assert not User.objects.filter(role=Role.CANDIDATE).exists()


def test_an_inactive_account_of_the_replaced_still_gives_one_to_the_substitute(world, admin_user, registered):
    old_account = User.objects.get(candidacy=registered)
    old_account.is_active = False
    old_account.save()
    assert substitute(world, admin_user).ok
    assert User.objects.filter(candidacy__registration_id="G-9", is_active=True).count() == 1


def test_username_of_the_substitute_is_unique(world, admin_user, registered):
    create_account("c-g-9", Role.REVIEWER, password=None)
    assert substitute(world, admin_user).ok
    assert User.objects.get(candidacy__registration_id="G-9").username == "c-g-9-2"
