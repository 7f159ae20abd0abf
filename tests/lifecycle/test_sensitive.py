"""Bloqueo and cancelación of a process's sensitive data (conoceles.lifecycle.sensitive), the legal-claim procedure
(Gestión → Datos bloqueados) and the login log's retention."""

import datetime
import zipfile

import pytest
from axes.models import AccessLog
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import LoginEvent, SensitiveDataAccess
from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import SENSITIVE_DATA_LOCKED
from conoceles.core.storage import private_storage
from conoceles.elections.models import LifecycleStage
from conoceles.imports.models import ImportJob
from conoceles.lifecycle import sensitive
from conoceles.opendata import exports, writers
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.public.snapshot_files import current as current_snapshot
from conoceles.public.snapshot_files import file_for
from conoceles.questionnaires.models import ConsentFormat, ConsentRecord, IdentityAnswer
from conoceles.reports.builders.final import identity_section
from conoceles.reports.models import GeneratedReport
from tests.lifecycle.sensitive_scene import MARKS, copies, plant
from tests.lifecycle.steps import take_step

pytestmark = pytest.mark.django_db

REASON = "Juicio ciudadano SX-JDC-123/2028: el tribunal requiere el consentimiento firmado de la candidata."


@pytest.fixture
def scene(world):
    return plant(world)


def _text(response) -> str:
    return response.content.decode("utf-8", errors="replace")


# --- bloqueo: one rule, every reader ----------------------------------------------------------------------------------


def test_before_bloqueo_staff_read_the_data_and_after_it_every_reader_refuses(staff_client, scene):
    candidacy, process = scene.candidacy, scene.world.process
    consent_url = reverse("capture:consent", args=[candidacy.pk])
    evidence_url = reverse("capture:consent_evidence", args=[candidacy.pk, scene.record.pk])
    format_url = reverse("review:consent_format", args=[scene.consent_format.pk])
    format_file_url = reverse("capture:consent_format_file", args=[candidacy.pk, scene.consent_format.pk])
    admin_candidacy = reverse("admin:candidacies_candidacy_change", args=[candidacy.pk])
    admin_history = reverse("admin:candidacies_candidacy_history", args=[candidacy.pk])
    admin_account = reverse("admin:accounts_user_change", args=[scene.account.pk])
    login_log = reverse("staff_accounts:login_log")
    statistics = reverse("gestion:statistics") + f"?proceso={process.pk}"
    statistics_xlsx = reverse("gestion:statistics_xlsx") + f"?proceso={process.pk}"

    assert staff_client.get(consent_url).status_code == 200
    assert MARKS["evidence_content"].encode() in b"".join(staff_client.get(evidence_url).streaming_content)
    assert staff_client.get(format_url).status_code == 200
    assert MARKS["private_email"] in _text(staff_client.get(admin_candidacy))
    assert MARKS["account_email"] in _text(staff_client.get(admin_account))
    assert MARKS["user_agent"] in _text(staff_client.get(login_log))
    assert staff_client.get(statistics).status_code == 200
    search = reverse("admin:accounts_user_changelist") + "?q=zqcorreocuenta"
    admin_lists = [
        reverse("admin:accounts_loginevent_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:questionnaires_consentrecord_changelist"),
    ]
    assert scene.account.username in _text(staff_client.get(search))  # found by its e-mail
    assert all(scene.account.username in _text(staff_client.get(url)) for url in admin_lists[:2])
    assert candidacy.full_name in _text(staff_client.get(admin_lists[2]))

    take_step(process, LifecycleStage.LOCKED)

    for url in (consent_url, evidence_url, format_url, format_file_url, statistics, statistics_xlsx, admin_history):
        response = staff_client.get(url)
        assert response.status_code == 403, url
        assert "bloqueados" in _text(response), url  # the 403 page says why and what to do
    page = _text(staff_client.get(admin_candidacy))
    assert MARKS["private_email"] not in page and "Contacto privado" not in page
    assert MARKS["account_email"] not in _text(staff_client.get(admin_account))
    assert MARKS["user_agent"] not in _text(staff_client.get(login_log))
    assert scene.account.username not in _text(staff_client.get(search))
    assert all(scene.account.username not in _text(staff_client.get(url)) for url in admin_lists[:2])
    assert candidacy.full_name not in _text(staff_client.get(admin_lists[2]))


