"""The capture screens of the aviso de privacidad, the identity questionnaire and consent (issue 4), over HTTP."""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from conoceles.questionnaires.models import (
    ConsentFormat,
    ConsentRecord,
    IdentityAnswer,
    IdentityQuestion,
    PrivacyNotice,
)
from conoceles.questionnaires.services import (
    accept_notice,
    current_consent,
    has_accepted_current,
    notices_to_accept,
    publish_notice,
    record_consent,
)
from tests.uploads import image_bytes, minimal_pdf, upload

pytestmark = pytest.mark.django_db

INTEGRAL, SIMPLIFIED = PrivacyNotice.Kind.INTEGRAL, PrivacyNotice.Kind.SIMPLIFIED


def accept_all(user, process):
    for notice in notices_to_accept(user, process):
        accept_notice(user, notice)


@pytest.fixture
def party(client, party_user, notices, world):
    accept_all(party_user, world.process)
    client.force_login(party_user)
    return client


@pytest.fixture
def candidate(candidate_user, notices, world):
    """A client of its own: a test may act as the candidate and as her party in turn."""
    from django.test import Client

    accept_all(candidate_user, world.process)
    client = Client()
    client.force_login(candidate_user)
    return client


def option(question, label):
    return next(o for o in question.options.all() if o.label == label)


def decline(question):
    return next(o for o in question.options.all() if o.is_decline)


def stored(candidacy):
    return {
        a.question.number: ({o.label for o in a.options.all()}, a.detail)
        for a in IdentityAnswer.objects.filter(candidacy=candidacy)
        .select_related("question")
        .prefetch_related("options")
    }


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


# --------------------------------------------------------------------------------------------
# Aviso de privacidad and the gate
# --------------------------------------------------------------------------------------------


