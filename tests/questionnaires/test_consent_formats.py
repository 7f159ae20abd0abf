"""Consent belongs to the candidate (DOMAIN.md §2, §6): a signed format uploaded by her party counts only once an
institute reviewer accepts it, never over what she records herself; she is told; the review is audited."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Subquery
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from conoceles.accounts.models import Role
from conoceles.candidacies.models import Candidacy
from conoceles.notifications.models import Notification
from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.questionnaires.models import ConsentFormat, ConsentRecord, IdentityQuestion, PrivacyNotice
from conoceles.questionnaires.services import (
    consent_in_force,
    consents_for,
    current_consent,
    decide_consent_format,
    questions_last_changed_by_party,
    record_consent,
    save_identity_answers,
    seed_identity_questions,
    upload_consent_format,
)
from conoceles.review.models import WorkflowEvent
from conoceles.review.states import EventKind
from tests.factories import make_user
from tests.uploads import image_bytes, minimal_pdf, upload

pytestmark = pytest.mark.django_db

YES_YES_YES = {1: True, 2: True, 3: True}


def pdf():
    return upload(minimal_pdf(), "formato.pdf", "application/pdf")


def upload_format(candidacy, party_user, answers=YES_YES_YES):
    return upload_consent_format(candidacy, answers, pdf(), by=party_user)


# --------------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------------


def test_a_format_counts_only_once_a_reviewer_accepts_it(candidacy, party_user, reviewer, notices):
    consent_format = upload_format(candidacy, party_user, {1: True, 2: True, 3: False})
    assert consent_format.status == ConsentFormat.Status.PENDING
    assert current_consent(candidacy) == {1: None, 2: None, 3: None}
    decide_consent_format(consent_format, accept=True, by=reviewer)
    consent_format.refresh_from_db()
    assert consent_format.status == ConsentFormat.Status.ACCEPTED
    assert (consent_format.decided_by, consent_format.decided_at is not None) == (reviewer, True)
    assert current_consent(candidacy) == {1: True, 2: True, 3: False}


def test_a_rejected_format_changes_nothing_and_needs_a_reason(candidacy, party_user, reviewer, notices):
    consent_format = upload_format(candidacy, party_user)
    with pytest.raises(ValidationError) as excinfo:
        decide_consent_format(consent_format, accept=False, reason="   ", by=reviewer)
    assert excinfo.value.error_dict["reason"][0].code == QuestionnaireErrorCode.REASON_REQUIRED
    decide_consent_format(consent_format, accept=False, reason="La firma no es de la candidata.", by=reviewer)
    consent_format.refresh_from_db()
    assert consent_format.status == ConsentFormat.Status.REJECTED
    assert consent_format.decision_reason == "La firma no es de la candidata."
    assert current_consent(candidacy) == {1: None, 2: None, 3: None}
    # A new format may then be uploaded.
    assert upload_format(candidacy, party_user).status == ConsentFormat.Status.PENDING


def test_a_format_is_decided_once(candidacy, party_user, reviewer, admin_user, notices):
    consent_format = upload_format(candidacy, party_user)
    decide_consent_format(consent_format, accept=True, by=reviewer)
    with pytest.raises(ValidationError) as excinfo:
        decide_consent_format(consent_format, accept=False, reason="Cambio de opinión.", by=admin_user)
    assert excinfo.value.code == QuestionnaireErrorCode.FORMAT_ALREADY_DECIDED
    assert ConsentFormat.objects.get().status == ConsentFormat.Status.ACCEPTED


@pytest.mark.parametrize("who", ["party_user", "candidate_user", "other_party_user", "analyst"])
def test_only_the_institutes_review_decides(request, candidacy, party_user, notices, who):
    user = make_user("analista", Role.ANALYST) if who == "analyst" else request.getfixturevalue(who)
    consent_format = upload_format(candidacy, party_user)
    with pytest.raises(PermissionDenied):
        decide_consent_format(consent_format, accept=True, by=user)
    assert ConsentFormat.objects.get().status == ConsentFormat.Status.PENDING


@pytest.mark.parametrize("who", ["candidate_user", "other_party_user", "reviewer", "admin_user"])
def test_only_her_party_uploads_a_format(request, candidacy, notices, who):
    with pytest.raises(PermissionDenied):
        upload_consent_format(candidacy, YES_YES_YES, pdf(), by=request.getfixturevalue(who))
    assert not ConsentFormat.objects.exists() and not ConsentRecord.objects.exists()


def test_a_format_claims_all_three_answers(candidacy, party_user, notices):
    with pytest.raises(ValidationError) as excinfo:
        upload_consent_format(candidacy, {2: True}, pdf(), by=party_user)
    assert excinfo.value.code == QuestionnaireErrorCode.BAD_CONSENT_ANSWERS


def test_her_own_word_prevails_over_a_later_format(candidacy, party_user, candidate_user, notices):
    record_consent(candidacy, {1: True, 2: False, 3: False}, by=candidate_user)
    with pytest.raises(ValidationError) as excinfo:
        upload_format(candidacy, party_user)
    assert excinfo.value.code == QuestionnaireErrorCode.CANDIDATE_DECIDED
    assert not ConsentFormat.objects.exists()
    assert current_consent(candidacy) == {1: True, 2: False, 3: False}


def test_her_own_word_prevails_over_an_earlier_format_accepted_before_or_after(
    candidacy, party_user, candidate_user, reviewer, notices
):
    accepted = upload_format(candidacy, party_user)
    decide_consent_format(accepted, accept=True, by=reviewer)
    assert current_consent(candidacy) == {1: True, 2: True, 3: True}
    record_consent(candidacy, {2: False}, by=candidate_user)  # she withdraws: at once
    assert current_consent(candidacy) == {1: True, 2: False, 3: True}


def test_a_format_accepted_after_she_answered_changes_nothing(candidacy, party_user, candidate_user, reviewer, notices):
    pending = upload_format(candidacy, party_user)
    record_consent(candidacy, {1: True, 2: False, 3: False}, by=candidate_user)
    decide_consent_format(pending, accept=True, by=reviewer)
    assert current_consent(candidacy) == {1: True, 2: False, 3: False}


def test_her_word_prevails_over_format_records_written_after_it(
    candidacy, party_user, candidate_user, reviewer, notices
):
    """Formats recorded before formats were reviewed (migration 0003 made them pending) may be newer than her own
    answer: accepted, they still do not prevail over it, in Python nor in the SQL the statistics use."""
    record_consent(candidacy, {1: True, 2: False, 3: False}, by=candidate_user)
    legacy = ConsentFormat.objects.create(candidacy=candidacy, evidence="consent/antiguo.pdf", uploaded_by=party_user)
    for item in (1, 2, 3):
        ConsentRecord.objects.create(
            candidacy=candidacy,
            item=item,
            given=True,
            notice=PrivacyNotice.objects.get(kind="integral"),
            recorded_by=party_user,
            method=ConsentRecord.Method.SIGNED_FORMAT,
            source_format=legacy,
        )
    decide_consent_format(legacy, accept=True, by=reviewer)
    assert current_consent(candidacy) == {1: True, 2: False, 3: False}
    assert Candidacy.objects.filter(pk=candidacy.pk).annotate(c=consent_in_force(3)).get().c is False


def test_one_format_in_review_at_a_time(candidacy, party_user, notices):
    upload_format(candidacy, party_user)
    with pytest.raises(ValidationError) as excinfo:
        upload_format(candidacy, party_user)
    assert excinfo.value.code == QuestionnaireErrorCode.FORMAT_PENDING
    assert ConsentFormat.objects.count() == 1


EVENTS = ("candidate_yes", "candidate_no", "format_yes", "format_no", "accept", "reject")


def expected_consent(events) -> bool | None:
    """An independent statement of §6: the candidate's latest own answer if she gave one; else the answer of the
    latest format a reviewer accepted; else none."""
    own = [e for e in events if e.startswith("candidate_")]
    if own:
        return own[-1] == "candidate_yes"
    accepted = None
    pending = None
    for event in events:
        if event.startswith("format_"):
            pending = event == "format_yes"
        elif event in ("accept", "reject") and pending is not None:
            accepted = pending if event == "accept" else accepted
            pending = None
    return accepted


def apply(event, candidacy, party_user, candidate_user, reviewer, applied):
    """Carry out one event through the services; an event the rules refuse changes nothing and is not applied."""
    pending = ConsentFormat.objects.filter(candidacy=candidacy, status=ConsentFormat.Status.PENDING).first()
    try:
        if event.startswith("candidate_"):
            record_consent(candidacy, {2: event == "candidate_yes", 3: event == "candidate_yes"}, by=candidate_user)
        elif event.startswith("format_"):
            value = event == "format_yes"
            upload_consent_format(candidacy, {1: True, 2: value, 3: value}, pdf(), by=party_user)
        elif pending is None:
            return
        else:
            decide_consent_format(pending, accept=event == "accept", reason="No coincide.", by=reviewer)
    except ValidationError:
        return
    applied.append(event)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.sampled_from(EVENTS), max_size=7))
def test_the_consent_in_force_follows_the_rule_for_any_sequence(
    candidacy, party_user, candidate_user, reviewer, notices, events
):
    """consents_for (Python) and consent_in_force (the SQL the statistics use) both say what §6 says."""
    from django.db import transaction

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        applied = []
        for event in events:
            apply(event, candidacy, party_user, candidate_user, reviewer, applied)
            expected = expected_consent(applied)
            assert consents_for([candidacy])[candidacy.pk][2] is expected, applied
            in_sql = Candidacy.objects.filter(pk=candidacy.pk).annotate(c=consent_in_force(3)).get().c
            assert in_sql is expected, applied
        raise Undo


def test_consent_in_force_is_a_subquery_for_many_candidacies(candidacy, other_candidacy, candidate_user, notices):
    record_consent(candidacy, {3: True}, by=candidate_user)
    assert isinstance(consent_in_force(3), Subquery)
    values = dict(
        Candidacy.objects.filter(pk__in=[candidacy.pk, other_candidacy.pk])
        .annotate(c=consent_in_force(3))
        .values_list("pk", "c")
    )
    assert values == {candidacy.pk: True, other_candidacy.pk: None}


# --------------------------------------------------------------------------------------------
# The candidate is told; the review is audited
# --------------------------------------------------------------------------------------------


def test_the_candidate_is_told_of_an_upload_and_of_the_decision(
    candidacy, party_user, candidate_user, reviewer, notices, mailoutbox, django_capture_on_commit_callbacks
):
    candidacy.private_email = "candidata@example.org"
    candidacy.save()
    party_user.email = "enlace@pan.example"
    party_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        consent_format = upload_format(candidacy, party_user, {1: True, 2: True, 3: False})
    uploaded = Notification.objects.get(kind=Notification.Kind.CONSENT_FORMAT_UPLOADED)
    assert uploaded.user == candidate_user  # her, not her party
    assert "2. publicación: sí" in uploaded.body and "prevalece" in uploaded.body
    assert uploaded.url == reverse("capture:consent", args=[candidacy.pk])
    assert [m.to for m in mailoutbox] == [["candidata@example.org"]]
    assert "subió un formato de consentimiento a su nombre" in mailoutbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        decide_consent_format(consent_format, accept=True, by=reviewer)
    decided = Notification.objects.filter(kind=Notification.Kind.CONSENT_FORMAT_DECIDED)
    assert {n.user for n in decided} == {candidate_user, party_user}
    assert all("aceptó" in n.subject for n in decided)
    assert len(mailoutbox) == 3  # her and the party's address


def test_a_candidate_without_an_account_is_told_by_e_mail(
    candidacy, party_user, reviewer, notices, mailoutbox, django_capture_on_commit_callbacks
):
    candidacy.private_email = "sin-cuenta@example.org"
    candidacy.save()
    with django_capture_on_commit_callbacks(execute=True):
        consent_format = upload_format(candidacy, party_user)
    assert [m.to for m in mailoutbox] == [["sin-cuenta@example.org"]]
    assert "subió un formato de consentimiento a su nombre" in mailoutbox[0].subject
    assert "no tiene cuenta propia" in mailoutbox[0].body and "prevalece" in mailoutbox[0].body
    assert not Notification.objects.exists()  # no account, no in-app notice
    with django_capture_on_commit_callbacks(execute=True):
        decide_consent_format(consent_format, accept=True, by=reviewer)
    assert [m.to for m in mailoutbox[1:]] == [["sin-cuenta@example.org"]]
    assert "aceptó" in mailoutbox[1].subject


def test_every_step_is_in_the_audit(candidacy, party_user, reviewer, notices):
    first = upload_format(candidacy, party_user)
    decide_consent_format(first, accept=False, reason="Ilegible.", by=reviewer)
    second = upload_format(candidacy, party_user)
    decide_consent_format(second, accept=True, by=reviewer)
    events = list(WorkflowEvent.objects.filter(candidacy=candidacy).order_by("pk").values_list("kind", "by", "reason"))
    assert [(kind, by) for kind, by, _ in events] == [
        (EventKind.CONSENT_FORMAT_UPLOADED, party_user.pk),
        (EventKind.CONSENT_FORMAT_REJECTED, reviewer.pk),
        (EventKind.CONSENT_FORMAT_UPLOADED, party_user.pk),
        (EventKind.CONSENT_FORMAT_ACCEPTED, reviewer.pk),
    ]
    assert "Motivo: Ilegible." in events[1][2] and f"Formato {first.pk}" in events[1][2]


# --------------------------------------------------------------------------------------------
# The evidence is rebuilt: nothing active, no metadata
# --------------------------------------------------------------------------------------------

ACTIVE_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /Names << /JavaScript 5 0 R >> >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Annots [6 0 R] >> endobj
4 0 obj << /S /JavaScript /JS (app.launchURL('http://example.org/robo')) >> endobj
5 0 obj << /Names [(x) 4 0 R] >> endobj
6 0 obj << /Type /Annot /Subtype /Link /Rect [0 0 300 300] /A << /S /Launch /F (calc.exe) >> >> endobj
trailer << /Root 1 0 R /Info << /Author (Operador secreto) >> >>
%%EOF
"""


