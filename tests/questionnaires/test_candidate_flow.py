"""Issue 14, point 10: a candidate lands on her own capture page; every capture page shows the capture deadline; the
history says what content came from an import or the demo («cargado por importación»)."""

import pytest
from django.urls import reverse

from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.services import accept_notice, save_rubro
from conoceles.review.services import validate_candidacy
from tests.factories import announce
from tests.review.helpers import fill

pytestmark = pytest.mark.django_db

DEADLINE = "Fecha límite de captura:</strong> 30 de abril de 2027"  # world.process


@pytest.fixture
def candidate_client(client, candidate_user, notices):
    for notice in notices.values():
        accept_notice(candidate_user, notice)
    client.force_login(candidate_user)
    return client


def test_a_candidate_lands_on_her_own_capture_page(candidate_client, candidacy):
    response = candidate_client.get(reverse("accounts:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("capture:candidacy", args=[candidacy.pk])
    assert "Estatus: Aprobada" not in response.content.decode()


def test_a_party_still_lands_on_its_list(party_client):
    response = party_client.get(reverse("accounts:home"))
    assert response["Location"] == reverse("candidacies:list")


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("capture:candidacy", []),
        ("capture:rubro", ["motivation"]),
        ("capture:history", []),
        ("capture:identity", []),
        ("capture:consent", []),
        ("review_actor:status", []),
    ],
)
def test_every_capture_page_shows_the_deadline(party_client, candidacy, name, extra):
    page = party_client.get(reverse(name, args=[candidacy.pk, *extra])).content.decode()
    assert DEADLINE in page


def test_the_capture_list_shows_the_deadline(party_client, candidacy):
    assert DEADLINE in party_client.get(reverse("capture:dashboard")).content.decode()


def _imported(candidacy):
    """What the demo and imports write: the row without a history record."""
    CurricularQuestionnaire.objects.bulk_create([CurricularQuestionnaire(candidacy=candidacy, motivation="Importada")])
    announce(candidacy)


def test_imported_content_without_history_says_so(party_client, candidacy):
    _imported(candidacy)
    page = party_client.get(reverse("capture:history", args=[candidacy.pk])).content.decode()
    assert "se cargó por importación" in page
    assert "Todavía no se ha guardado nada" not in page


def test_the_first_change_after_an_import_does_not_claim_the_fields_were_empty(party_client, candidacy, party_user):
    _imported(candidacy)
    save_rubro(candidacy, "motivation", {"motivation": "Capturada"}, by=party_user)
    response = party_client.get(reverse("capture:history", args=[candidacy.pk]))
    [entry] = response.context["entries"]
    [change] = [c for c in entry["changes"] if c.label == "Motivación" or c.after == "Capturada"]
    assert change.before is None and change.after == "Capturada"
    page = response.content.decode()
    assert "(cargado por importación)" in page and "los cambios posteriores aparecen arriba" in page


def test_a_first_record_without_a_user_is_the_import(party_client, candidacy, party_user):
    CurricularQuestionnaire.objects.create(candidacy=candidacy, motivation="Importada con historial")
    announce(candidacy)
    save_rubro(candidacy, "motivation", {"motivation": "Capturada"}, by=party_user)
    entries = party_client.get(reverse("capture:history", args=[candidacy.pk])).context["entries"]
    assert [e["who"] for e in entries] == ["enlace-pan", "Cargado por importación"]
    assert entries[0]["changes"][0].before == "Importada con historial"


# --- Words (issue 14, point 13, capture side) -------------------------------------------------------------------


def test_a_locked_rubro_agrees_with_el_rubro(party_client, candidacy, party_user):
    fill(candidacy, party_user)
    validate_candidacy(candidacy, by=party_user)
    page = party_client.get(reverse("capture:rubro", args=[candidacy.pk, "proposals"])).content.decode()
    assert "El rubro «Propuestas» está validado y no se puede modificar." in page
    status = party_client.get(reverse("review_actor:status", args=[candidacy.pk])).content.decode()
    assert ">Validado</span>" in status and ">Validada</span>" in status  # the rubros, then the candidacy


def test_a_rubro_with_an_error_does_not_also_say_complete(party_client, candidacy, party_user):
    save_rubro(candidacy, "motivation", {"motivation": "Servir a mi comunidad"}, by=party_user)
    url = reverse("capture:rubro", args=[candidacy.pk, "motivation"])
    assert "Rubro completo." in party_client.get(url).content.decode()
    page = party_client.post(url, {"motivation": "x" * 100_000, "accion": "guardar"}).content.decode()
    assert "No se guardó el rubro" in page and "Rubro completo." not in page
