"""Capture reminders: within the deadline window, one grouped notice per account per day, never twice a day."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from conoceles.accounts.models import Role
from conoceles.notifications.models import Notification
from conoceles.notifications.reminders import send_capture_reminders
from conoceles.questionnaires.services import save_photo, save_rubro
from tests.factories import CandidacyFactory, ProcessFactory, make_user
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


def fill(candidacy, by):
    save_photo(candidacy, upload(image_bytes()), by=by)
    save_rubro(candidacy, "education", {"education_level": "Maestría", "education_status": "Título"}, by=by)
    save_rubro(candidacy, "professional", {"professional_history": "Docente rural"}, by=by)
    save_rubro(candidacy, "political", {"political_trajectory": "Regidora 2018–2021"}, by=by)
    save_rubro(candidacy, "motivation", {"motivation": "Servir"}, by=by)
    save_rubro(
        candidacy, "proposals", {"proposal_1": "Agua", "proposal_2": "Salud", "proposal_gender": "Paridad"}, by=by
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def scene(world, today):
    """The process closes capture in two days. PAN has two incomplete candidacies and a complete one; MORENA one."""
    world.process.capture_deadline = today + datetime.timedelta(days=2)
    world.process.save()
    pan_1 = world.candidacy("MR1", "PAN", first_name="Ana", last_name="Pech", private_email="ana@example.org")
    pan_2 = world.candidacy("MR15", "PAN", first_name="Berta", last_name="Canul")
    pan_done = world.candidacy("GUB", "PAN", first_name="Carla", last_name="Uc", private_email="carla@example.org")
    morena = world.candidacy("MR1", "MORENA", first_name="Dora", last_name="May")
    pan = make_user("enlace-pan", Role.PARTY, email="enlace@pan.example", actor=world.actors["PAN"])
    fill(pan_done, pan)
    return {
        "pan": pan,
        "pan_2nd": make_user("enlace-pan-2", Role.PARTY, actor=world.actors["PAN"]),
        "morena": make_user("enlace-morena", Role.PARTY, email="enlace@morena.example", actor=world.actors["MORENA"]),
        "ana": make_user("c-ana", Role.CANDIDATE, candidacy=pan_1),
        "carla": make_user("c-carla", Role.CANDIDATE, candidacy=pan_done),
        "gone": make_user("c-dora", Role.CANDIDATE, candidacy=morena, is_active=False),
        "candidacies": (pan_1, pan_2, pan_done, morena),
    }


def reminded(kind=Notification.Kind.CAPTURE_REMINDER):
    return {n.user.username: n for n in Notification.objects.filter(kind=kind).select_related("user")}


def test_one_grouped_notice_per_account_and_only_incomplete_candidacies(
    scene, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = send_capture_reminders(days=3)
    notices = reminded()
    assert set(notices) == {"enlace-pan", "enlace-pan-2", "enlace-morena", "c-ana"}  # not Carla (complete), not Dora
    assert len(created) == 4
    pan = notices["enlace-pan"]
    assert pan.subject.startswith("2 candidaturas con el cuestionario curricular incompleto")
    assert "Ana Pech" in pan.body and "Berta Canul" in pan.body and "Carla" not in pan.body and "Dora" not in pan.body
    assert "falta información en Datos generales" in pan.body  # what is missing, by rubro
    assert pan.url == "/captura/"
    assert "Dora May" in notices["enlace-morena"].body and "Ana" not in notices["enlace-morena"].body
    ana = notices["c-ana"]
    assert ana.candidacy == scene["candidacies"][0] and ana.url == f"/captura/{scene['candidacies'][0].pk}/"
    assert ana.subject.endswith("la captura cierra en 2 días") and "Datos generales" in ana.body
    # 3 e-mails: the second PAN account has no address at all
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "enlace@morena.example", "enlace@pan.example"]
    message = next(m for m in mailoutbox if m.to == ["enlace@pan.example"])
    assert "Canul" in message.body and "/captura/" in message.body


def test_running_it_again_the_same_day_sends_nothing_new(scene, mailoutbox, django_capture_on_commit_callbacks, today):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(send_capture_reminders(days=3)) == 4
        assert send_capture_reminders(days=3) == []
    assert Notification.objects.count() == 4 and len(mailoutbox) == 3
    # the next day is another day
    assert len(send_capture_reminders(days=3, today=today + datetime.timedelta(days=1))) == 4


def test_only_processes_whose_deadline_is_within_the_window(scene, world, today):
    assert send_capture_reminders(days=1) == []  # the deadline is in two days
    world.process.capture_deadline = today - datetime.timedelta(days=1)
    world.process.save()
    assert send_capture_reminders(days=30) == []  # already closed
    world.process.capture_deadline = today
    world.process.is_active = False
    world.process.save()
    assert send_capture_reminders(days=3) == []  # not an active process
    world.process.is_active = True
    world.process.save()
    created = send_capture_reminders(days=0)
    assert len(created) == 4 and "la captura cierra hoy" in created[0].subject


def test_other_processes_accounts_are_not_reminded(scene, today):
    later = ProcessFactory(capture_deadline=today + datetime.timedelta(days=20))
    far = CandidacyFactory(process=later, contest__cargo__process=later)
    make_user("enlace-lejano", Role.PARTY, email="lejano@example.org", actor=far.actor)
    send_capture_reminders(days=3)
    assert "enlace-lejano" not in reminded()


def test_dry_run_lists_and_writes_nothing(scene, capsys):
    call_command("send_capture_reminders", "--days", "3", "--dry-run")
    out = capsys.readouterr().out
    assert "enlace-pan: 2 candidatura(s)" in out and "se avisaría a 4 cuenta(s)" in out
    assert not Notification.objects.exists()
    call_command("send_capture_reminders", "--days", "3")
    assert "Recordatorios creados: 4." in capsys.readouterr().out
    assert Notification.objects.count() == 4


def test_the_number_of_queries_does_not_grow_with_the_candidacies(scene, world, django_assert_max_num_queries):
    for n in range(40):
        extra = world.candidacy("RP", "PT", formula_number=100 + n, first_name=f"Persona {n}")
        make_user(f"c-extra-{n}", Role.CANDIDATE, candidacy=extra)
    with django_assert_max_num_queries(12):
        created = send_capture_reminders(days=3)
    assert len(created) == 4 + 40