def test_staff_of_another_process_keep_reading_theirs(staff_client, scene):
    """The rule is per process: a locked process does not hide a staff account's own logins."""
    LoginEvent.objects.create(username="coordinadora", kind=LoginEvent.Kind.LOGIN, user_agent="zqnavegadorstaff")
    take_step(scene.world.process, LifecycleStage.LOCKED)
    page = _text(staff_client.get(reverse("staff_accounts:login_log")))
    assert "coordinadora" in page and scene.account.username not in page


def test_after_bloqueo_no_new_institute_export_and_no_download_of_the_old_ones(staff_client, admin_user, scene):
    export = exports.build_export(exports.request_export(scene.world.process, exports.XLSX, by=admin_user))
    url = reverse("opendata:export_file", args=[export.pk])
    assert staff_client.get(url).status_code == 200
    take_step(scene.world.process, LifecycleStage.LOCKED)
    assert staff_client.get(url).status_code == 403
    with pytest.raises(PermissionDenied, match="bloqueados"):
        exports.request_export(scene.world.process, exports.XLSX, by=admin_user)


def test_the_final_report_built_after_bloqueo_says_why_it_has_no_identity_figures(scene):
    today = timezone.localdate()
    assert identity_section(scene.world.process, today, complete=True).tables
    take_step(scene.world.process, LifecycleStage.LOCKED)
    section = identity_section(scene.world.process, today, complete=True)
    assert section.tables == [] and section.text == SENSITIVE_DATA_LOCKED


def release_texts(release) -> dict[str, str]:
    """Every file still in the release's public folder (and each member of a zip), as text."""
    texts = {}
    for path in release.directory.iterdir():
        if path.suffix in (".zip", ".xlsx"):  # an XLSX is a zip of XML files too
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    texts[f"{path.name}/{member}"] = archive.read(member).decode("utf-8", "replace")
        elif path.is_file():
            texts[path.name] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_bloqueo_withdraws_the_identity_files_of_the_open_data_and_its_plan_says_so(scene, admin_user):
    release = copies(scene, admin_user)["release"]
    served = [release.directory / name for name in sensitive.identity_files(release)]
    assert {writers.IDENTITY_CSV, writers.WORKBOOK, writers.OWN_JSON, release.zip_name} == {p.name for p in served}
    assert all(p.is_file() for p in served)
    links = [  # the snapshot of the public site serves them too, as hard links
        current_snapshot() / file_for(reverse("opendata:file", args=[release.process_id, release.name, p.name]))
        for p in served
    ]
    assert all(p.is_file() for p in links)
    plan = sensitive.lock_plan(scene.world.process)
    assert next(line for line in plan if line.table == sensitive.FILES).files == 8  # 4 files, 2 places each
    assert all(p.is_file() for p in served + links)  # the plan is read-only

    published_answer = '"grupos":["Persona de la población LGBTTTIQ+"]'  # her consented answer, in our own JSON
    assert any(published_answer in text for text in release_texts(release).values())

    done = take_step(scene.world.process, LifecycleStage.LOCKED)

    assert done == plan
    assert not any(p.exists() for p in served + links)
    left = release_texts(release)
    assert left and not [name for name, text in left.items() if published_answer in text]  # no file left holds it
    assert (release.directory / writers.CANDIDATES_CSV).is_file()  # the rest of the release stays published
    withheld = sensitive.withheld_dir(release)
    assert sorted(p.name for p in withheld.iterdir()) == sorted(p.name for p in served)
    assert str(withheld).startswith(str(private_storage().location))
    rows = {line.table: line.rows for line in plan}
    assert rows[IdentityAnswer._meta.db_table] >= 2 and rows[ConsentRecord._meta.db_table] == 3


