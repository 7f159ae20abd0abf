"""The archive (lifecycle step ARCHIVED): the process becomes read-only for everyone, through the screens and through
the services called directly, and the accounts of its political actors and candidacies are deactivated."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conoceles.accounts.models import AccountEvent, Role
from conoceles.accounts.services import generate_accounts
from conoceles.candidacies.error_codes import CandidacyErrorCode
from conoceles.core.permissions import WRITE_ACTIONS, Action, can, candidacies_for
from conoceles.imports.forms import UploadForm
from conoceles.imports.services import import_rows
from conoceles.lifecycle.services import run_due_steps
from conoceles.questionnaires.services import record_consent, save_rubro
from conoceles.review.models import CandidacyWorkflow
from conoceles.review.services import propose_observation, validate_candidacy
from conoceles.review.states import Decision, State
from conoceles.review.workflow import transition
from tests.factories import ActorFactory, ProcessFactory, make_user
from tests.public.profile_data import fill

pytestmark = pytest.mark.django_db
ELECTION = datetime.date(2027, 6, 6)
ARCHIVE = ELECTION + datetime.timedelta(days=30)
ARCHIVED_MESSAGE = "El proceso «Proceso Electoral Local Ordinario 2027» está archivado: ya no se captura ni se revisa."


@pytest.fixture
def other_party(world):
    """A party account of another process, current and not archived."""
    process = ProcessFactory(name="Proceso Electoral Local Extraordinario 2028", election_day=datetime.date(2028, 6, 4))
    return make_user("enlace-2028", Role.PARTY, actor=ActorFactory(process=process))


@pytest.fixture
def archived(world, candidacy, party_user, candidate_user, reviewer, admin_user, other_party):
    world.process.archive_date = ARCHIVE
    world.process.save()
    taken = run_due_steps(today=ARCHIVE)
    assert len(taken) == 2
    world.process.refresh_from_db()
    return world.process


def reactivated(user):
    """An account of the archived process switched on again by hand: the archive still refuses it every write."""
    user.is_active = True
    user.save()
    return user


def refused(call):
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.code == CandidacyErrorCode.PROCESS_ARCHIVED
    assert error.value.messages == [ARCHIVED_MESSAGE]


def test_party_and_candidate_accounts_are_deactivated_and_staff_stays(
    archived, party_user, candidate_user, reviewer, admin_user, other_party
):
    for user in (party_user, candidate_user):
        user.refresh_from_db()
        assert not user.is_active
        assert AccountEvent.objects.filter(user=user, kind=AccountEvent.Kind.DEACTIVATED, by=None).count() == 1
    for user in (reviewer, admin_user):
        user.refresh_from_db()
        assert user.is_active
    other_party.refresh_from_db()
    assert other_party.is_active


def test_no_write_action_is_allowed_on_an_archived_candidacy_but_reading_is(
    archived, candidacy, party_user, candidate_user, reviewer, admin_user
):
    users = [reactivated(party_user), reactivated(candidate_user), reviewer, admin_user]
    for action in WRITE_ACTIONS:
        for user in users:
            assert not can(user, action, candidacy), (action, user.role)
            assert not candidacies_for(user, action).exists(), (action, user.role)
    for user in users:
        assert can(user, Action.VIEW_CANDIDACY, candidacy)
        assert candidacies_for(user, Action.VIEW_CANDIDACY).filter(pk=candidacy.pk).exists()


def test_the_screens_answer_404_to_capture_and_review(archived, client, candidacy, party_user, reviewer):
    client.force_login(reactivated(party_user))
    assert client.get(reverse("capture:rubro", args=[candidacy.pk, "proposals"])).status_code == 404
    response = client.post(reverse("capture:rubro", args=[candidacy.pk, "proposals"]), {"proposal_1": "Agua"})
    assert response.status_code == 404
    assert client.post(reverse("review_actor:validate", args=[candidacy.pk])).status_code == 404
    client.force_login(reviewer)
    response = client.post(
        reverse("review:propose", args=[candidacy.pk]), {"rubros": ["proposals"], "rules": ["1"], "comment": "No."}
    )
    assert response.status_code == 404


def test_staff_cannot_switch_an_archived_process_account_back_on(archived, staff_client, party_user):
    response = staff_client.post(reverse("staff_accounts:reactivate", args=[party_user.pk]), follow=True)
    assert ARCHIVED_MESSAGE in response.content.decode()
    party_user.refresh_from_db()
    assert not party_user.is_active
    assert not AccountEvent.objects.filter(user=party_user, kind=AccountEvent.Kind.REACTIVATED).exists()


def test_the_reviewer_still_reads_an_archived_candidacy_with_nothing_to_do(archived, client, candidacy, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("review:candidacy", args=[candidacy.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert candidacy.full_name in page and "ya no se revisan" in page
    for name in ("propose", "mark_reviewed"):
        assert reverse(f"review:{name}", args=[candidacy.pk]) not in page


def test_the_services_refuse_with_a_code_and_a_message(archived, candidacy, party_user, candidate_user, reviewer):
    party = reactivated(party_user)
    refused(lambda: save_rubro(candidacy, "proposals", {"proposal_1": "Agua"}, by=party))
    refused(lambda: validate_candidacy(candidacy, by=party))
    refused(lambda: record_consent(candidacy, {1: True}, by=reactivated(candidate_user)))
    refused(lambda: propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="No.", by=reviewer))
    workflow, _ = CandidacyWorkflow.objects.get_or_create(candidacy=candidacy)
    refused(lambda: transition(workflow, State.VALIDATED, by=party))


def test_no_import_and_no_account_generation_on_an_archived_process(archived, world, admin_user):
    refused(lambda: generate_accounts(archived, per_candidacy=True, user=admin_user))
    refused(lambda: import_rows(archived, "actors", ["SIGLAS"], [], user=admin_user))
    assert archived not in UploadForm().fields["process"].queryset


def test_before_the_archive_the_same_writes_go_through(world, candidacy, party_user):
    world.process.archive_date = ARCHIVE
    world.process.save()
    run_due_steps(today=ARCHIVE - datetime.timedelta(days=1))  # only the end of publication
    world.process.refresh_from_db()
    assert not world.process.is_archived
    save_rubro(candidacy, "proposals", {"proposal_1": "Agua"}, by=party_user)
    assert can(party_user, Action.CAPTURE_CANDIDACY, candidacy)


def test_a_pending_decision_or_consent_format_cannot_be_decided_after_the_archive(
    world, candidacy, party_user, reviewer, admin_user, staff_client
):
    """Proposals waiting when the archive comes stay as they were: the decision screens say why."""
    publish_for_review(candidacy, party_user)
    observation = propose_observation(candidacy, rubros=["proposals"], rules=[1], comment="Copia.", by=reviewer)
    world.process.archive_date = ARCHIVE
    world.process.save()
    run_due_steps(today=ARCHIVE)
    response = staff_client.post(
        reverse("review:decide_observation", args=[observation.pk]), {"decision": "approve", "note": ""}, follow=True
    )
    assert ARCHIVED_MESSAGE in response.content.decode()
    observation.refresh_from_db()
    assert observation.decision == Decision.PENDING


def publish_for_review(candidacy, party_user):
    fill(candidacy)
    validate_candidacy(candidacy, by=party_user)
