"""Reminders of the deliverables: to the active administration accounts only, once per deliverable and threshold
(7 and 1 days before by default), never for one already fulfilled, again when its due date moves."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from conoceles.accounts.models import Role
from conoceles.gestion.models import Deliverable
from conoceles.gestion.services import send_deliverable_reminders
from conoceles.notifications.models import Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def scene(world, admin_user, reviewer, party_user):
    admin_user.email = "coordinadora@ieqroo.example"
    admin_user.save()
    retired = make_user("exadmin", Role.ADMIN, is_active=False)
    make_user("analista", Role.ANALYST)
    due = Deliverable.objects.create(
        process=world.process, code="11.13", title="Informe del avance de abril", due_date=TODAY + 7 * DAY
    )
    Deliverable.objects.create(
        process=world.process, code="11.12", title="Ya entregado", due_date=TODAY + DAY, status="done",
        fulfilled_on=TODAY,
    )
    Deliverable.objects.create(process=world.process, code="11.6", title="Vencido", due_date=TODAY - DAY)
    Deliverable.objects.create(process=world.process, code="11.14", title="Lejano", due_date=TODAY + 30 * DAY)
    return {"due": due, "admin": admin_user, "retired": retired}


def reminded():
    return list(Notification.objects.filter(kind=Notification.Kind.DELIVERABLE_DUE).order_by("pk"))


def test_the_active_administration_is_reminded_a_week_before(scene, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_deliverable_reminders(today=TODAY)
    assert [(r.deliverable, r.days_before) for r in sent] == [(scene["due"], 7)]
    notices = reminded()
    assert [n.user for n in notices] == [scene["admin"]]
    notice = notices[0]
    assert notice.subject == "Entregable 11.13 por vencer en 7 días: Informe del avance de abril"
    assert "Fecha límite: 08/03/2027." in notice.body
    assert notice.url == f"/gestion/proceso/{scene['due'].process_id}/entregables/"
    assert [m.to for m in mailoutbox] == [["coordinadora@ieqroo.example"]]


def test_reminders_are_never_repeated_for_the_same_threshold(scene):
    send_deliverable_reminders(today=TODAY)
    assert send_deliverable_reminders(today=TODAY) == []
    assert send_deliverable_reminders(today=TODAY + 3 * DAY) == []  # four days left: still the 7-day reminder
    assert [r.days_before for r in send_deliverable_reminders(today=TODAY + 6 * DAY)] == [1]
    assert send_deliverable_reminders(today=TODAY + 7 * DAY) == []  # due today: the 1-day reminder went already
    assert len(reminded()) == 2


def test_a_late_first_run_sends_only_the_closest_reminder(scene):
    assert [r.days_before for r in send_deliverable_reminders(today=TODAY + 6 * DAY)] == [1]
    assert send_deliverable_reminders(today=TODAY + 7 * DAY) == []


def test_a_deliverable_whose_date_moves_is_reminded_again(scene):
    send_deliverable_reminders(today=TODAY)
    due = scene["due"]
    due.due_date = TODAY + 5 * DAY
    due.save()
    assert [r.due for r in send_deliverable_reminders(today=TODAY)] == [TODAY + 5 * DAY]


def test_fulfilled_deliverables_and_inactive_processes_are_not_reminded(scene, world):
    due = scene["due"]
    due.status = "not_applicable"
    due.save()
    assert send_deliverable_reminders(today=TODAY) == []
    due.status = "pending"
    due.save()
    world.process.is_active = False
    world.process.save()
    assert send_deliverable_reminders(today=TODAY) == []


def test_the_thresholds_are_a_setting(scene, settings):
    settings.DELIVERABLE_REMINDER_DAYS = [30]
    assert [r.deliverable.code for r in send_deliverable_reminders(today=TODAY)] == ["11.13", "11.14"]


def test_the_daily_command_sends_them(world, admin_user, capsys):
    Deliverable.objects.create(
        process=world.process, code="11.13", title="Informe del avance de abril", due_date=timezone.localdate() + DAY
    )
    call_command("send_deliverable_reminders")
    assert "Recordatorios de entregables enviados: 1." in capsys.readouterr().out
    assert [n.subject for n in reminded()] == ["Entregable 11.13 por vencer mañana: Informe del avance de abril"]
