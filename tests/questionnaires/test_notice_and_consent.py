"""The aviso de privacidad (versions, acceptance) and consent over sensitive data (DOMAIN.md §6)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conoceles.accounts.models import Role
from conoceles.questionnaires.error_codes import QuestionnaireErrorCode
from conoceles.questionnaires.models import ConsentRecord, PrivacyAcceptance, PrivacyNotice
from conoceles.questionnaires.services import (
    accept_notice,
    consents_for,
    current_consent,
    current_notice,
    has_accepted_current,
    notices_to_accept,
    publish_notice,
    record_consent,
)
from tests.factories import CandidacyFactory, ProcessFactory, make_user
from tests.uploads import image_bytes, minimal_pdf, upload

pytestmark = pytest.mark.django_db

INTEGRAL, SIMPLIFIED = PrivacyNotice.Kind.INTEGRAL, PrivacyNotice.Kind.SIMPLIFIED


def pdf_upload(content: bytes | None = None, name: str = "formato.pdf"):
    return upload(minimal_pdf() if content is None else content, name, "application/pdf")


# --------------------------------------------------------------------------------------------
# Aviso de privacidad
# --------------------------------------------------------------------------------------------


def test_publishing_creates_consecutive_versions_per_kind(world, admin_user, notices):
    second = publish_notice(world.process, INTEGRAL, "Aviso integral, versión 2.\r\n", by=admin_user)
    assert (second.version, second.text, second.published_by) == (2, "Aviso integral, versión 2.", admin_user)
    assert current_notice(world.process, INTEGRAL) == second
    assert current_notice(world.process, SIMPLIFIED).version == 1
    other = ProcessFactory()
    assert current_notice(other, INTEGRAL) is None
    assert publish_notice(other, INTEGRAL, "Otro proceso", by=admin_user).version == 1


def test_only_the_institute_publishes_notices(world, party_user, reviewer, admin_user):
    for user in (party_user, reviewer):
        with pytest.raises(PermissionDenied):
            publish_notice(world.process, INTEGRAL, "texto", by=user)
    with pytest.raises(ValidationError) as excinfo:
        publish_notice(world.process, INTEGRAL, "   ", by=admin_user)
    assert excinfo.value.error_dict["text"][0].code == QuestionnaireErrorCode.EMPTY_NOTICE


def test_database_keeps_versions_unique(world, notices):
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivacyNotice.objects.create(process=world.process, kind=INTEGRAL, version=1, text="duplicado")


def test_a_new_version_must_be_accepted_again(world, admin_user, candidate_user, notices):
    assert not has_accepted_current(candidate_user, world.process)
    assert set(notices_to_accept(candidate_user, world.process)) == set(notices.values())

    accept_notice(candidate_user, notices[INTEGRAL])
    assert not has_accepted_current(candidate_user, world.process)
    accept_notice(candidate_user, notices[SIMPLIFIED])
    accept_notice(candidate_user, notices[SIMPLIFIED])  # twice is once
    assert has_accepted_current(candidate_user, world.process)
    assert PrivacyAcceptance.objects.filter(user=candidate_user).count() == 2

    new = publish_notice(world.process, SIMPLIFIED, "Aviso simplificado, versión 2.", by=admin_user)
    assert not has_accepted_current(candidate_user, world.process)
    assert notices_to_accept(candidate_user, world.process) == [new]
    accept_notice(candidate_user, new)
    assert has_accepted_current(candidate_user, world.process)


def test_nothing_to_accept_until_both_notices_are_published(world, admin_user, candidate_user):
    assert not has_accepted_current(candidate_user, world.process)
    notice = publish_notice(world.process, INTEGRAL, "Aviso integral.", by=admin_user)
    accept_notice(candidate_user, notice)
    assert not has_accepted_current(candidate_user, world.process)


# --------------------------------------------------------------------------------------------
# Consent: who records it and how
# --------------------------------------------------------------------------------------------


def test_the_candidate_records_her_consent_directly(candidacy, candidate_user, notices):
    records = record_consent(candidacy, {1: True, 2: False, 3: True}, by=candidate_user)
    assert [(r.item, r.given, r.method, r.notice, r.recorded_by) for r in records] == [
        (1, True, "direct", notices[INTEGRAL], candidate_user),
        (2, False, "direct", notices[INTEGRAL], candidate_user),
        (3, True, "direct", notices[INTEGRAL], candidate_user),
    ]
    assert all(not r.evidence for r in records)
    assert current_consent(candidacy) == {1: True, 2: False, 3: True}


def test_the_party_cannot_record_consent_directly(candidacy, party_user, notices):
    """Her party uploads a signed format for review (test_consent_formats.py); it never records her consent itself."""
    with pytest.raises(PermissionDenied):
        record_consent(candidacy, {1: True, 2: True, 3: True}, by=party_user, evidence=pdf_upload())
    assert not ConsentRecord.objects.exists()


def test_the_candidates_attachment_is_stored_rebuilt_in_private_storage(candidacy, candidate_user, notices):
    records = record_consent(candidacy, {1: True, 2: True, 3: False}, by=candidate_user, evidence=pdf_upload())
    assert {r.method for r in records} == {"direct"}
    assert len({r.evidence.name for r in records}) == 1
    evidence = records[0].evidence
    assert evidence.name.startswith("consent/") and evidence.name.endswith(".pdf")
    path = Path(evidence.path)
    assert path.read_bytes().startswith(b"%PDF-") and path.read_bytes() != minimal_pdf()  # rebuilt, not kept as sent
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert current_consent(candidacy) == {1: True, 2: True, 3: False}


@pytest.mark.parametrize(
    "content, name",
    [
        (image_bytes("JPEG"), "formato.jpg"),
        (image_bytes("PNG"), "formato.png"),
        (image_bytes("PNG"), "formato.pdf"),  # judged by content
    ],
)
def test_a_scanned_image_is_valid_evidence_and_stored_as_a_new_jpeg(candidacy, candidate_user, notices, content, name):
    records = record_consent(candidacy, {2: True}, by=candidate_user, evidence=upload(content, name))
    assert records[0].evidence.name.endswith(".jpg")
    assert Path(records[0].evidence.path).read_bytes().startswith(b"\xff\xd8")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\nEsto no es un PDF de verdad.\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",  # no page, no trailer
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"Formato firmado (texto plano renombrado)\n",
        b"",
    ],
)
def test_a_fake_pdf_is_refused(candidacy, candidate_user, notices, content):
    with pytest.raises(ValidationError) as excinfo:
        record_consent(candidacy, {1: True, 2: True, 3: True}, by=candidate_user, evidence=pdf_upload(content))
    assert excinfo.value.error_dict["evidence"][0].code == QuestionnaireErrorCode.BAD_EVIDENCE
    assert not ConsentRecord.objects.exists()


def test_a_real_pdf_is_valid_evidence(candidacy, candidate_user, notices):
    from weasyprint import HTML

    content = HTML(string="<h1>Formato de consentimiento</h1><p>Firma: María López</p>").write_pdf()
    records = record_consent(candidacy, {2: True}, by=candidate_user, evidence=pdf_upload(content))
    assert records[0].evidence.name.endswith(".pdf")


@pytest.mark.parametrize("who", ["reviewer", "admin_user", "other_party_user", "other_candidate"])
def test_nobody_else_records_consent(request, candidacy, other_candidacy, notices, who):
    if who == "other_candidate":
        user = make_user("otra-candidata", Role.CANDIDATE, candidacy=other_candidacy)
    else:
        user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        record_consent(candidacy, {1: True, 2: True, 3: True}, by=user, evidence=pdf_upload())
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("answers", [{}, {4: True}, {1: "sí"}, {1: None}, {"uno": True}])
def test_answers_are_yes_or_no_to_items_1_to_3(candidacy, candidate_user, notices, answers):
    with pytest.raises(ValidationError) as excinfo:
        record_consent(candidacy, answers, by=candidate_user)
    assert excinfo.value.code == QuestionnaireErrorCode.BAD_CONSENT_ANSWERS


def test_no_consent_before_the_integral_notice_is_published(candidacy, candidate_user):
    with pytest.raises(ValidationError) as excinfo:
        record_consent(candidacy, {1: True}, by=candidate_user)
    assert excinfo.value.code == QuestionnaireErrorCode.NO_NOTICE


def test_consent_refers_to_the_notice_version_in_force(world, candidacy, candidate_user, admin_user, notices):
    record_consent(candidacy, {1: True}, by=candidate_user)
    second = publish_notice(world.process, INTEGRAL, "Aviso integral, versión 2.", by=admin_user)
    record_consent(candidacy, {1: True}, by=candidate_user)
    assert list(ConsentRecord.objects.filter(item=1).order_by("pk").values_list("notice__version", flat=True)) == [
        1,
        second.version,
    ]


# --------------------------------------------------------------------------------------------
# The consent in force, and its records are append-only
# --------------------------------------------------------------------------------------------


def test_current_consent_is_the_candidates_latest_record_per_item(candidacy, candidate_user, notices):
    assert current_consent(candidacy) == {1: None, 2: None, 3: None}
    record_consent(candidacy, {1: True, 2: True}, by=candidate_user)
    assert current_consent(candidacy) == {1: True, 2: True, 3: None}
    record_consent(candidacy, {2: False}, by=candidate_user)  # she withdraws the publication consent
    assert current_consent(candidacy) == {1: True, 2: False, 3: None}
    assert ConsentRecord.objects.filter(candidacy=candidacy).count() == 3


def test_consent_records_are_append_only(candidacy, candidate_user, notices):
    (record,) = record_consent(candidacy, {2: True}, by=candidate_user)
    record.given = False
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        ConsentRecord.objects.filter(pk=record.pk).update(given=False)
    with pytest.raises(TypeError):
        ConsentRecord.objects.all().delete()
    assert current_consent(candidacy) == {1: None, 2: True, 3: None}


def test_database_requires_the_format_of_a_signed_format_record(candidacy, party_user, notices):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            candidacy=candidacy,
            item=2,
            given=True,
            notice=notices[INTEGRAL],
            recorded_by=party_user,
            method="signed_format",
        )


def test_consents_for_many_candidacies_in_one_query(
    world, candidacy, candidate_user, other_candidacy, notices, django_assert_num_queries
):
    record_consent(candidacy, {1: True, 2: True, 3: True}, by=candidate_user)
    record_consent(candidacy, {2: False}, by=candidate_user)
    other_user = make_user("otra-candidata", Role.CANDIDATE, candidacy=other_candidacy)
    record_consent(other_candidacy, {1: True, 3: False}, by=other_user)
    silent = CandidacyFactory.create_batch(
        20, process=world.process, contest=world.contests["RP"], actor=world.actors["PT"]
    )
    page = [candidacy, other_candidacy, *silent]
    with django_assert_num_queries(1):
        consents = consents_for(page)
    assert consents[candidacy.pk] == {1: True, 2: False, 3: True}
    assert consents[other_candidacy.pk] == {1: True, 2: None, 3: False}
    assert all(consents[c.pk] == {1: None, 2: None, 3: None} for c in silent)
    assert consents_for([c.pk for c in page]) == consents
    with django_assert_num_queries(0):
        assert consents_for([]) == {}
