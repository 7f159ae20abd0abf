"""Asking for a report and getting it (issue 13, points 1, 7 and 8): who may, the cut rule, background generation with
its progress, the kept files that never change, failures that say why, and manage.py report."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.reports import services
from conoceles.reports.builders import avance
from conoceles.reports.models import GeneratedReport, ReportKind
from tests.public.published import publish

from .helpers import pdf_text, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("open_world")]
LIST = "/gestion/informes/"


@pytest.fixture
def analyst(db):
    return create_account("analista", Role.ANALYST, password=None)


@pytest.fixture
def election(world):
    publish(world.candidacy("MR1", "PAN"))
    world.candidacy("MR1", "MORENA")
    return world


@pytest.mark.parametrize("who", ["analyst", "admin_user"])
def test_staff_generate_an_avance_and_download_its_files(
    client, request, who, election, tmp_path, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(LIST).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"kind": "avance", "process": election.process.pk, "cut": "ahora"})
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    # The test settings run tasks at once (immediate backend): it is done by the time the page is shown.
    assert report.status == GeneratedReport.Status.DONE and report.progress == 100
    assert report.created_by == user and report.kind == ReportKind.AVANCE
    page = client.get(response["Location"]).content.decode()
    assert "Listo." in page and report.pdf_sha256 in page
    pdf = client.get(reverse("reports:file", args=[report.pk, "pdf"]))
    content = b"".join(pdf.streaming_content)
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    assert 'filename="avance-cuantitativo-' in pdf["Content-Disposition"]
    assert "Informe del avance cuantitativo" in pdf_text(content, tmp_path)
    xlsx = b"".join(client.get(reverse("reports:file", args=[report.pk, "xlsx"])).streaming_content)
    assert hashlib.sha256(xlsx).hexdigest() == report.xlsx_sha256
    assert "Por actor político" in workbook(xlsx).sheetnames
    listing = client.get(LIST).content.decode()
    assert report.title in listing


@pytest.mark.parametrize("who", ["reviewer", "party_user", "candidate_user"])
def test_other_roles_cannot_ask_for_or_read_reports(client, request, who, election):
    report = services.request_report(election.process, ReportKind.AVANCE)
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"kind": "avance", "process": election.process.pk, "cut": "ahora"}).status_code == 403
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 403
    assert client.get(reverse("reports:file", args=[report.pk, "pdf"])).status_code == 403
    assert client.get(reverse("reports:avance")).status_code == 403
    assert GeneratedReport.objects.count() == 1


def test_a_cut_in_the_past_is_refused_with_the_reason(client, admin_user, election):
    client.force_login(admin_user)
    past = timezone.localtime() - datetime.timedelta(days=2)
    response = client.post(
        LIST,
        {"kind": "omisos", "process": election.process.pk, "cut": "otra", "cut_at": past.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 200
    assert "La fecha de corte ya pasó" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_later_cut_needs_the_task_worker(client, admin_user, election):
    client.force_login(admin_user)
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(
        LIST,
        {"kind": "avance", "process": election.process.pk, "cut": "otra", "cut_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    assert "se necesita el trabajador de tareas" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_later_cut_is_scheduled_on_the_database_backend(settings, election, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cut = timezone.now() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(election.process, ReportKind.AVANCE, cut_at=cut)
    task = DBTaskResult.objects.get()
    assert task.run_after == cut and task.args_kwargs["args"] == [report.pk]
    assert report.status == GeneratedReport.Status.PENDING and report.cut_at == cut
    # Waiting for its cut is not a stalled task.
    assert services.end_stalled_reports(timezone.now() + datetime.timedelta(days=1)) == 0


def test_a_generated_report_never_changes(election, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(election.process, ReportKind.AVANCE)
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.DONE
    report.title = "Otro"
    with pytest.raises(TypeError):
        report.save()


def test_a_failure_ends_the_report_with_its_reason(election, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(avance, "capture_sections", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(election.process, ReportKind.AVANCE)
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.FAILED
    assert "disco lleno" in report.error and not report.pdf


def test_a_report_whose_worker_died_ends_failed(election):
    report = services.request_report(election.process, ReportKind.AVANCE, background=False)
    GeneratedReport.objects.filter(pk=report.pk).update(status=GeneratedReport.Status.RUNNING)
    assert services.end_stalled_reports(timezone.now() + datetime.timedelta(minutes=20)) == 0
    assert services.end_stalled_reports(timezone.now() + datetime.timedelta(minutes=45)) == 1
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.FAILED and "se detuvo" in report.error


def test_the_command_generates_keeps_and_copies_the_report(election, tmp_path, capsys):
    pdf, xlsx = tmp_path / "avance.pdf", tmp_path / "avance.xlsx"
    call_command("report", "avance", "--process", str(election.process.pk), "--pdf", str(pdf), "--xlsx", str(xlsx))
    report = GeneratedReport.objects.get()
    assert report.created_by is None and report.status == GeneratedReport.Status.DONE
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == report.pdf_sha256
    assert hashlib.sha256(xlsx.read_bytes()).hexdigest() == report.xlsx_sha256
    assert "100 %" in capsys.readouterr().out


def test_the_command_refuses_a_past_cut_and_an_unknown_process(election):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(CommandError, match="la fecha de corte es hoy"):
        call_command("report", "omisos", "--fecha", yesterday.isoformat())
    with pytest.raises(CommandError, match="No existe ese proceso"):
        call_command("report", "avance", "--process", "999999")
    assert not GeneratedReport.objects.exists()


def test_the_avance_on_screen_shows_the_tables_and_charts(client, analyst, election):
    client.force_login(analyst)
    page = client.get(reverse("reports:avance")).content.decode()
    assert "Por cargo" in page and "Por municipio" in page and "<svg" in page
    assert "Diputación local MR" in page
    response = client.post(reverse("reports:generate_avance"), {"process": election.process.pk})
    assert GeneratedReport.objects.get().kind == ReportKind.AVANCE
    assert response.status_code == 302


@pytest.mark.parametrize("version, logged", [("completa", 2), ("publica", 0)])
def test_downloading_a_report_with_identity_figures_is_logged(
    client, analyst, election, version, logged, django_capture_on_commit_callbacks
):
    from conoceles.accounts.models import SensitiveDataAccess

    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(election.process, ReportKind.FINAL, params={"version": version})
    client.force_login(analyst)
    for extension in ("pdf", "xlsx"):
        assert client.get(reverse("reports:file", args=[report.pk, extension])).status_code == 200
    accesses = SensitiveDataAccess.objects.filter(user=analyst, what=SensitiveDataAccess.What.REPORT_DOWNLOADED)
    assert accesses.count() == logged
    if logged:
        assert {a.detail.rsplit(" ", 1)[-1] for a in accesses} == {"(PDF)", "(XLSX)"}
        assert all(a.process == election.process for a in accesses)
    # Avance, omisos and the monthly report carry no identity figures: their downloads are not sensitive accesses.
    assert not services.carries_identity_figures(services.request_report(election.process, ReportKind.AVANCE))


def test_titles_say_the_kind_the_version_and_the_cut_or_month(election):
    cut = timezone.make_aware(datetime.datetime(2027, 4, 20, 23, 59))
    assert services.title_for("avance", election.process, cut, {}) == "Avance cuantitativo, corte 20/04/2027 23:59"
    final = services.title_for("final", election.process, cut, {"version": "publica"})
    assert final == "Informe final, versión pública, corte 20/04/2027 23:59"
    monthly = services.title_for("mensual", election.process, cut, {"month": "2027-04"})
    assert monthly == "Informe mensual de implementación: abril de 2027"


# db_worker closes the database connection between tasks, as the worker process does: on PostgreSQL that would end a
# test wrapped in a transaction, so this one commits for real.
@pytest.mark.django_db(transaction=True)
def test_production_path_the_database_worker_generates_the_asked_report(client, world, settings):
    """TASKS_BACKEND=database: the form only enqueues; `db_worker` generates the report; its page then shows it done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    publish(world.candidacy("MR1", "PAN"))
    client.force_login(create_account("analista", Role.ANALYST, password=None))
    client.post(LIST, {"kind": "avance", "process": world.process.pk, "cut": "ahora"})
    report = GeneratedReport.objects.get()
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert report.status == GeneratedReport.Status.PENDING and 'http-equiv="refresh"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0")
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.DONE and report.pdf_sha256
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<strong>Listo.</strong>" in page and 'http-equiv="refresh"' not in page
