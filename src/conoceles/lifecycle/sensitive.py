"""Bloqueo and cancelación of a process's sensitive personal data (issue 15, DOMAIN.md §4 step 10 and §6; LGPDPPSO:
conservación, bloqueo, supresión), and the retention of the login log.

The data, wherever it is (docs/manual/bloqueo-y-cancelacion.md lists it for the staff):
- identity answers (questionnaires.IdentityAnswer, its chosen options, and their django-simple-history rows);
- consent records and signed consent formats, with their evidence files in private storage;
- private contact data: Candidacy.private_email (and its copies in HistoricalCandidacy), the e-mail of the party and
  candidate accounts of the process, the uploaded import files that carry them (candidacies' «CORREO» column, the
  INE workbook with identity answers) and their row errors;
- login logs of those accounts: accounts.LoginEvent and django-axes' per-username rows;
- copies made for publication: the identity files of the process's open-data releases (and their hard links in
  the snapshot of the public site), the institute's exports, the profile folders of the snapshot.

Bloqueo (`lock`): the step runner (conoceles.lifecycle) sets the stage; from then on the one rule
`core.permissions.sensitive_data_readable` makes every screen and export refuse the data, and `lock` withdraws the
identity files of the open-data releases from the served folders (into private storage, until cancelación).
Cancelación (`cancel`): deletes all of it for good in one transaction; the aggregated statistics
(IdentityStatisticsRelease) and the generated reports stay. `lock_plan` and `cancellation_plan` count, read-only,
exactly what `lock` and `cancel` act on (one function computes both).
"""

import datetime
import shutil
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import LoginEvent, Role, User
from conoceles.candidacies.models import Candidacy
from conoceles.changes import Reason, candidacies_changed
from conoceles.imports.models import ImportJob, ImportRowError
from conoceles.opendata.models import WITH_IDENTITY, InstituteExport, OpenDataRelease
from conoceles.public.snapshot_files import file_for
from conoceles.public.snapshot_files import root as snapshot_root
from conoceles.public.version import bump_publication_version
from conoceles.questionnaires.models import ConsentFormat, ConsentRecord, IdentityAnswer

from .plan import PlanLine

FILES = "archivos"
# Import files that carry private contact data or identity answers (candidacies' «CORREO», the INE workbook).
PRIVATE_IMPORT_KINDS = (ImportJob.Kind.CANDIDACIES, ImportJob.Kind.INE)


# --- where the data is ----------------------------------------------------------------------------------------------


def _candidacies(process):
    return Candidacy.objects.filter(process=process)


def accounts_of(process):
    """The party and candidate accounts of `process` (staff accounts belong to no process)."""
    return User.objects.filter(
        Q(role=Role.PARTY, actor__process=process) | Q(role=Role.CANDIDATE, candidacy__process=process)
    )


def _usernames(process):
    return accounts_of(process).values("username")


def _login_events(process):
    # Also the failed attempts typed with one of those user names (no account attached to them).
    return LoginEvent.objects.filter(Q(user__in=accounts_of(process)) | Q(username__in=_usernames(process)))


def _identity_history(process):
    return IdentityAnswer.history.filter(candidacy__process=process)


def _identity_history_options(process):
    through = IdentityAnswer.history.model._meta.get_field("historicalidentityanswer_options").related_model
    return through.objects.filter(history__in=_identity_history(process).values("history_id"))


def _private_imports(process):
    return ImportJob.objects.filter(process=process, kind__in=PRIVATE_IMPORT_KINDS).exclude(file="")


def identity_files(release: OpenDataRelease) -> list[str]:
    """The files of an open-data release that carry identity answers (opendata.models.WITH_IDENTITY: the identity
    CSV, the INE workbook's CUESTIONARIO IDENTIDAD sheet, our own JSON) and the zip holding them. The public site
    stops offering them from bloqueo on (OpenDataRelease.published_files)."""
    names = {f["name"] for f in release.files}
    return sorted(names & WITH_IDENTITY) + [release.zip_name]


