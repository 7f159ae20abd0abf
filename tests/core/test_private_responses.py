"""What a signed-in user is shown is never kept by a browser or proxy cache (conoceles.core.middleware)."""

import pytest
from django.urls import reverse

from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services import (
    accept_notice,
    notices_to_accept,
    publish_notice,
    seed_identity_questions,
)

pytestmark = pytest.mark.django_db


def assert_not_stored(response):
    assert response.status_code == 200, response.status_code
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives


@pytest.fixture
def captured(world, candidacy, party_user, admin_user):
    """A candidacy whose party accepted the privacy notice, so its capture screens open."""
    for kind in PrivacyNotice.Kind:
        publish_notice(world.process, kind, f"Aviso {kind.label}.", by=admin_user)
    for notice in notices_to_accept(party_user, world.process):
        accept_notice(party_user, notice)
    seed_identity_questions(world.process)
    return candidacy


@pytest.mark.parametrize("name", ["identity", "consent", "history", "candidacy"])
def test_capture_screens_are_never_stored(client, captured, party_user, name):
    client.force_login(party_user)
    assert_not_stored(client.get(reverse(f"capture:{name}", args=[captured.pk])))


@pytest.mark.parametrize("name", ["review:candidacy", "review:candidacy_audit"])
def test_staff_screens_with_identity_answers_are_never_stored(client, captured, reviewer, name):
    client.force_login(reviewer)
    assert_not_stored(client.get(reverse(name, args=[captured.pk])))


def test_a_signed_in_users_public_page_is_not_stored_either(client, world, reviewer):
    client.force_login(reviewer)
    assert_not_stored(client.get(reverse("public:home")))