def test_capture_urls_redirect_to_the_aviso_until_accepted(client, candidacy, party_user, notices, world):
    client.force_login(party_user)
    notice_url = reverse("capture:notice", args=[world.process.pk])
    for name in ("capture:identity", "capture:consent", "capture:consent_format"):
        url = reverse(name, args=[candidacy.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{notice_url}?next={url}"

    page = client.get(notice_url, {"next": reverse("capture:identity", args=[candidacy.pk])})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aviso integral de prueba." in html and "Aviso simplificado de prueba." in html
    assert "Versión 1" in html and "He leído y acepto" in html

    refused = client.post(notice_url, {"next": reverse("capture:identity", args=[candidacy.pk])})
    assert refused.status_code == 400 and "marque la casilla" in refused.content.decode()
    assert not has_accepted_current(party_user, world.process)

    identity_url = reverse("capture:identity", args=[candidacy.pk])
    accepted = client.post(notice_url, {"accept": "1", "next": identity_url})
    assert accepted.status_code == 302 and accepted["Location"] == identity_url
    assert has_accepted_current(party_user, world.process)
    versions = set(party_user.privacy_acceptances.values_list("notice__kind", "notice__version"))
    assert versions == {(INTEGRAL, 1), (SIMPLIFIED, 1)}
    assert client.get(identity_url).status_code == 200


def test_a_new_version_must_be_accepted_again(party, party_user, candidacy, admin_user, world):
    url = reverse("capture:identity", args=[candidacy.pk])
    assert party.get(url).status_code == 200
    publish_notice(world.process, SIMPLIFIED, "Aviso simplificado, versión 2.", by=admin_user)
    response = party.get(url)
    assert response.status_code == 302 and "/captura/aviso/" in response["Location"]
    page = party.get(response["Location"])
    assert "Versión 2" in page.content.decode()
    party.post(reverse("capture:notice", args=[world.process.pk]), {"accept": "1", "next": url})
    assert party_user.privacy_acceptances.filter(notice__kind=SIMPLIFIED, notice__version=2).exists()
    assert party.get(url).status_code == 200


def test_aviso_not_published_says_so_in_spanish(client, party_user, candidacy, world):
    client.force_login(party_user)
    response = client.get(reverse("capture:notice", args=[world.process.pk]))
    assert response.status_code == 200
    assert "El instituto aún no publica el aviso de privacidad" in response.content.decode()
    assert "He leído y acepto" not in response.content.decode()


def test_aviso_next_must_be_safe(party_user, client, notices, world, candidacy):
    client.force_login(party_user)
    response = client.post(
        reverse("capture:notice", args=[world.process.pk]), {"accept": "1", "next": "https://malo.example/"}
    )
    assert response.status_code == 302 and "malo.example" not in response["Location"]


def test_aviso_is_for_capture_accounts_of_that_process(client, reviewer, notices, world):
    client.force_login(reviewer)
    assert client.get(reverse("capture:notice", args=[world.process.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("capture:notice", args=[world.process.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


# --------------------------------------------------------------------------------------------
# Identity questionnaire
# --------------------------------------------------------------------------------------------


def test_identity_form_renders_every_question_with_decline(party, candidacy, questions):
    response = party.get(reverse("capture:identity", args=[candidacy.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 20 == len(questions)
    for question in questions.values():
        assert f'id="pregunta-{question.number}"' in html
        assert f'value="{decline(question).pk}"' in html
    assert html.count("Prefiero no contestar") >= 20
    assert "Conteste solo si en la pregunta 4 respondió Sí" in html
    assert "Conteste solo si en la pregunta 11 respondió Sí" in html
    assert f'type="checkbox" name="q{questions[7].pk}"' in html  # multiple choice
    for big in (3, 12, 20):  # pueblos, países, entidades
        assert f'<select class="form-select" name="q{questions[big].pk}"' in html
    assert f'<select class="form-select" name="q{questions[1].pk}"' not in html
    assert f'type="radio" name="q{questions[1].pk}"' in html
    assert html.count('for="id_q') > 20 and "Especifique" in html  # detail inputs shown, labelled, without JS
    assert "conoceles/js/identity.js" in html and "<script>" not in html


def test_identity_seeds_the_questions_of_a_process_without_them(party, candidacy, world):
    assert not IdentityQuestion.objects.filter(process=world.process).exists()
    response = party.get(reverse("capture:identity", args=[candidacy.pk]))
    assert response.status_code == 200
    assert IdentityQuestion.objects.filter(process=world.process).count() == 20
    assert response.content.decode().count("<fieldset") == 20


def test_identity_saves_answers_and_shows_them(party, candidacy, questions):
    url = reverse("capture:identity", args=[candidacy.pk])
    q = questions
    data = {
        f"q{q[1].pk}": option(q[1], "Sí").pk,
        f"q{q[3].pk}": option(q[3], "Otro: especifique").pk,
        f"q{q[3].pk}-detalle": "  Comunidad   maya de Tihosuco ",
        f"q{q[4].pk}": option(q[4], "Sí").pk,
        f"q{q[5].pk}": option(q[5], "Permanente").pk,
        f"q{q[7].pk}": [option(q[7], "Caminar, subir o bajar escaleras").pk, option(q[7], "Hablar o comunicarse").pk],
        f"q{q[18].pk}": decline(q[18]).pk,
    }
    response = party.post(url, data)
    assert response.status_code == 302
    assert stored(candidacy) == {
        1: ({"Sí"}, ""),
        3: ({"Otro: especifique"}, "Comunidad maya de Tihosuco"),
        4: ({"Sí"}, ""),
        5: ({"Permanente"}, ""),
        7: ({"Caminar, subir o bajar escaleras", "Hablar o comunicarse"}, ""),
        18: ({"Prefiero no contestar"}, ""),
    }
    html = party.get(url).content.decode()
    assert f'value="{option(q[5], "Permanente").pk}" id="id_q{q[5].pk}_{option(q[5], "Permanente").pk}" checked' in html
    assert 'value="Comunidad maya de Tihosuco"' in html
    assert "6 de 15 preguntas" in html  # 4 = Sí: 5–7 apply; 10 and 12–15 do not (9 and 11 unanswered)


def test_dependent_answers_are_discarded_when_the_parent_is_not_yes(party, candidacy, questions):
    q = questions
    data = {
        f"q{q[4].pk}": option(q[4], "No").pk,
        f"q{q[5].pk}": option(q[5], "Temporal").pk,
        f"q{q[6].pk}": option(q[6], "Otra: especifique").pk,  # no detail: would be an error if it counted
        f"q{q[11].pk}": decline(q[11]).pk,
        f"q{q[13].pk}": option(q[13], "0 a 5 años").pk,
        f"q{q[12].pk}": q[12].options.all()[0].pk,
        f"q{q[9].pk}": option(q[9], "Sí").pk,
        f"q{q[10].pk}": option(q[10], "Mujer lesbiana").pk,
    }
    response = party.post(reverse("capture:identity", args=[candidacy.pk]), data)
    assert response.status_code == 302
    assert stored(candidacy) == {
        4: ({"No"}, ""),
        9: ({"Sí"}, ""),
        10: ({"Mujer lesbiana"}, ""),
        11: ({"Prefiero no contestar"}, ""),
    }

    # Changing 9 to No later deletes the stored answer to 10.
    data[f"q{q[9].pk}"] = option(q[9], "No").pk
    party.post(reverse("capture:identity", args=[candidacy.pk]), data)
    assert 10 not in stored(candidacy)


def test_detail_required_error_keeps_the_other_answers(party, candidacy, questions):
    q = questions
    data = {
        f"q{q[1].pk}": option(q[1], "No").pk,
        f"q{q[3].pk}": option(q[3], "Otro: especifique").pk,
        f"q{q[3].pk}-detalle": "   ",
        f"q{q[16].pk}": option(q[16], "Sí").pk,
    }
    response = party.post(reverse("capture:identity", args=[candidacy.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Especifique su respuesta." in html
    assert f'id="q{q[3].pk}-error"' in html and 'href="#pregunta-3"' in html
    assert f'value="{option(q[1], "No").pk}" id="id_q{q[1].pk}_{option(q[1], "No").pk}" checked' in html
    assert f'value="{option(q[16], "Sí").pk}" id="id_q{q[16].pk}_{option(q[16], "Sí").pk}" checked' in html
    assert re.search(rf'<option value="{option(q[3], "Otro: especifique").pk}" selected', html)
    assert not IdentityAnswer.objects.filter(candidacy=candidacy).exists()  # all or nothing


def test_identity_for_the_candidate_herself(candidate, candidacy, questions):
    q = questions
    response = candidate.post(reverse("capture:identity", args=[candidacy.pk]), {f"q{q[20].pk}": decline(q[20]).pk})
    assert response.status_code == 302
    assert stored(candidacy) == {20: ({"Prefiero no contestar"}, "")}


# --------------------------------------------------------------------------------------------
# Consent
# --------------------------------------------------------------------------------------------

ALL_YES = {"consent-1": "si", "consent-2": "si", "consent-3": "si"}


def test_candidate_records_consent_directly_and_can_change_it(candidate, candidacy, candidate_user):
    url = reverse("capture:consent", args=[candidacy.pk])
    page = candidate.get(url)
    assert page.status_code == 200 and "Registrar o cambiar mis respuestas" in page.content.decode()
    assert candidate.post(url, ALL_YES).status_code == 302
    assert current_consent(candidacy) == {1: True, 2: True, 3: True}
    records = ConsentRecord.objects.filter(candidacy=candidacy)
    assert {r.method for r in records} == {ConsentRecord.Method.DIRECT}
    assert {r.recorded_by_id for r in records} == {candidate_user.pk}

    assert candidate.post(url, {**ALL_YES, "consent-2": "no"}).status_code == 302
    assert current_consent(candidacy) == {1: True, 2: False, 3: True}
    assert ConsentRecord.objects.filter(candidacy=candidacy).count() == 4  # only the change is a new record
    html = candidate.get(url).content.decode()
    assert "Historial de registros" in html and html.count("<tr>") == 5  # header + 4 records


def test_consent_needs_every_answer(candidate, candidacy):
    response = candidate.post(reverse("capture:consent", args=[candidacy.pk]), {"consent-1": "si"})
    assert response.status_code == 400
    assert "Responda «Sí» o «No» a cada uno de los tres consentimientos." in response.content.decode()
    assert not ConsentRecord.objects.filter(candidacy=candidacy).exists()


def test_party_without_file_is_refused(party, candidacy):
    response = party.post(reverse("capture:consent", args=[candidacy.pk]), ALL_YES)
    assert response.status_code == 400
    assert "Adjunte el formato de consentimiento firmado" in response.content.decode()
    assert not ConsentRecord.objects.filter(candidacy=candidacy).exists()


def test_party_with_a_fake_pdf_is_refused(party, candidacy):
    fake = upload(b"%PDF-1.4 esto no es un PDF", "formato.pdf", "application/pdf")
    response = party.post(reverse("capture:consent", args=[candidacy.pk]), {**ALL_YES, "evidence": fake})
    assert response.status_code == 400
    assert "PDF o una imagen JPEG o PNG válidos" in response.content.decode()
    assert not ConsentRecord.objects.filter(candidacy=candidacy).exists()


def test_party_uploads_a_signed_format_that_waits_for_review(party, candidacy, party_user):
    url = reverse("capture:consent", args=[candidacy.pk])
    assert "Subir el formato firmado" in party.get(url).content.decode()
    pdf = upload(minimal_pdf(), "formato.pdf", "application/pdf")
    response = party.post(url, {**ALL_YES, "consent-3": "no", "evidence": pdf})
    assert response.status_code == 302
    (consent_format,) = ConsentFormat.objects.filter(candidacy=candidacy)
    assert consent_format.status == ConsentFormat.Status.PENDING and consent_format.uploaded_by == party_user
    assert consent_format.evidence.name.endswith(".pdf")
    records = list(ConsentRecord.objects.filter(candidacy=candidacy))
    assert {(r.item, r.given, r.method, r.source_format_id) for r in records} == {
        (1, True, "signed_format", consent_format.pk),
        (2, True, "signed_format", consent_format.pk),
        (3, False, "signed_format", consent_format.pk),
    }
    assert current_consent(candidacy) == {1: None, 2: None, 3: None}  # nothing counts before the review
    html = party.get(url).content.decode()
    assert "Hay un formato firmado en revisión." in html
    assert reverse("capture:consent_format_file", args=[candidacy.pk, consent_format.pk]) in html
    assert "Subir el formato firmado" not in html  # one format in review at a time
    again = party.post(url, {**ALL_YES, "evidence": upload(minimal_pdf(), "otro.pdf", "application/pdf")})
    assert again.status_code == 400 and "Ya hay un formato de esta candidatura en revisión" in again.content.decode()


def test_party_cannot_upload_once_the_candidate_answered(party, candidate, candidacy):
    url = reverse("capture:consent", args=[candidacy.pk])
    assert candidate.post(url, {**ALL_YES, "consent-2": "no"}).status_code == 302
    html = party.get(url).content.decode()
    assert "La persona candidata registró su consentimiento en el sistema" in html
    assert 'type="file"' not in html
    response = party.post(url, {**ALL_YES, "evidence": upload(minimal_pdf(), "f.pdf", "application/pdf")})
    assert response.status_code == 400
    assert "su palabra prevalece" in response.content.decode()
    assert not ConsentFormat.objects.exists()
    assert current_consent(candidacy) == {1: True, 2: False, 3: True}


def test_the_candidate_sees_the_format_uploaded_on_her_behalf(party, candidate, candidacy):
    party.post(
        reverse("capture:consent", args=[candidacy.pk]),
        {**ALL_YES, "evidence": upload(minimal_pdf(), "f.pdf", "application/pdf")},
    )
    consent_format = ConsentFormat.objects.get()
    html = candidate.get(reverse("capture:consent", args=[candidacy.pk])).content.decode()
    assert "Hay un formato firmado en revisión." in html and "la suya prevalece siempre" in html
    assert "Registrar o cambiar mis respuestas" in html
    download = candidate.get(reverse("capture:consent_format_file", args=[candidacy.pk, consent_format.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_prefilled_format_pdf(party, candidacy, notices):
    response = party.get(reverse("capture:consent_format", args=[candidacy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    squashed = " ".join(text.split())
    assert candidacy.full_name in squashed
    assert candidacy.contest.name in squashed and candidacy.actor.name in squashed
    assert "versión 1" in squashed
    assert squashed.count("☐ Sí") == 3 and squashed.count("☐ No") == 3
    assert "Lugar" in squashed and "firma de la persona candidata" in squashed


@pytest.fixture
def evidence_record(candidacy, candidate_user, notices, world):
    """The candidate's own record with a scan she attached (stored as a new JPEG)."""
    return record_consent(
        candidacy,
        {1: True, 2: True, 3: True},
        by=candidate_user,
        evidence=upload(image_bytes("PNG", size=(40, 40)), "f.png", "image/png"),
    )[0]


def test_evidence_download_for_staff_and_owner(
    client, candidacy, evidence_record, reviewer, party_user, candidate_user
):
    url = reverse("capture:consent_evidence", args=[candidacy.pk, evidence_record.pk])
    for user in (reviewer, party_user, candidate_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_staff_reads_consent_but_does_not_record(client, candidacy, evidence_record, reviewer):
    client.force_login(reviewer)
    url = reverse("capture:consent", args=[candidacy.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Registrar consentimiento" not in page.content.decode()
    assert client.post(url, ALL_YES).status_code == 403


def test_evidence_never_reachable_by_another_actor_or_anonymously(client, candidacy, evidence_record, other_party_user):
    url = reverse("capture:consent_evidence", args=[candidacy.pk, evidence_record.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
    client.force_login(other_party_user)
    assert client.get(url).status_code == 404


def test_every_url_is_404_for_another_actors_candidacy(
    client, candidacy, other_party_user, evidence_record, questions, world
):
    accept_all(other_party_user, world.process)
    client.force_login(other_party_user)
    urls = [
        reverse("capture:identity", args=[candidacy.pk]),
        reverse("capture:consent", args=[candidacy.pk]),
        reverse("capture:consent_format", args=[candidacy.pk]),
        reverse("capture:consent_evidence", args=[candidacy.pk, evidence_record.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, ALL_YES).status_code in (404, 405), url
    assert not IdentityAnswer.objects.filter(candidacy=candidacy).exists()