def withheld_dir(release: OpenDataRelease) -> Path:
    """Where bloqueo keeps a release's identity files until cancelación: private storage, which no URL serves."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / "bloqueo" / "datos-abiertos" / release.relative_dir


def _snapshot_builds() -> list[Path]:
    builds = snapshot_root() / "builds"
    return sorted(p for p in builds.iterdir() if p.is_dir()) if builds.is_dir() else []


def _release_identity_paths(process) -> list[Path]:
    """The identity files of the process's releases where they are served: OPEN_DATA_ROOT and every build of the
    snapshot (hard links made by snapshot.builder.write_releases)."""
    paths = []
    builds = _snapshot_builds()
    for release in OpenDataRelease.objects.filter(process=process):
        for name in identity_files(release):
            paths.append(release.directory / name)
            url = reverse("opendata:file", args=[release.process_id, release.name, name])
            paths.extend(build / file_for(url) for build in builds)
    return [p for p in paths if p.is_file()]


def _withheld_paths(process) -> list[Path]:
    paths = []
    for release in OpenDataRelease.objects.filter(process=process):
        folder = withheld_dir(release)
        if folder.is_dir():
            paths.extend(p for p in folder.iterdir() if p.is_file())
    return paths


def _snapshot_profile_paths(process) -> list[Path]:
    """Files of the process's profiles (page, photo, PDF) in every build of the snapshot."""
    builds = _snapshot_builds()
    if not builds:
        return []
    paths = []
    for pk in _candidacies(process).values_list("pk", flat=True).iterator():
        relative = file_for(reverse("public:profile", args=[pk])).parent
        for build in builds:
            folder = build / relative
            if folder.is_dir():
                paths.extend(p for p in folder.rglob("*") if p.is_file())
    return paths


def _stored(files) -> list:
    """The FieldFiles that exist in storage."""
    return [f for f in files if f and f.storage.exists(f.name)]


# --- bloqueo --------------------------------------------------------------------------------------------------------


def _lock_lines(process, apply: bool) -> list[PlanLine]:
    candidacies = _candidacies(process)
    records = ConsentRecord.objects.filter(candidacy__process=process)
    formats = ConsentFormat.objects.filter(candidacy__process=process)
    served = _release_identity_paths(process)
    lines = [
        PlanLine(
            "Respuestas del cuestionario de identidad (y su historial)",
            IdentityAnswer._meta.db_table,
            IdentityAnswer.objects.filter(candidacy__process=process).count() + _identity_history(process).count(),
        ),
        PlanLine(
            "Registros de consentimiento y su evidencia",
            ConsentRecord._meta.db_table,
            records.count(),
            len(_stored(r.evidence for r in records.exclude(evidence="").exclude(evidence__isnull=True))),
        ),
        PlanLine(
            "Formatos de consentimiento firmados",
            ConsentFormat._meta.db_table,
            formats.count(),
            len(_stored(f.evidence for f in formats)),
        ),
        PlanLine(
            "Correos privados de las candidaturas",
            Candidacy._meta.db_table,
            candidacies.exclude(private_email="").count(),
        ),
        PlanLine(
            "Correos de las cuentas de actores políticos y candidaturas",
            User._meta.db_table,
            accounts_of(process).exclude(email="").count(),
        ),
        PlanLine("Registro de accesos de esas cuentas", LoginEvent._meta.db_table, _login_events(process).count()),
        PlanLine("Archivos de identidad de los datos abiertos, retirados del sitio público", FILES, files=len(served)),
    ]
    if apply:
        _withhold(process, served)
        bump_publication_version()  # no cached public page keeps what it showed before
    return lines


def _withhold(process, paths: list[Path]) -> None:
    """Move release files out of OPEN_DATA_ROOT into private storage (withheld_dir) and drop their snapshot links."""
    for path in paths:
        if path.is_relative_to(Path(settings.OPEN_DATA_ROOT)):
            release = OpenDataRelease.objects.get(process=process, name=path.parent.name)
            target = withheld_dir(release)
            target.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target / path.name)
        else:  # a hard link in the snapshot
            path.unlink(missing_ok=True)