# --- the legal-claim procedure ----------------------------------------------------------------------------------------


def test_the_legal_claim_procedure_is_for_administracion_only(client, reviewer, scene):
    take_step(scene.world.process, LifecycleStage.LOCKED)
    client.force_login(reviewer)
    url = reverse("gestion:locked_data", args=[scene.world.process.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON, "registration_id": scene.candidacy.registration_id}).status_code == 403
    assert not SensitiveDataAccess.objects.exists()


def test_the_legal_claim_procedure_shows_one_candidacys_blocked_data_with_a_reason_and_records_it(
    staff_client, admin_user, scene
):
    process, candidacy = scene.world.process, scene.candidacy
    url = reverse("gestion:locked_data", args=[process.pk])
    assert "todavía no están bloqueados" in _text(staff_client.get(url))
    take_step(process, LifecycleStage.LOCKED)

    short = staff_client.post(url, {"reason": "Reclamación", "registration_id": candidacy.registration_id})
    assert short.status_code == 400 and "al menos 5 palabras" in _text(short)
    unknown = staff_client.post(url, {"reason": REASON, "registration_id": "NO-EXISTE"})
    assert unknown.status_code == 400 and "No hay una candidatura con esa clave" in _text(unknown)
    assert not SensitiveDataAccess.objects.exists()

    page = _text(staff_client.post(url, {"reason": REASON, "registration_id": candidacy.registration_id}))
    for mark in ("detail", "private_email", "account_email", "user_agent"):
        assert MARKS[mark] in page, mark
    viewed = SensitiveDataAccess.objects.get()
    assert (viewed.what, viewed.user, viewed.process, viewed.reason) == (
        SensitiveDataAccess.What.LOCKED_DATA_VIEWED,
        admin_user,
        process,
        REASON,
    )
    assert candidacy.registration_id in viewed.detail

    download = reverse("gestion:locked_file", args=[process.pk])
    data = {"reason": REASON, "registration_id": candidacy.registration_id}
    response = staff_client.post(download, {**data, "kind": "registro", "file": scene.record.pk})
    assert MARKS["evidence_content"].encode() in b"".join(response.streaming_content)
    response = staff_client.post(download, {**data, "kind": "formato", "file": scene.consent_format.pk})
    assert MARKS["evidence_content"].encode() in b"".join(response.streaming_content)
    short_reason = {**data, "reason": "corto", "kind": "formato", "file": scene.consent_format.pk}
    refused = staff_client.post(download, short_reason)
    assert refused.status_code == 404
    assert SensitiveDataAccess.objects.filter(what=SensitiveDataAccess.What.LOCKED_FILE_DOWNLOADED).count() == 2

    log = _text(staff_client.get(reverse("staff_accounts:sensitive_log")))
    assert log.count("SX-JDC-123/2028") == 3 and "Datos bloqueados consultados" in log

    take_step(process, LifecycleStage.CANCELLED)
    gone = _text(staff_client.get(url))
    assert "ya no existen" in gone
    assert staff_client.post(url, {"reason": REASON, "registration_id": candidacy.registration_id}).status_code == 200
    assert staff_client.post(download, {**data, "kind": "formato", "file": scene.consent_format.pk}).status_code == 404
    assert SensitiveDataAccess.objects.count() == 3  # nothing more was shown, nothing more recorded


def test_a_locked_access_without_reason_is_refused_by_the_database(admin_user, scene):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SensitiveDataAccess.objects.create(user=admin_user, what=SensitiveDataAccess.What.LOCKED_DATA_VIEWED)


# --- cancelación ------------------------------------------------------------------------------------------------------