def test_a_pdf_is_rebuilt_without_active_content(candidacy, party_user, notices):
    consent_format = upload_consent_format(
        candidacy, YES_YES_YES, upload(ACTIVE_PDF, "formato.pdf", "application/pdf"), by=party_user
    )
    stored = consent_format.evidence.read()
    assert stored.startswith(b"%PDF-")
    for active in (b"/JavaScript", b"/JS", b"/OpenAction", b"/Launch", b"/Annots", b"/AA", b"robo", b"secreto"):
        assert active not in stored, active
    assert consent_format.pages == 1


def test_a_long_pdf_is_refused(candidacy, party_user, notices):
    from weasyprint import HTML

    pages = HTML(string="".join('<p style="break-after: page">Hoja</p>' for _ in range(11))).write_pdf()
    with pytest.raises(ValidationError) as excinfo:
        upload_consent_format(candidacy, YES_YES_YES, upload(pages, "f.pdf", "application/pdf"), by=party_user)
    assert excinfo.value.error_dict["evidence"][0].code == QuestionnaireErrorCode.EVIDENCE_TOO_MANY_PAGES


def test_an_image_loses_its_metadata(candidacy, party_user, notices):
    exif = Image.Exif()
    exif[0x013B] = "Autor secreto"  # Artist
    exif[0x8825] = {2: (19.0, 26.0, 0.0)}  # GPSInfo: latitude
    content = image_bytes("JPEG", exif=exif.tobytes(), comment=b"comentario secreto")
    consent_format = upload_consent_format(
        candidacy, YES_YES_YES, upload(content, "formato.jpg", "image/jpeg"), by=party_user
    )
    stored = consent_format.evidence.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif() and "comment" not in image.info
    assert b"secreto" not in stored


