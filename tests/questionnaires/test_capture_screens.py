"""The curricular capture screens over HTTP: dashboard, overview, one form per rubro, photo and history."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.services import accept_notice, capture_rules_for, save_rubro
from tests.factories import CandidacyFactory, make_user
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db

COMPLETE_TEXT = "Texto de prueba suficiente."


def accept_all(user, notices):
    for notice in notices.values():
        accept_notice(user, notice)


def rubro_url(candidacy, code):
    return reverse("capture:rubro", args=[candidacy.pk, code])


def fill_all(candidacy, user):
    save_rubro(candidacy, "education", {"education_level": "Licenciatura", "education_status": "Título"}, by=user)
    for code, names in (
        ("professional", ["professional_history"]),
        ("political", ["political_trajectory"]),
        ("motivation", ["motivation"]),
        ("proposals", ["proposal_1", "proposal_2", "proposal_gender"]),
    ):
        save_rubro(candidacy, code, dict.fromkeys(names, COMPLETE_TEXT), by=user)


# --------------------------------------------------------------------------------------------
# Dashboard
# --------------------------------------------------------------------------------------------


def test_dashboard_lists_only_own_candidacies_with_progress(party_client, candidacy, other_candidacy, world):
    CandidacyFactory(process=world.process, contest=world.contests["GUB"], actor=world.actors["PAN"], first_name="Rosa")
    response = party_client.get(reverse("capture:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("capture:candidacy", args=[candidacy.pk]) in body
    assert "Rosa" in body
    assert reverse("capture:candidacy", args=[other_candidacy.pk]) not in body
    assert "Cuestionario curricular: 0" in body
    assert "Fotografía" in body  # what is missing, per rubro


def test_dashboard_search_is_accent_insensitive_and_filters_work(party_client, world, candidacy):
    jose = CandidacyFactory(
        process=world.process,
        contest=world.contests["GUB"],
        actor=world.actors["PAN"],
        first_name="José",
        last_name="Muñoz",
        status=Candidacy.Status.CANCELLED,
    )
    url = reverse("capture:dashboard")

    def names(response):
        return set(re.findall(r'href="/captura/(\d+)/"', response.content.decode()))

    assert names(party_client.get(url, {"q": "jose munoz"})) == {str(jose.pk)}
    assert names(party_client.get(url, {"cargo": world.cargos["GUB"].pk})) == {str(jose.pk)}
    assert names(party_client.get(url, {"contienda": world.contests["MR1"].pk})) == {str(candidacy.pk)}
    assert names(party_client.get(url, {"estatus": "cancelled"})) == {str(jose.pk)}
    assert names(party_client.get(url, {"estatus": "approved"})) == {str(candidacy.pk)}
    empty = party_client.get(url, {"q": "nadie así"})
    assert "Ninguna candidatura coincide" in empty.content.decode()


def test_dashboard_missing_rubro_filter(party_client, party_user, world, candidacy):
    done = CandidacyFactory(process=world.process, contest=world.contests["GUB"], actor=world.actors["PAN"])
    fill_all(done, party_user)
    url = reverse("capture:dashboard")
    body = party_client.get(url, {"falta": "proposals"}).content.decode()
    assert f'href="/captura/{candidacy.pk}/"' in body and f'href="/captura/{done.pk}/"' not in body
    # The photo is missing for both.
    body = party_client.get(url, {"falta": "general"}).content.decode()
    assert f'href="/captura/{candidacy.pk}/"' in body and f'href="/captura/{done.pk}/"' in body


def test_dashboard_query_count_does_not_grow_with_the_page(party_client, party_user, world, candidacy):
    url = reverse("capture:dashboard")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert party_client.get(url).status_code == 200
        return len(queries)

    fill_all(candidacy, party_user)
    few = count()
    for _ in range(8):
        extra = CandidacyFactory(process=world.process, contest=world.contests["GUB"], actor=world.actors["PAN"])
        fill_all(extra, party_user)
    assert count() == few


def test_candidate_with_one_candidacy_goes_straight_to_her_capture_page(client, candidate_user, candidacy):
    client.force_login(candidate_user)
    response = client.get(reverse("capture:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("capture:candidacy", args=[candidacy.pk])


def test_staff_see_the_dashboard_without_edit_links(client, reviewer, candidacy):
    client.force_login(reviewer)
    body = client.get(reverse("capture:dashboard")).content.decode()
    assert candidacy.full_name in body
    assert reverse("capture:candidacy", args=[candidacy.pk]) not in body


def test_empty_dashboard(client, db, world):
    user = make_user("enlace-vacio", Role.PARTY, actor=world.actors["PT"])
    client.force_login(user)
    assert "No hay candidaturas asignadas" in client.get(reverse("capture:dashboard")).content.decode()


# --------------------------------------------------------------------------------------------
# Overview and rubros
# --------------------------------------------------------------------------------------------


def test_overview_lists_rubros_and_next_candidacy(party_client, world, candidacy):
    # A number after any the factory's sequence gives in a long run (it was 999, overtaken in the whole suite).
    following = CandidacyFactory(
        process=world.process, contest=world.contests["MR1"], actor=world.actors["PAN"], formula_number=32_000
    )
    body = party_client.get(reverse("capture:candidacy", args=[candidacy.pk])).content.decode()
    for code in ("general", "education", "proposals"):
        assert rubro_url(candidacy, code) in body
    assert "Siguiente candidatura" in body and reverse("capture:candidacy", args=[following.pk]) in body
    assert reverse("capture:identity", args=[candidacy.pk]) in body
    # the party records consent only with the signed format; the candidate gives it herself
    consent_url = reverse("capture:consent", args=[candidacy.pk])
    assert f'<a href="{consent_url}">Consentimiento de la persona candidata (formato firmado)' in body


def test_candidate_overview_links_to_consent(client, candidate_user, notices, candidacy):
    accept_all(candidate_user, notices)
    client.force_login(candidate_user)
    body = client.get(reverse("capture:candidacy", args=[candidacy.pk])).content.decode()
    assert reverse("capture:consent", args=[candidacy.pk]) in body


def test_rubro_save_stores_a_draft_and_updates_completeness(party_client, candidacy):
    response = party_client.post(
        rubro_url(candidacy, "proposals"), {"proposal_1": "Primera propuesta.", "accion": "guardar"}
    )
    assert response.status_code == 302 and response["Location"] == rubro_url(candidacy, "proposals")
    assert CurricularQuestionnaire.objects.get(candidacy=candidacy).proposal_1 == "Primera propuesta."
    body = party_client.get(reverse("capture:candidacy", args=[candidacy.pk])).content.decode()
    assert "Falta: Propuesta 2, Propuesta en materia de género" in body
    response = party_client.post(rubro_url(candidacy, "motivation"), {"motivation": "Porque sí.", "accion": "seguir"})
    assert response["Location"] == rubro_url(candidacy, "proposals")


def test_too_long_proposal_keeps_everything_typed_and_saves_nothing(party_client, candidacy):
    data = {"proposal_1": "x" * 1601, "proposal_2": "Segunda <propuesta>", "proposal_gender": "Paridad real."}
    response = party_client.post(rubro_url(candidacy, "proposals"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "el máximo es 1,600" in body
    assert re.search(r'<div class="invalid-feedback d-block" id="id_proposal_1_error">[^<]*el máximo es 1,600', body)
    assert re.search(
        r'id="id_proposal_1"[^>]*aria-describedby="[^"]*id_proposal_1_error"[^>]*aria-invalid="true"', body
    )
    assert 'href="#id_proposal_1"' in body  # the error summary links to the field
    assert "1,601 de 1,600 caracteres" in body
    assert "Segunda &lt;propuesta&gt;</textarea>" in body and "Paridad real.</textarea>" in body
    assert not CurricularQuestionnaire.objects.filter(candidacy=candidacy).exists()
    assert "maxlength" not in body


def test_limits_follow_capture_rules(party_client, candidacy):
    rules = capture_rules_for(candidacy.process)
    rules.proposal_max = 20
    rules.save()
    body = party_client.get(rubro_url(candidacy, "proposals")).content.decode()
    assert "0 de 20 caracteres" in body
    body = party_client.post(rubro_url(candidacy, "proposals"), {"proposal_1": "y" * 21}).content.decode()
    assert "el máximo es 20" in body


def test_education_radios_and_status_not_applicable(party_client, candidacy):
    body = party_client.get(rubro_url(candidacy, "education")).content.decode()
    assert "<fieldset" in body and "<legend" in body and 'type="radio"' in body
    assert 'data-hide-for="Sin estudios"' in body
    response = party_client.post(
        rubro_url(candidacy, "education"), {"education_level": "Sin estudios", "education_status": "Título"}
    )
    assert response.status_code == 302
    questionnaire = CurricularQuestionnaire.objects.get(candidacy=candidacy)
    assert (questionnaire.education_level, questionnaire.education_status) == ("Sin estudios", "")


def test_bad_network_address_has_its_own_error(party_client, candidacy):
    data = {"facebook": "https://x.com/alguien", "instagram": "instagram.com/maria", "public_phone": "983 123 4567"}
    body = party_client.post(rubro_url(candidacy, "general"), data).content.decode()
    assert 'id="id_facebook_error"' in body and "perfil de Facebook" in body
    assert 'id="id_instagram_error"' not in body
    assert 'value="instagram.com/maria"' in body and 'value="983 123 4567"' in body
    assert not CurricularQuestionnaire.objects.filter(candidacy=candidacy).exists()


def test_unknown_rubro_is_404(party_client, candidacy):
    assert party_client.get(rubro_url(candidacy, "nada")).status_code == 404


# --------------------------------------------------------------------------------------------
# Photo
# --------------------------------------------------------------------------------------------


def test_photo_upload_good_and_served_privately(party_client, candidacy):
    data = {"photo": upload(image_bytes("JPEG")), "facebook": "facebook.com/maria.lopez"}
    response = party_client.post(rubro_url(candidacy, "general"), data)
    assert response.status_code == 302
    questionnaire = CurricularQuestionnaire.objects.get(candidacy=candidacy)
    assert questionnaire.photo and questionnaire.facebook == "https://facebook.com/maria.lopez"
    body = party_client.get(rubro_url(candidacy, "general")).content.decode()
    assert reverse("capture:photo", args=[candidacy.pk]) in body
    photo = party_client.get(reverse("capture:photo", args=[candidacy.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "private" in photo["Cache-Control"]
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"


def test_bad_photo_is_refused_in_spanish_and_the_rest_is_kept(party_client, candidacy):
    data = {
        "photo": upload(b"esto no es una imagen", name="foto.jpg"),
        "website": "www.maria.mx",
        "campaign_address": "Av. Héroes 12, Chetumal",
    }
    response = party_client.post(rubro_url(candidacy, "general"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "El archivo no es una imagen JPEG ni PNG válida." in body
    assert 'value="www.maria.mx"' in body and 'value="Av. Héroes 12, Chetumal"' in body
    assert not CurricularQuestionnaire.objects.filter(candidacy=candidacy).exists()


def test_photo_of_another_actor_is_404(client, other_party_user, notices, candidacy, party_user):
    from conoceles.questionnaires.services import save_photo

    save_photo(candidacy, upload(image_bytes("JPEG")), by=party_user)
    accept_all(other_party_user, notices)
    client.force_login(other_party_user)
    assert client.get(reverse("capture:photo", args=[candidacy.pk])).status_code == 404


# --------------------------------------------------------------------------------------------
# History
# --------------------------------------------------------------------------------------------


def test_history_lists_changes_with_before_and_after(party_client, party_user, candidacy):
    save_rubro(candidacy, "motivation", {"motivation": "Servir a mi comunidad."}, by=party_user)
    save_rubro(candidacy, "motivation", {"motivation": "Servir mejor a mi comunidad."}, by=party_user)
    body = party_client.get(reverse("capture:history", args=[candidacy.pk])).content.decode()
    assert "¿Por qué quiere ocupar un cargo público?" in body
    assert "Servir a mi comunidad." in body and "Servir mejor a mi comunidad." in body
    assert party_user.username in body
    assert body.count('<li class="card mb-3">') == 2


# --------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------


def capture_urls(candidacy):
    return [
        reverse("capture:candidacy", args=[candidacy.pk]),
        rubro_url(candidacy, "general"),
        rubro_url(candidacy, "proposals"),
        reverse("capture:photo", args=[candidacy.pk]),
        reverse("capture:history", args=[candidacy.pk]),
    ]


def test_another_actors_candidacy_is_404_everywhere(party_client, other_candidacy):
    for url in capture_urls(other_candidacy):
        assert party_client.get(url).status_code == 404, url
        assert party_client.post(url, {"proposal_1": "x"}).status_code == 404, url


def test_user_without_accepted_notice_is_sent_to_the_notice(client, party_user, notices, candidacy):
    client.force_login(party_user)
    capturing = [url for url in capture_urls(candidacy) if "/foto/" not in url and "/historial/" not in url]
    for url in capturing:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("capture:notice", args=[candidacy.process_id])), url
    body = client.get(reverse("capture:dashboard")).content.decode()
    assert "lea y acepte el aviso de privacidad" in body


def test_reading_history_needs_no_notice(client, notices, candidacy):
    """The aviso governs capture; a reviewer reads without accepting it."""
    client.force_login(create_account("revisor", Role.REVIEWER, password=None))
    assert client.get(reverse("capture:history", args=[candidacy.pk])).status_code == 200


def test_history_is_paginated_and_each_save_is_diffed_against_the_one_before(party_client, party_user, candidacy):
    for n in range(1, 23):
        save_rubro(candidacy, "motivation", {"motivation": f"Texto v{n:02d}."}, by=party_user)
    url = reverse("capture:history", args=[candidacy.pk])
    first = party_client.get(url).content.decode()
    assert "Texto v22." in first and "Texto v02." in first  # v03's "before", across the page boundary
    assert "Texto v01." not in first
    second = party_client.get(url, {"page": 2}).content.decode()
    assert "Texto v01." in second and "Texto v02." in second and "Texto v03." not in second


def test_staff_reach_history_and_consent_from_the_candidacy_page(client, notices, candidacy):
    client.force_login(create_account("revisor", Role.REVIEWER, password=None))
    page = client.get(reverse("candidacies:detail", args=[candidacy.pk])).content.decode()
    for name in ("capture:history", "capture:consent"):
        url = reverse(name, args=[candidacy.pk])
        assert url in page and client.get(url).status_code == 200
    assert f'href="{reverse("capture:candidacy", args=[candidacy.pk])}"' not in page  # reviewers read, not capture