def test_cancelacion_deletes_what_its_plan_counted_and_keeps_the_aggregates(
    scene, admin_user, django_capture_on_commit_callbacks
):
    process = scene.world.process
    made = copies(scene, admin_user)
    take_step(process, LifecycleStage.LOCKED)
    plan = sensitive.cancellation_plan(process)
    empty = [line.what for line in plan if not (line.rows or line.files)]
    # Only django-axes' lockout counters and failure log are empty here (no failed login was planted).
    assert all("AccessAttempt" in what or "AccessFailureLog" in what for what in empty), empty
    assert sum(line.files for line in plan) >= 2 + 3  # two evidence files, the withheld release files…

    with django_capture_on_commit_callbacks(execute=True):
        done = take_step(process, LifecycleStage.CANCELLED)

    assert done == plan
    after = sensitive.cancellation_plan(process)
    assert [(line.rows, line.files) for line in after] == [(0, 0)] * len(after), after
    assert not IdentityAnswer.objects.filter(candidacy__process=process).exists()
    assert not IdentityAnswer.history.filter(candidacy__process=process).exists()
    assert not ConsentRecord._base_manager.filter(candidacy__process=process).exists()
    assert not ConsentFormat.objects.filter(candidacy__process=process).exists()
    assert not any(private_storage().exists(name) for name in scene.evidence_files)
    assert Candidacy.objects.get(pk=scene.candidacy.pk).private_email == ""
    assert not Candidacy.history.filter(id=scene.candidacy.pk).exclude(private_email="").exists()
    assert Candidacy.history.filter(id=scene.candidacy.pk).exists()  # the rest of the history stays
    scene.account.refresh_from_db()
    assert scene.account.email == ""
    assert not LoginEvent.objects.filter(username=scene.account.username).exists()
    assert not AccessLog.objects.filter(username=scene.account.username).exists()
    assert not sensitive.withheld_dir(made["release"]).exists()
    assert not private_storage().exists(made["export"].file.name)
    job = ImportJob.objects.get(pk=made["import"].pk)  # the import stays recorded, without its file
    assert not job.file and not private_storage().exists(made["import"].file.name) and not job.row_errors.exists()
    profile = current_snapshot() / file_for(reverse("public:profile", args=[scene.candidacy.pk]))
    assert not profile.exists()
    # What stays: the aggregated statistics and the reports already generated (with their files).
    assert IdentityStatisticsRelease.objects.filter(pk=made["statistics"].pk).exists()
    report = GeneratedReport.objects.get(pk=made["report"].pk)
    assert report.pdf and report.pdf.storage.exists(report.pdf.name)


# --- login log retention ----------------------------------------------------------------------------------------------


def test_the_login_log_is_kept_for_its_configured_period_only(settings, db):
    settings.LOGIN_LOG_RETENTION_DAYS = 30
    today = datetime.date(2028, 3, 1)
    old_at = timezone.make_aware(datetime.datetime(2028, 1, 30, 23, 0))  # 31 days before: beyond the period
    kept_at = timezone.make_aware(datetime.datetime(2028, 1, 31, 1, 0))  # 30 days: still kept
    old = LoginEvent.objects.create(username="antigua", kind=LoginEvent.Kind.LOGIN)
    kept = LoginEvent.objects.create(username="reciente", kind=LoginEvent.Kind.FAILED)
    LoginEvent.objects.filter(pk=old.pk).update(at=old_at)
    LoginEvent.objects.filter(pk=kept.pk).update(at=kept_at)
    axes_old = AccessLog.objects.create(username="antigua", user_agent="x", http_accept="*/*", path_info="/")
    AccessLog.objects.filter(pk=axes_old.pk).update(attempt_time=old_at)

    assert sensitive.login_log_purge(today) == 2

    assert list(LoginEvent.objects.values_list("username", flat=True)) == ["reciente"]
    assert not AccessLog.objects.exists()
    assert sensitive.login_log_purge(today) == 0
    settings.LOGIN_LOG_RETENTION_DAYS = 10
    assert sensitive.login_log_purge(today) == 1
