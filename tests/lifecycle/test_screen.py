"""Gestión → Ajustes del proceso → Ciclo de vida, and `manage.py lifecycle`: the dates, the options, each step's dry
run, the record, «Ejecutar ahora» behind a confirmation; the daily command and its dry run."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.lifecycle import sensitive
from conoceles.lifecycle.models import LifecycleAction, LifecycleNotice
from conoceles.notifications.models import Notification

pytestmark = pytest.mark.django_db


def in_the_past(process, days=5):
    """Election day `days` ago: the end of publication is due (the day after)."""
    today = timezone.localdate()
    ElectoralProcess.objects.filter(pk=process.pk).update(
        election_day=today - datetime.timedelta(days=days), capture_deadline=None
    )
    process.refresh_from_db()
    return process


def screen_url(process):
    return reverse("lifecycle:screen", args=[process.pk])


def run_url(process, stage=LifecycleStage.PUBLICATION_ENDED):
    return reverse("lifecycle:run", args=[process.pk, stage])


def test_the_admin_sees_dates_options_dry_runs_and_the_record(staff_client, world, candidacy):
    page = staff_client.get(screen_url(world.process)).content.decode()
    assert "Etapa actual: <strong" in page and "En curso" in page
    for label in ("Fin de la publicación", "Archivo", "Bloqueo", "Cancelación"):
        assert label in page
    assert "Candidaturas que dejan el sitio público" in page and "candidacies_candidacy" in page
    assert "Se ejecuta el <strong>07/06/2027</strong>" in page  # the day after election day
    assert reverse("gestion:dates", args=[world.process.pk]) in page
    assert 'name="keep_open_data"' in page and 'name="in_public_archive"' in page
    assert "Ejecutar ahora" not in page  # no date has come
    assert "Todavía no se ha ejecutado ningún paso." in page
    assert "El ensayo de este paso no está disponible" not in page  # bloqueo and cancelación: their module's plans
    for line in sensitive.lock_plan(world.process) + sensitive.cancellation_plan(world.process):
        assert line.what in page


def test_the_process_settings_link_to_the_screen(staff_client, world):
    page = staff_client.get(reverse("gestion:dates", args=[world.process.pk])).content.decode()
    assert screen_url(world.process) in page


def test_only_the_administration_reaches_it(client, world, reviewer):
    assert client.get(screen_url(world.process)).status_code == 302  # to the login page
    client.force_login(reviewer)
    assert client.get(screen_url(world.process)).status_code == 403
    assert client.post(run_url(in_the_past(world.process)), {"confirm": "on"}).status_code == 403
    world.process.refresh_from_db()
    assert world.process.stage == LifecycleStage.ACTIVE


def test_the_options_are_saved_and_recorded(staff_client, world, admin_user):
    response = staff_client.post(screen_url(world.process), {"in_public_archive": "on", "keep_open_data": "on"})
    assert response.status_code == 302
    world.process.refresh_from_db()
    assert world.process.keep_open_data and world.process.in_public_archive
    assert world.process.history.first().history_user == admin_user
    staff_client.post(screen_url(world.process), {})
    world.process.refresh_from_db()
    assert not world.process.keep_open_data and not world.process.in_public_archive


def test_run_now_needs_the_confirmation(staff_client, world, admin_user):
    process = in_the_past(world.process)
    page = staff_client.get(screen_url(process)).content.decode()
    assert run_url(process) in page  # «Ejecutar ahora» for the step whose date has come, and only that one
    assert run_url(process, LifecycleStage.ARCHIVED) not in page
    confirm = staff_client.get(run_url(process)).content.decode()
    assert "No se puede deshacer." in confirm and "Candidaturas que dejan el sitio público" in confirm
    response = staff_client.post(run_url(process), {})
    assert "Marque la casilla para confirmar" in response.content.decode()
    process.refresh_from_db()
    assert process.stage == LifecycleStage.ACTIVE and not LifecycleAction.objects.exists()

    response = staff_client.post(run_url(process), {"confirm": "on"}, follow=True)
    process.refresh_from_db()
    assert process.stage == LifecycleStage.PUBLICATION_ENDED
    action = LifecycleAction.objects.get()
    assert action.ran_by == admin_user and action.step == LifecycleStage.PUBLICATION_ENDED
    page = response.content.decode()
    by = admin_user.get_full_name() or admin_user.username
    assert "Se ejecutó «Fin de la publicación»" in page and f"por {by}" in page
    # Twice: refused, nothing new.
    response = staff_client.post(run_url(process), {"confirm": "on"})
    assert response.status_code == 409 and "no se repite ni se deshace" in response.content.decode()
    assert LifecycleAction.objects.count() == 1


def test_a_step_whose_date_has_not_come_cannot_be_run(staff_client, world):
    page = staff_client.get(run_url(world.process)).content.decode()
    assert "corresponde a partir del 07/06/2027" in page
    response = staff_client.post(run_url(world.process), {"confirm": "on"})
    assert response.status_code == 409
    world.process.refresh_from_db()
    assert world.process.stage == LifecycleStage.ACTIVE
    assert staff_client.get(reverse("lifecycle:run", args=[world.process.pk, "active"])).status_code == 404


def command(*args) -> str:
    out = StringIO()
    call_command("lifecycle", *args, stdout=out)
    return out.getvalue()


def test_the_commands_dry_run_changes_nothing(world, candidacy, admin_user, settings):
    settings.LIFECYCLE_NOTICE_DAYS = [14, 3]
    process = in_the_past(world.process)
    history = process.history.count()
    out = command("--dry-run")
    assert "Ensayo" in out and "siguiente paso «Fin de la publicación»" in out and "(corresponde hoy)" in out
    assert "Candidaturas que dejan el sitio público" in out
    process.refresh_from_db()
    assert process.stage == LifecycleStage.ACTIVE and process.history.count() == history
    assert not LifecycleAction.objects.exists() and not LifecycleNotice.objects.exists()
    assert not Notification.objects.exists()


def test_the_command_takes_the_due_steps_once_and_sends_the_notices(world, admin_user, settings):
    settings.LIFECYCLE_NOTICE_DAYS = [14, 3]
    process = in_the_past(world.process)
    ElectoralProcess.objects.filter(pk=process.pk).update(archive_date=timezone.localdate() + datetime.timedelta(2))
    out = command("--process", str(process.pk))
    assert "«Publicación concluida» ejecutado." in out and "Avisos enviados a la Administración: 1." in out
    process.refresh_from_db()
    assert process.stage == LifecycleStage.PUBLICATION_ENDED
    assert Notification.objects.filter(user=admin_user, kind=Notification.Kind.LIFECYCLE_STEP).count() == 1
    out = command()
    assert "Ningún paso del ciclo de vida corresponde hoy." in out and "Avisos enviados a la Administración: 0." in out
    assert LifecycleAction.objects.count() == 1


def test_the_command_names_an_unknown_process():
    with pytest.raises(CommandError, match="No existe el proceso 999"):
        command("--process", "999")


def test_one_process_failing_does_not_keep_the_others_from_their_steps(world, admin_user, monkeypatch):
    """The step of a process that fails is rolled back whole (no stage, no record), the other processes take theirs,
    and the command ends in an error naming the one that failed, so cron reports it."""
    from conoceles.lifecycle import services
    from tests.factories import ProcessFactory

    failing = in_the_past(world.process)
    other = in_the_past(ProcessFactory(name="Proceso Electoral Local Extraordinario 2026"))
    real = services.process_withdrawn

    def withdrawn(process, reason):
        if process.pk == failing.pk:
            raise RuntimeError("la base de datos no respondió")
        return real(process, reason=reason)

    monkeypatch.setattr(services, "process_withdrawn", withdrawn)
    err = StringIO()
    with pytest.raises(CommandError, match="No se ejecutaron todos los pasos: .*la base de datos no respondió"):
        call_command("lifecycle", stdout=StringIO(), stderr=err)
    assert f"{failing}: el paso no se ejecutó" in err.getvalue()
    failing.refresh_from_db()
    other.refresh_from_db()
    assert failing.stage == LifecycleStage.ACTIVE and not LifecycleAction.objects.filter(process=failing).exists()
    assert other.stage == LifecycleStage.PUBLICATION_ENDED
    assert LifecycleAction.objects.filter(process=other, step=LifecycleStage.PUBLICATION_ENDED).exists()
