"""Omisos (issue 13, point 2): who did not capture, complete or validate at the cut, and the notices each received
before it — the evidence for the Consejo General."""

import datetime

import pytest
from django.utils import timezone

from conoceles.accounts.models import AccountEvent, Role
from conoceles.notifications.models import Notification
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.reports.builders import omisos
from conoceles.reports.rendering import render_pdf
from tests.factories import make_user
from tests.public.published import FILLED, publish

from .helpers import pdf_text, row_by_label, table_by_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]


@pytest.fixture
def election(world):
    """PAN: one published, one not captured. MORENA: one incomplete, one complete but not validated."""
    publish(world.candidacy("MR1", "PAN"))
    world.candidacy("MR15", "PAN", first_name="Rosa", last_name="Sin Captura")
    incomplete = world.candidacy("MR1", "MORENA", first_name="Luz", last_name="Incompleta")
    CurricularQuestionnaire.objects.create(candidacy=incomplete, education_level="Licenciatura")
    complete = world.candidacy("MR15", "MORENA", first_name="Ana", last_name="Sin Validar")
    CurricularQuestionnaire.objects.create(candidacy=complete, **FILLED)
    return world


def notice(user, kind, *, when, emailed=False):
    item = Notification.objects.create(user=user, kind=kind, subject=f"Aviso {kind}")
    Notification.objects.filter(pk=item.pk).update(created_at=when, emailed_at=when if emailed else None)


def test_each_candidacy_counts_in_its_first_omission(election):
    document = omisos.build(election.process, timezone.now(), {}, lambda *_: None)
    by_actor = table_by_key(document, "omisos-actor")
    pan = row_by_label(by_actor, "Partido Acción Nacional")
    morena = row_by_label(by_actor, "Morena")
    assert pan[1:7] == [2, 1, 0, 0, 1, 0.5]
    assert morena[1:7] == [2, 0, 1, 1, 2, 1.0]
    assert by_actor.total[1:6] == [4, 1, 1, 1, 3]
    names = {row[5]: row[6] for row in table_by_key(document, "omisos-candidatura").rows}
    assert names == {
        "Rosa Sin Captura Hernández": "Sin capturar",
        "Luz Incompleta Hernández": "Captura incompleta",
        "Ana Sin Validar Hernández": "Completa, sin validar",
    }


def test_the_notices_before_the_cut_are_the_evidence(election):
    cut = timezone.now()
    party = make_user("enlace-morena", Role.PARTY, actor=election.actors["MORENA"])
    rosa = election.process.candidacies.get(first_name="Rosa")
    candidate = make_user("rosa", Role.CANDIDATE, candidacy=rosa)
    delivery = AccountEvent.objects.create(user=candidate, kind=AccountEvent.Kind.CREDENTIALS_ISSUED)
    AccountEvent.objects.filter(pk=delivery.pk).update(at=cut - datetime.timedelta(days=10))
    notice(party, Notification.Kind.CAPTURE_REMINDER, when=cut - datetime.timedelta(days=3), emailed=True)
    notice(party, Notification.Kind.ACCOUNT_DELIVERY, when=cut - datetime.timedelta(days=9))
    notice(candidate, Notification.Kind.CAPTURE_REMINDER, when=cut - datetime.timedelta(days=1))
    notice(party, Notification.Kind.CAPTURE_REMINDER, when=cut + datetime.timedelta(days=1))  # after the cut
    document = omisos.build(election.process, cut, {}, lambda *_: None)
    morena = row_by_label(table_by_key(document, "omisos-actor"), "Morena")
    assert morena[7:10] == [2, 1, 1]  # notices, of which capture reminders, of which also e-mailed
    assert morena[10].date() == (cut - datetime.timedelta(days=3)).date()
    rosa_row = next(r for r in table_by_key(document, "omisos-candidatura").rows if r[5].startswith("Rosa"))
    assert rosa_row[7] == cut - datetime.timedelta(days=10) and rosa_row[8] == 1
    log = list(table_by_key(document, "avisos").rows)  # streamed from the database
    assert [(row[3], row[4], row[6]) for row in log] == [
        ("enlace-morena", "Entrega de cuenta", "Sistema"),
        ("enlace-morena", "Recordatorio de captura", "Sistema y correo electrónico"),
        ("rosa", "Recordatorio de captura", "Sistema"),
    ]
    assert log[2][2] == "Rosa Sin Captura Hernández"


def test_the_pdf_lists_a_long_list_in_part_and_says_where_the_rest_is(election, tmp_path, monkeypatch):
    monkeypatch.setattr(omisos, "PDF_ROWS", 2)
    document = omisos.build(election.process, timezone.now(), {}, lambda *_: None)
    assert len(table_by_key(document, "omisos-candidatura").rows) == 3
    cut = timezone.now()
    text = pdf_text(render_pdf(document, process=election.process, cut_at=cut, generated_at=cut), tmp_path)
    assert "Informe de omisos" in text
    assert "las 1 restantes están en el archivo XLSX" in text