def withdraw_release_identity_files(process) -> int:
    """A granted ARCO request stopped the publication of someone's identity answers (oposición or cancelación):
    the process's releases made so far stop offering their files with identity answers and their zip at once
    (OpenDataRelease.identity_withdrawn_at), and those files leave the public folders for private storage when the
    transaction commits (cancelación deletes them with the rest). The next release carries the answers still
    published. Returns how many releases it withdrew from."""
    pending = list(OpenDataRelease.objects.filter(process=process, identity_withdrawn_at__isnull=True).values("pk"))
    if not pending:
        return 0
    OpenDataRelease.objects.filter(pk__in=[r["pk"] for r in pending]).update(identity_withdrawn_at=timezone.now())
    transaction.on_commit(lambda: _withhold(process, _release_identity_paths(process)))
    candidacies_changed([], reason=Reason.RELEASE)  # the public list of files changed
    return len(pending)


def lock_plan(process) -> list[PlanLine]:
    """What bloqueo makes unreadable (rows per table) and withdraws (files). Read-only."""
    return _lock_lines(process, apply=False)


def lock(process) -> list[PlanLine]:
    """Bloqueo's own effects, beyond the stage the runner sets: the identity files of the process's open-data
    releases leave the public folders (OPEN_DATA_ROOT and the snapshot) for private storage, and the public page
    cache starts over. Returns what it made unreadable and withdrew (what `lock_plan` said)."""
    return _lock_lines(process, apply=True)


# --- cancelación ----------------------------------------------------------------------------------------------------


def _cancel_lines(process, apply: bool) -> list[PlanLine]:
    candidacies = _candidacies(process)
    answers = IdentityAnswer.objects.filter(candidacy__process=process)
    answer_options = IdentityAnswer.options.through.objects.filter(identityanswer__candidacy__process=process)
    history, history_options = _identity_history(process), _identity_history_options(process)
    records = ConsentRecord._base_manager.filter(candidacy__process=process)  # append-only: deleted only here
    formats = ConsentFormat.objects.filter(candidacy__process=process)
    record_files = _stored(r.evidence for r in records.exclude(evidence="").exclude(evidence__isnull=True))
    format_files = _stored(f.evidence for f in formats)
    emails = candidacies.exclude(private_email="")
    history_emails = Candidacy.history.filter(process=process).exclude(private_email="")
    account_emails = accounts_of(process).exclude(email="")
    events = _login_events(process)
    usernames = _usernames(process)
    axes_rows = [m.objects.filter(username__in=usernames) for m in (AccessLog, AccessFailureLog, AccessAttempt)]
    exports = InstituteExport.objects.filter(process=process)
    export_files = _stored(e.file for e in exports.exclude(file=""))
    imports = _private_imports(process)
    import_files = _stored(j.file for j in imports)
    import_errors = ImportRowError.objects.filter(job__in=imports)
    release_files = _release_identity_paths(process) + _withheld_paths(process)
    snapshot_files = _snapshot_profile_paths(process)

    lines = [
        PlanLine("Respuestas del cuestionario de identidad", IdentityAnswer._meta.db_table, answers.count()),
        PlanLine(
            "Opciones elegidas en esas respuestas",
            IdentityAnswer.options.through._meta.db_table,
            answer_options.count(),
        ),
        PlanLine("Historial de las respuestas de identidad", history.model._meta.db_table, history.count()),
        PlanLine(
            "Opciones en el historial de las respuestas",
            history_options.model._meta.db_table,
            history_options.count(),
        ),
        PlanLine(
            "Registros de consentimiento y su evidencia",
            ConsentRecord._meta.db_table,
            records.count(),
            len(record_files),
        ),
        PlanLine(
            "Formatos de consentimiento firmados", ConsentFormat._meta.db_table, formats.count(), len(format_files)
        ),
        PlanLine("Correos privados de las candidaturas (se vacían)", Candidacy._meta.db_table, emails.count()),
        PlanLine(
            "Correos privados en el historial de las candidaturas (se vacían)",
            history_emails.model._meta.db_table,
            history_emails.count(),
        ),
        PlanLine(
            "Correos de las cuentas de actores políticos y candidaturas (se vacían)",
            User._meta.db_table,
            account_emails.count(),
        ),
        PlanLine("Registro de accesos de esas cuentas", LoginEvent._meta.db_table, events.count()),
        *(
            PlanLine(
                f"Registro de django-axes de esas cuentas ({qs.model.__name__})", qs.model._meta.db_table, qs.count()
            )
            for qs in axes_rows
        ),
        PlanLine(
            "Exportaciones institucionales del proceso",
            InstituteExport._meta.db_table,
            exports.count(),
            len(export_files),
        ),
        PlanLine(
            "Archivos importados con correos o respuestas de identidad (se conserva el registro de la importación)",
            ImportJob._meta.db_table,
            imports.count(),
            len(import_files),
        ),
        PlanLine("Errores de esas importaciones", ImportRowError._meta.db_table, import_errors.count()),
        PlanLine("Archivos de identidad de las versiones de datos abiertos", FILES, files=len(release_files)),
        PlanLine("Fichas del proceso en el sitio público como archivos", FILES, files=len(snapshot_files)),
    ]
    if not apply:
        return lines

    ids = list(candidacies.values_list("pk", flat=True))
    with transaction.atomic():
        answer_options.delete()
        # A raw delete: the ORM's would send post_delete, and django-simple-history would write a «deleted» history
        # record of each answer, copying what is being deleted. Nothing else refers to an answer.
        answers._raw_delete(answers.db)
        history_options.delete()
        history.delete()
        records.delete()
        formats.delete()
        emails.update(private_email="")
        history_emails.update(private_email="")
        account_emails.update(email="")
        events.delete()
        for qs in axes_rows:
            qs.delete()
        exports.delete()
        import_errors.delete()
        ImportJob.objects.filter(pk__in=[j.pk for j in imports]).update(file="")
        # The public site drops whatever it kept of these candidacies (search index, page cache, snapshot).
        candidacies_changed(ids, reason=Reason.CONSENT)
        files = [*record_files, *format_files, *export_files, *import_files]
        paths = [*release_files, *snapshot_files]
        # Files go once the rows are gone for good: a rolled-back transaction keeps both.
        transaction.on_commit(lambda: _delete_files(files, paths, process))
    return lines


