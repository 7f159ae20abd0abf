"""A granted ARCO request removes or stops exactly what it covers, at once, on every public surface (profile, API,
static snapshot, statistics); a denied one changes nothing; the candidate is told either way."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import User
from conoceles.arco.error_codes import ArcoErrorCode
from conoceles.arco.models import ArcoRequest
from conoceles.arco.services import download_my_data, respond, submit_request
from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import LifecycleStage
from conoceles.notifications.models import Notification
from conoceles.opendata import writers
from conoceles.opendata.models import WITH_IDENTITY
from conoceles.opendata.releases import build_release
from conoceles.public.snapshot_files import current, file_for
from conoceles.public.statistics.figures import identity_tables
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import ConsentItem, ConsentRecord, IdentityAnswer
from conoceles.questionnaires.services import current_consent, record_consent
from conoceles.review.models import WorkflowEvent
from conoceles.snapshot import builder
from tests.lifecycle.steps import take_step
from tests.public.profile_data import answer, fill, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]
LABEL = Group.INDIGENOUS.label


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "conoceles").mkdir(parents=True)
    (settings.STATIC_ROOT / "conoceles" / "site.css").write_text("body{}")


@pytest.fixture
def maria(world, candidacy, candidate_user, notices, django_capture_on_commit_callbacks):
    """Published, «Sí» to the indigenous question, consent to everything (her own word), a private e-mail, and the
    static snapshot built."""
    candidacy.private_email = "maria.privado@example.com"
    candidacy.save()
    candidate_user.email = "maria.cuenta@example.com"
    candidate_user.save()
    fill(candidacy)
    publish(candidacy)
    answer(candidacy, Group.INDIGENOUS, YES)
    with django_capture_on_commit_callbacks(execute=True):
        record_consent(candidacy, {1: True, 2: True, 3: True}, by=candidate_user)
    builder.build(workers=1)
    assert shown_everywhere(candidacy.pk)  # and now in the page cache: a change must not leave a stale copy there
    return candidacy


def profile(pk) -> str:
    response = Client().get(reverse("public:profile", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def api_groups(pk) -> list[str]:
    response = Client().get(reverse("api-v1:candidacy", args=[pk]))
    assert response.status_code == 200
    return response.json()["groups"]


def snapshot_profile(pk) -> str:
    return (current() / file_for(reverse("public:profile", args=[pk]))).read_text()


def consenting(world) -> int:
    return identity_tables(world.process, timezone.localdate(), 1)[1]


def shown_everywhere(pk) -> bool:
    on = [LABEL in profile(pk), LABEL in api_groups(pk), LABEL in snapshot_profile(pk)]
    assert len(set(on)) == 1, f"profile, API and snapshot disagree: {on}"
    return on[0]


def grant(request, by, capture, **kwargs):
    with capture(execute=True):
        return respond(request, decision=kwargs.pop("decision", "granted"), response="Procede.", by=by, **kwargs)


def test_the_scene_counts_her_in_the_statistics(world, maria):
    assert consenting(world) == 1


def test_opposition_to_publication_hides_her_answers_at_once(
    world, maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    request = submit_request(candidate_user, kind="opposition", scope=["publication"], reasons="No publicar.")
    grant(request, admin_user, django_capture_on_commit_callbacks)
    assert not shown_everywhere(maria.pk)
    assert current_consent(maria) == {1: True, 2: False, 3: True}
    record = ConsentRecord.objects.filter(candidacy=maria).latest("pk")
    assert record.recorded_by == candidate_user and record.method == ConsentRecord.Method.DIRECT  # her own word
    event = WorkflowEvent.objects.filter(candidacy=maria).latest("pk")
    assert f"Solicitud ARCO n.º {request.pk}" in event.reason and event.by == admin_user
    assert IdentityAnswer.objects.filter(candidacy=maria).exists()  # kept: only their publication stops
    assert consenting(world) == 1  # statistics are another item


def test_opposition_to_statistics_stops_counting_her(
    world, maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    request = submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="Sin estadísticas.")
    grant(request, admin_user, django_capture_on_commit_callbacks)
    assert consenting(world) == 0
    assert current_consent(maria)[ConsentItem.STATISTICS] is False
    assert shown_everywhere(maria.pk)  # publication is another item


def test_cancellation_of_identity_answers_deletes_them_and_their_history(
    world, maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    assert IdentityAnswer.history.filter(candidacy_id=maria.pk).exists()
    request = submit_request(candidate_user, kind="cancellation", scope=["identity_answers"], reasons="Borrar.")
    request = grant(request, admin_user, django_capture_on_commit_callbacks)
    assert not IdentityAnswer.objects.filter(candidacy=maria).exists()
    assert not IdentityAnswer.history.filter(candidacy_id=maria.pk).exists()
    assert not shown_everywhere(maria.pk)
    assert "1 respuesta(s)" in request.effects


def test_cancellation_of_contact_data_blanks_her_private_addresses(
    maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    request = submit_request(candidate_user, kind="cancellation", scope=["contact_data"], reasons="Mi correo no.")
    grant(request, admin_user, django_capture_on_commit_callbacks)
    maria.refresh_from_db()
    assert maria.private_email == "" and User.objects.get(pk=candidate_user.pk).email == ""
    assert not Candidacy.history.filter(id=maria.pk).exclude(private_email="").exists()
    assert shown_everywhere(maria.pk)  # nothing public changes: the address never was


def test_a_partial_grant_applies_only_what_is_granted(
    maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    request = submit_request(
        candidate_user, kind="opposition", scope=["publication", "statistics"], reasons="Ambas cosas."
    )
    request = grant(
        request, admin_user, django_capture_on_commit_callbacks, decision="partial", granted_scope=["statistics"]
    )
    assert request.status == "partial" and request.granted_scope == ["statistics"]
    assert current_consent(maria) == {1: True, 2: True, 3: False}
    assert shown_everywhere(maria.pk)
    with pytest.raises(Exception) as error:  # «parcialmente» with everything is not partial
        again = submit_request(candidate_user, kind="opposition", scope=["publication", "statistics"], reasons="x")
        respond(again, decision="partial", granted_scope=["publication", "statistics"], response="x", by=admin_user)
    assert "granted_scope" in error.value.message_dict


def test_a_denied_request_changes_nothing_and_she_is_told(
    world, maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    before = (ConsentRecord.objects.count(), IdentityAnswer.objects.count(), maria.private_email)
    for kind, scope in (
        ("cancellation", ["identity_answers", "contact_data"]),
        ("opposition", ["publication", "statistics"]),
    ):
        request = submit_request(candidate_user, kind=kind, scope=scope, reasons="Motivos.")
        with django_capture_on_commit_callbacks(execute=True):
            respond(request, decision="denied", response="Improcedente: la ley obliga a conservarlos.", by=admin_user)
    maria.refresh_from_db()
    assert (ConsentRecord.objects.count(), IdentityAnswer.objects.count(), maria.private_email) == before
    assert shown_everywhere(maria.pk) and consenting(world) == 1
    told = Notification.objects.filter(user=candidate_user, kind=Notification.Kind.ARCO)
    assert told.count() == 2 and all("Improcedente: la ley obliga" in n.body for n in told)


def test_a_response_needs_its_reasoning_and_is_given_once(maria, candidate_user, admin_user):
    request = submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="x")
    with pytest.raises(Exception) as error:
        respond(request, decision="granted", response="  ", by=admin_user)
    assert "response" in error.value.message_dict
    respond(request, decision="granted", response="Procede.", by=admin_user)
    with pytest.raises(Exception) as error:
        respond(request, decision="denied", response="Cambio de opinión.", by=admin_user)
    assert error.value.code == ArcoErrorCode.ALREADY_ANSWERED


def test_only_administration_responds(maria, candidate_user, reviewer):
    request = submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="x")
    with pytest.raises(Exception, match="Administración"):
        respond(request, decision="granted", response="Procede.", by=reviewer)


def test_the_screen_asks_for_confirmation_before_an_irreversible_effect(
    staff_client, maria, candidate_user, django_capture_on_commit_callbacks
):
    request = submit_request(candidate_user, kind="cancellation", scope=["identity_answers"], reasons="Borrar.")
    url = reverse("arco:staff_detail", args=[request.pk])
    data = {"decision": "granted", "response": "Procede la cancelación."}
    first = staff_client.post(url, data)
    assert first.status_code == 200
    html = first.content.decode()
    assert "Confirme la respuesta" in html and "No se puede deshacer" in html
    assert IdentityAnswer.objects.filter(candidacy=maria).exists()  # nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        second = staff_client.post(url, {**data, "confirm": "1"})
    assert second.status_code == 302
    request.refresh_from_db()
    assert request.status == "granted" and request.responded_by.username == "coordinadora"
    assert not IdentityAnswer.objects.filter(candidacy=maria).exists()
    notice = Notification.objects.get(user=candidate_user, kind=Notification.Kind.ARCO)
    assert "Procede la cancelación." in notice.body and "Se eliminaron 1 respuesta(s)" in notice.body
    page = staff_client.get(url).content.decode()
    assert "Efectos aplicados" in page and "Procedente" in page
    # and she reads it on her page
    her = Client()
    her.force_login(candidate_user)
    mine = her.get(reverse("arco:mine")).content.decode()
    assert "Procede la cancelación." in mine and "Procedente" in mine


def test_the_response_form_refuses_an_empty_reasoning(staff_client, maria, candidate_user):
    request = submit_request(candidate_user, kind="opposition", scope=["statistics"], reasons="x")
    response = staff_client.post(
        reverse("arco:staff_detail", args=[request.pk]), {"decision": "granted", "response": ""}
    )
    assert response.status_code == 400
    assert ArcoRequest.objects.get(pk=request.pk).status == "pending"


def test_after_bloqueo_nothing_is_processed_nor_downloaded(
    maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    """From the process's bloqueo on, a pending request's effects are refused and her download is too: the data is
    kept only for legal claims (conoceles.lifecycle.sensitive)."""
    request = submit_request(candidate_user, kind="cancellation", scope=["identity_answers"], reasons="Borrar.")
    take_step(maria.process, LifecycleStage.LOCKED)
    maria.refresh_from_db()
    with pytest.raises(PermissionDenied, match="bloqueados"):
        grant(request, admin_user, django_capture_on_commit_callbacks)
    assert IdentityAnswer.objects.filter(candidacy=maria).exists()  # untouched: bloqueo keeps, cancelación deletes
    request.refresh_from_db()
    assert request.status == "pending"
    with pytest.raises(PermissionDenied, match="bloqueados"):
        download_my_data(candidate_user)


@pytest.mark.parametrize(("kind", "scope"), [("opposition", "publication"), ("cancellation", "identity_answers")])
def test_the_open_data_already_published_stops_offering_her_answers_at_once(
    kind, scope, maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    """Releases are never rewritten: the ones made before the grant stop offering every file with identity answers
    (and their zip); the rest of each release stays published, and the next release no longer has her answers."""
    release = build_release(maria.process, by=admin_user)
    identity = [name for name in release.published_files if name in WITH_IDENTITY or name == release.zip_name]
    assert len(identity) == 4 and all(Client().get(file_url(release, n)).status_code == 200 for n in identity)
    assert LABEL in (release.directory / writers.OWN_JSON).read_text()

    request = submit_request(candidate_user, kind=kind, scope=[scope], reasons="Que no se publiquen.")
    request = grant(request, admin_user, django_capture_on_commit_callbacks)

    release.refresh_from_db()
    assert release.identity_withdrawn_at is not None
    if kind == "cancellation":
        assert "1 versión(es) de datos abiertos" in request.effects
    assert not set(identity) & set(release.published_files)
    for name in identity:
        assert Client().get(file_url(release, name)).status_code == 404, name
        assert not (release.directory / name).exists(), name  # out of the public folder nginx serves
    assert Client().get(file_url(release, writers.CANDIDATES_CSV)).status_code == 200
    later = build_release(maria.process, by=admin_user)
    assert later.identity_withdrawn_at is None and LABEL not in (later.directory / writers.OWN_JSON).read_text()


def file_url(release, name: str) -> str:
    return reverse("opendata:file", args=[release.process_id, release.name, name])


def test_her_own_withdrawal_of_consent_also_withdraws_the_published_releases_answers(
    maria, candidate_user, admin_user, django_capture_on_commit_callbacks
):
    """Not only through ARCO: the candidate's own «no» to publication, recorded in capture, stops the releases
    already published from offering her answers; a «no» to statistics does not touch them."""
    release = build_release(maria.process, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        record_consent(maria, {ConsentItem.STATISTICS: False}, by=candidate_user)
    release.refresh_from_db()
    assert release.identity_withdrawn_at is None and writers.IDENTITY_CSV in release.published_files

    with django_capture_on_commit_callbacks(execute=True):
        record_consent(maria, {ConsentItem.PUBLICATION: False}, by=candidate_user)
    release.refresh_from_db()
    assert release.identity_withdrawn_at is not None
    assert Client().get(file_url(release, writers.IDENTITY_CSV)).status_code == 404
    assert not (release.directory / writers.OWN_JSON).exists()