# --------------------------------------------------------------------------------------------
# The reviewer's screens
# --------------------------------------------------------------------------------------------


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    client.force_login(reviewer)
    return client


def test_the_queue_shows_pending_formats_and_the_document_beside_its_answers(
    reviewer_client, candidacy, party_user, notices
):
    consent_format = upload_format(candidacy, party_user, {1: True, 2: False, 3: True})
    queue = reviewer_client.get(reverse("review:queue")).content.decode()
    assert "1 por revisar" in queue
    listing = reviewer_client.get(reverse("review:consent_formats")).content.decode()
    assert candidacy.full_name in listing and reverse("review:consent_format", args=[consent_format.pk]) in listing
    detail = reviewer_client.get(reverse("review:consent_format", args=[consent_format.pk]))
    html = detail.content.decode()
    page_url = reverse("review:consent_format_page", args=[consent_format.pk, 1])
    assert detail.status_code == 200 and f'src="{page_url}"' in html
    assert "Lo que el actor político dice que responde" in html
    image = reviewer_client.get(page_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Cache-Control"] == "private, no-store" and image.content.startswith(b"\x89PNG")
    assert reviewer_client.get(reverse("review:consent_format_page", args=[consent_format.pk, 2])).status_code == 404


def test_the_reviewer_accepts_or_rejects_from_the_screen(reviewer_client, candidacy, party_user, notices):
    consent_format = upload_format(candidacy, party_user)
    url = reverse("review:decide_consent_format", args=[consent_format.pk])
    refused = reviewer_client.post(url, {"decision": "reject", "reason": ""})
    assert refused.status_code == 400 and "Escriba el motivo del rechazo." in refused.content.decode()
    assert ConsentFormat.objects.get().status == ConsentFormat.Status.PENDING
    done = reviewer_client.post(url, {"decision": "accept"})
    assert done.status_code == 302 and done["Location"] == reverse("review:consent_formats")
    assert ConsentFormat.objects.get().status == ConsentFormat.Status.ACCEPTED
    assert current_consent(candidacy) == {1: True, 2: True, 3: True}
    again = reviewer_client.post(url, {"decision": "reject", "reason": "Tarde."})
    assert again.status_code == 400 and "ya fue aceptado" in again.content.decode()


@pytest.mark.parametrize("role", [Role.PARTY, Role.CANDIDATE, Role.ANALYST])
def test_nobody_else_reaches_the_format_review(client, candidacy, party_user, notices, role):
    consent_format = upload_format(candidacy, party_user)
    scope = {Role.PARTY: {"actor": candidacy.actor}, Role.CANDIDATE: {"candidacy": candidacy}}.get(role, {})
    client.force_login(make_user(f"cuenta-{role}", role, **scope))
    for url in (
        reverse("review:consent_formats"),
        reverse("review:consent_format", args=[consent_format.pk]),
        reverse("review:consent_format_page", args=[consent_format.pk, 1]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("review:decide_consent_format", args=[consent_format.pk]), {"decision": "accept"})
    assert response.status_code == 403
    assert ConsentFormat.objects.get().status == ConsentFormat.Status.PENDING


# --------------------------------------------------------------------------------------------
# Identity answers a party entered or changed are marked, and the candidate sees them
# --------------------------------------------------------------------------------------------


def test_answers_the_party_entered_are_marked_for_the_candidate(candidacy, party_user, candidate_user, notices):
    seed_identity_questions(candidacy.process)
    migrant = IdentityQuestion.objects.get(process=candidacy.process, number=11)
    disability = IdentityQuestion.objects.get(process=candidacy.process, number=4)
    yes = {q.pk: q.options.get(label="Sí").pk for q in (migrant, disability)}
    save_identity_answers(candidacy, {migrant.pk: ([yes[migrant.pk]], "")}, by=party_user)
    save_identity_answers(candidacy, {disability.pk: ([yes[disability.pk]], "")}, by=candidate_user)
    assert questions_last_changed_by_party(candidacy) == [11]

    client = Client()
    client.force_login(candidate_user)
    for notice in PrivacyNotice.objects.all():
        notice.acceptances.create(user=candidate_user)
    page = client.get(reverse("capture:identity", args=[candidacy.pk])).content.decode()
    assert "Su actor político capturó o cambió la respuesta de la pregunta" in page and "11" in page
    history = client.get(reverse("capture:history", args=[candidacy.pk])).content.decode()
    rows = history.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    by_question = {row.split("<td>")[2].split(".")[0]: row for row in rows}
    assert "Actor político" in by_question["11"] and "Actor político" not in by_question["4"]

    # Once she saves the answer herself, it is hers again.
    save_identity_answers(candidacy, {migrant.pk: ([yes[migrant.pk]], "")}, by=candidate_user)
    assert questions_last_changed_by_party(candidacy) == [11]  # unchanged answer: nothing saved, still the party's
    no = migrant.options.get(label="No").pk
    save_identity_answers(candidacy, {migrant.pk: ([no], "")}, by=candidate_user)
    assert questions_last_changed_by_party(candidacy) == []