def _delete_files(files, paths, process) -> None:
    for f in files:
        f.storage.delete(f.name)
    for path in paths:
        path.unlink(missing_ok=True)
    for release in OpenDataRelease.objects.filter(process=process):
        shutil.rmtree(withheld_dir(release), ignore_errors=True)
    builds = _snapshot_builds()
    for pk in _candidacies(process).values_list("pk", flat=True).iterator():
        relative = file_for(reverse("public:profile", args=[pk])).parent
        for build in builds:
            shutil.rmtree(build / relative, ignore_errors=True)


def cancellation_plan(process) -> list[PlanLine]:
    """What cancelación deletes for good (rows per table, files). Read-only."""
    return _cancel_lines(process, apply=False)


def cancel(process) -> list[PlanLine]:
    """Cancelación: delete the process's sensitive personal data for good (rows, history rows and files; private
    e-mails blanked), leaving the aggregated statistics and the reports already generated. Returns what it
    deleted (what `cancellation_plan` said)."""
    return _cancel_lines(process, apply=True)


# --- login log retention --------------------------------------------------------------------------------------------


def login_log_purge(today: datetime.date) -> int:
    """Delete the login-log rows (accounts.LoginEvent and django-axes' access logs) older than
    LOGIN_LOG_RETENTION_DAYS, of every account. Returns how many rows were deleted."""
    days = settings.LOGIN_LOG_RETENTION_DAYS
    start = datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min)
    cutoff = timezone.make_aware(start) if settings.USE_TZ else start
    deleted, _ = LoginEvent.objects.filter(at__lt=cutoff).delete()
    for model in (AccessLog, AccessFailureLog):
        count, _ = model.objects.filter(attempt_time__lt=cutoff).delete()
        deleted += count
    return deleted
