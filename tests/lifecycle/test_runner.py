"""The lifecycle runner (conoceles.lifecycle.services): each step on its date, in order, once, recorded; the notices
to the administration days ahead."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conoceles.accounts.models import Role
from conoceles.elections.models import LifecycleStage
from conoceles.lifecycle.error_codes import LifecycleErrorCode
from conoceles.lifecycle.models import LifecycleAction, LifecycleNotice
from conoceles.lifecycle.services import run_due_steps, run_step, send_notices
from conoceles.lifecycle.steps import STEPS, step_for
from conoceles.notifications.models import Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
ELECTION = datetime.date(2027, 6, 6)  # world's election day
PUBLICATION_ENDED, ARCHIVED = step_for(LifecycleStage.PUBLICATION_ENDED), step_for(LifecycleStage.ARCHIVED)


def set_dates(process, **dates):
    for name, value in dates.items():
        setattr(process, name, value)
    process.full_clean()
    process.save()


def stage(process) -> str:
    process.refresh_from_db()
    return process.stage


def test_the_steps_are_the_four_of_the_domain_in_order():
    assert [step.stage for step in STEPS] == [
        LifecycleStage.PUBLICATION_ENDED,
        LifecycleStage.ARCHIVED,
        LifecycleStage.LOCKED,
        LifecycleStage.CANCELLED,
    ]


def test_the_end_of_publication_defaults_to_the_day_after_election_day(world):
    process = world.process
    assert process.publication_end_date is None
    assert PUBLICATION_ENDED.date(process) == ELECTION and PUBLICATION_ENDED.due(process) == ELECTION + DAY
    assert run_due_steps(today=ELECTION) == []  # election day is still a day of publication
    assert stage(process) == LifecycleStage.ACTIVE
    (taken,) = run_due_steps(today=ELECTION + DAY)
    assert taken.action.step == LifecycleStage.PUBLICATION_ENDED and taken.action.due == ELECTION + DAY
    assert stage(process) == LifecycleStage.PUBLICATION_ENDED


def test_a_set_end_of_publication_moves_the_step(world):
    set_dates(world.process, publication_end_date=ELECTION + 10 * DAY)
    assert run_due_steps(today=ELECTION + 10 * DAY) == []
    assert [t.action.step for t in run_due_steps(today=ELECTION + 11 * DAY)] == [LifecycleStage.PUBLICATION_ENDED]


def test_a_process_behind_catches_up_in_order_and_stops_at_a_step_without_date(world):
    process = world.process
    set_dates(process, publication_end_date=ELECTION + DAY, archive_date=ELECTION + 30 * DAY)
    taken = run_due_steps(today=ELECTION + 100 * DAY)
    assert [t.action.step for t in taken] == [LifecycleStage.PUBLICATION_ENDED, LifecycleStage.ARCHIVED]
    assert stage(process) == LifecycleStage.ARCHIVED  # no bloqueo date: the runner stops there
    actions = list(LifecycleAction.objects.filter(process=process).order_by("pk"))
    assert [a.step for a in actions] == [LifecycleStage.PUBLICATION_ENDED, LifecycleStage.ARCHIVED]
    assert all(a.ran_by is None for a in actions)  # the scheduled task
    assert actions[1].lines[1]["table"] == "accounts_user"


def test_running_twice_does_nothing_new(world):
    set_dates(world.process, archive_date=ELECTION + 5 * DAY)
    today = ELECTION + 5 * DAY
    assert len(run_due_steps(today=today)) == 2
    history = world.process.history.count()
    assert run_due_steps(today=today) == [] and run_due_steps(today=today + 50 * DAY) == []
    assert LifecycleAction.objects.count() == 2 and world.process.history.count() == history


def test_a_step_is_never_taken_out_of_order_early_or_twice(world, admin_user):
    process = world.process
    set_dates(process, archive_date=ELECTION + 5 * DAY)
    with pytest.raises(ValidationError) as refused:
        run_step(process, ARCHIVED, by=admin_user, today=ELECTION + 50 * DAY)
    assert refused.value.code == LifecycleErrorCode.STEP_OUT_OF_ORDER
    with pytest.raises(ValidationError) as refused:
        run_step(process, PUBLICATION_ENDED, by=admin_user, today=ELECTION)
    assert refused.value.code == LifecycleErrorCode.STEP_NOT_DUE
    action = run_step(process, PUBLICATION_ENDED, by=admin_user, today=ELECTION + DAY)
    assert action.ran_by == admin_user
    process.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        run_step(process, PUBLICATION_ENDED, by=admin_user, today=ELECTION + DAY)
    assert refused.value.code == LifecycleErrorCode.STEP_TAKEN
    lock = step_for(LifecycleStage.LOCKED)
    run_step(process, ARCHIVED, by=admin_user, today=ELECTION + 5 * DAY)
    process.refresh_from_db()
    with pytest.raises(ValidationError) as refused:  # no bloqueo date
        run_step(process, lock, by=admin_user, today=ELECTION + 500 * DAY)
    assert refused.value.code == LifecycleErrorCode.STEP_NOT_DUE
    assert LifecycleAction.objects.filter(process=process).count() == 2


def test_a_recorded_action_cannot_be_changed(world):
    (taken,) = run_due_steps(today=ELECTION + DAY)
    taken.action.lines = []
    with pytest.raises(ValueError):
        taken.action.save()


@pytest.mark.parametrize(("days_before", "expected"), [(20, 0), (14, 1), (10, 0), (3, 1), (0, 0)])
def test_a_notice_goes_out_once_per_step_and_lead_time(world, admin_user, settings, days_before, expected):
    """Days 14 and 3 before the archive (settings.LIFECYCLE_NOTICE_DAYS): one notice each; on the days between, the
    threshold already noticed sends nothing new."""
    settings.LIFECYCLE_NOTICE_DAYS = [14, 3]
    process = world.process
    archive = ELECTION + 60 * DAY
    set_dates(process, publication_end_date=ELECTION + 5 * DAY, archive_date=archive)
    other_admin = make_user("otra-admin", Role.ADMIN)
    make_user("una-revisora", Role.REVIEWER)
    # Every earlier day has run already (the daily task): what is new today?
    for day in range(20, days_before, -1):
        send_notices(today=archive - day * DAY, processes=type(process).objects.filter(pk=process.pk))
    before = Notification.objects.filter(kind=Notification.Kind.LIFECYCLE_STEP).count()
    sent = send_notices(today=archive - days_before * DAY, processes=type(process).objects.filter(pk=process.pk))
    sent = [n for n in sent if n.step == LifecycleStage.ARCHIVED]
    assert len(sent) == expected
    notices = Notification.objects.filter(kind=Notification.Kind.LIFECYCLE_STEP).order_by("pk")[before:]
    archive_notices = [n for n in notices if "Archivo" in n.subject]
    assert len(archive_notices) == 2 * expected  # each active admin, nobody else
    if expected:
        assert {n.user for n in archive_notices} == {admin_user, other_admin}
        notice = archive_notices[0]
        assert archive.strftime("%d/%m/%Y") in notice.subject and world.process.name in notice.subject
        assert "Cuentas de actores políticos y candidaturas que se desactivan: 0 registros" in notice.body
        assert notice.url == f"/gestion/proceso/{process.pk}/ciclo-de-vida/"


def test_the_notices_name_each_step_ahead_and_skip_the_steps_taken(world, admin_user, settings):
    settings.LIFECYCLE_NOTICE_DAYS = [14, 3]
    process = world.process
    set_dates(process, publication_end_date=ELECTION + 2 * DAY, archive_date=ELECTION + 4 * DAY)
    today = ELECTION
    sent = send_notices(today=today)
    assert [(n.step, n.days_before) for n in sent] == [
        (LifecycleStage.PUBLICATION_ENDED, 3),  # due the day after the 8th: in 3 days
        (LifecycleStage.ARCHIVED, 14),
    ]
    assert send_notices(today=today) == []
    run_due_steps(today=ELECTION + 3 * DAY)
    assert [n.step for n in send_notices(today=ELECTION + 3 * DAY)] == [LifecycleStage.ARCHIVED]
    assert LifecycleNotice.objects.filter(step=LifecycleStage.PUBLICATION_ENDED).count() == 1


def test_the_runner_takes_the_bloqueo_and_the_cancelacion_through_their_module(world, candidacy, admin_user):
    """The four steps in one run, the last two by conoceles.lifecycle.sensitive: each recorded with what it touched,
    which is what its dry run said just before."""
    from conoceles.lifecycle import sensitive

    process = world.process
    set_dates(
        process,
        archive_date=ELECTION + 2 * DAY,
        lock_date=ELECTION + 3 * DAY,
        cancellation_date=ELECTION + 4 * DAY,
    )
    run_due_steps(today=ELECTION + 2 * DAY)
    process.refresh_from_db()
    lock_plan = [line.as_dict() for line in sensitive.lock_plan(process)]
    assert lock_plan  # the dry run of the next step is there
    (locked,) = run_due_steps(today=ELECTION + 3 * DAY)
    assert locked.action.step == LifecycleStage.LOCKED and locked.action.lines == lock_plan
    process.refresh_from_db()
    cancellation_plan = [line.as_dict() for line in sensitive.cancellation_plan(process)]
    (cancelled,) = run_due_steps(today=ELECTION + 30 * DAY)
    assert cancelled.action.lines == cancellation_plan
    assert stage(process) == LifecycleStage.CANCELLED
    assert [a.step for a in LifecycleAction.objects.filter(process=process).order_by("pk")] == [
        step.stage for step in STEPS
    ]
    assert run_due_steps(today=ELECTION + 300 * DAY) == []
