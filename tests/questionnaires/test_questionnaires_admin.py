"""Gestión (Django admin) of capture rules, identity questions, privacy notices and consent records."""

import pytest
from django.urls import reverse

from conoceles.questionnaires.models import CaptureRules, IdentityQuestion, PrivacyNotice
from conoceles.questionnaires.services import (
    capture_rules_for,
    publish_notice,
    record_consent,
    seed_identity_questions,
)

pytestmark = pytest.mark.django_db


def test_every_questionnaires_admin_page_loads(staff_client, admin_user, world, candidacy, candidate_user):
    seed_identity_questions(world.process)
    rules = capture_rules_for(world.process)
    notice = publish_notice(world.process, "integral", "Aviso integral.", by=admin_user)
    (record, *_) = record_consent(candidacy, {1: True, 2: False}, by=candidate_user)
    question = IdentityQuestion.objects.get(process=world.process, number=7)
    for url in (
        reverse("admin:questionnaires_capturerules_changelist"),
        reverse("admin:questionnaires_capturerules_change", args=[rules.pk]),
        reverse("admin:questionnaires_identityquestion_changelist"),
        reverse("admin:questionnaires_identityquestion_change", args=[question.pk]),
        reverse("admin:questionnaires_identityquestion_add"),
        reverse("admin:questionnaires_privacynotice_changelist"),
        reverse("admin:questionnaires_privacynotice_add"),
        reverse("admin:questionnaires_privacynotice_change", args=[notice.pk]),
        reverse("admin:questionnaires_consentrecord_changelist"),
        reverse("admin:questionnaires_consentrecord_change", args=[record.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    page = staff_client.get(reverse("admin:questionnaires_identityquestion_change", args=[question.pk])).content
    assert b"Su discapacidad le dificulta o impide:" in page
    assert b"Prefiero no contestar" in page
    assert b"Cuestionarios" in staff_client.get(reverse("admin:index")).content


def test_publishing_a_notice_in_the_admin_creates_the_next_version(staff_client, admin_user, world):
    publish_notice(world.process, "simplificado", "Versión 1", by=admin_user)
    response = staff_client.post(
        reverse("admin:questionnaires_privacynotice_add"),
        {"process": world.process.pk, "kind": "simplificado", "text": "Versión 2 del aviso simplificado"},
    )
    assert response.status_code == 302
    notice = PrivacyNotice.objects.get(process=world.process, kind="simplificado", version=2)
    assert notice.text == "Versión 2 del aviso simplificado" and notice.published_by == admin_user


def test_a_published_notice_cannot_be_edited_nor_deleted(staff_client, admin_user, world):
    notice = publish_notice(world.process, "integral", "Texto original", by=admin_user)
    staff_client.post(
        reverse("admin:questionnaires_privacynotice_change", args=[notice.pk]),
        {"process": world.process.pk, "kind": "integral", "text": "Texto cambiado"},
    )
    notice.refresh_from_db()
    assert notice.text == "Texto original"
    response = staff_client.post(
        reverse("admin:questionnaires_privacynotice_delete", args=[notice.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert PrivacyNotice.objects.filter(pk=notice.pk).exists()


def test_capture_rules_refuse_a_minimum_above_a_maximum_in_spanish(staff_client, world):
    rules = capture_rules_for(world.process)
    data = {
        "photo_max_kb": 700,
        "photo_max_side_px": 1200,
        "min_text_length": 2000,
        "other_training_max": 1000,
        "professional_history_max": 5000,
        "political_trajectory_max": 5000,
        "motivation_max": 2500,
        "proposal_max": 1600,
        "education_levels": '["Sin estudios", "Primaria"]',
        "education_statuses": '["Título"]',
        "levels_without_status": '["Sin estudios"]',
    }
    url = reverse("admin:questionnaires_capturerules_change", args=[rules.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "La longitud mínima no puede ser mayor que ningún máximo." in response.content.decode()
    response = staff_client.post(url, {**data, "min_text_length": 280})
    assert response.status_code == 302
    rules = CaptureRules.objects.get()
    assert (rules.min_text_length, rules.education_levels) == (280, ["Sin estudios", "Primaria"])


def test_consent_records_are_read_only_in_the_admin(staff_client, admin_user, world, candidacy, candidate_user):
    publish_notice(world.process, "integral", "Aviso", by=admin_user)
    (record,) = record_consent(candidacy, {2: True}, by=candidate_user)
    assert staff_client.get(reverse("admin:questionnaires_consentrecord_add")).status_code == 403
    response = staff_client.post(
        reverse("admin:questionnaires_consentrecord_delete", args=[record.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
