"""A published candidacy of `world` carrying a unique marker in every kind of sensitive datum (DOMAIN.md §6), and the
copies the system makes of it (open-data release, institute export, snapshot, statistics cut, a generated report),
for the bloqueo and cancelación tests."""

from dataclasses import dataclass

from axes.models import AccessLog
from django.core.files.base import ContentFile
from django.utils import timezone

from conoceles.accounts.models import LoginEvent, Role
from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.core.storage import private_storage
from conoceles.imports.models import ImportJob, ImportRowError
from conoceles.opendata import exports
from conoceles.opendata.releases import build_release
from conoceles.public.statistics.cuts import identity_release
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import ConsentFormat, ConsentItem, ConsentRecord
from conoceles.reports.models import ReportKind
from conoceles.reports.services import generate, request_report
from conoceles.snapshot.builder import build as build_snapshot
from tests.factories import make_user
from tests.public.profile_data import answer, answer_detail, consent, notice, staff_user
from tests.public.test_privacy import published_formula
from tests.uploads import minimal_pdf

# Unique words no page of the site contains by itself.
MARKS = {
    "detail": "zqdetalleidentidadmarcado",
    "private_email": "zqcorreoprivado@example.com",
    "account_email": "zqcorreocuenta@example.com",
    "evidence_name": "zqevidencianombre",
    "evidence_content": "zqevidenciacontenido",
    "user_agent": "zqnavegadormarcado/1.0",
}


@dataclass
class Scene:
    world: object
    candidacy: object
    partner: object
    account: object
    party: object
    consent_format: ConsentFormat
    record: ConsentRecord
    evidence_files: list[str]


def evidence_file(suffix: str) -> str:
    """A PDF in private storage whose name and content carry the evidence markers."""
    content = minimal_pdf() + f"\n% {MARKS['evidence_content']}\n".encode()
    return private_storage().save(f"consent/{MARKS['evidence_name']}-{suffix}.pdf", ContentFile(content))


def plant(world) -> Scene:
    candidacy, partner = published_formula(world, private_email=MARKS["private_email"])
    notice(world.process)
    answer(candidacy, Group.LGBT, YES)
    answer_detail(candidacy, 3, MARKS["detail"])  # «Otro: especifique» of the pueblo question
    consent(candidacy, True, item=ConsentItem.STATISTICS)
    format_name, record_name = evidence_file("formato"), evidence_file("registro")
    consent_format = ConsentFormat.objects.create(
        candidacy=candidacy,
        evidence=format_name,
        uploaded_by=staff_user(),
        status=ConsentFormat.Status.ACCEPTED,
        decided_by=staff_user(),
        decided_at=timezone.now(),
    )
    ConsentRecord.objects.create(
        candidacy=candidacy,
        item=ConsentItem.PROCESSING,
        given=True,
        notice=notice(world.process),
        recorded_by=staff_user(),
        method=ConsentRecord.Method.SIGNED_FORMAT,
        source_format=consent_format,
    )
    record = ConsentRecord.objects.create(
        candidacy=candidacy,
        item=ConsentItem.PUBLICATION,
        given=True,
        notice=notice(world.process),
        recorded_by=staff_user(),
        method=ConsentRecord.Method.DIRECT,
        evidence=record_name,
    )
    account = make_user("candidata-marcada", Role.CANDIDATE, candidacy=candidacy, email=MARKS["account_email"])
    party = make_user("enlace-marcado", Role.PARTY, actor=candidacy.actor)
    LoginEvent.objects.create(
        user=account,
        username=account.username,
        kind=LoginEvent.Kind.LOGIN,
        ip_address="10.0.0.7",
        user_agent=MARKS["user_agent"],
    )
    AccessLog.objects.create(
        username=account.username,
        user_agent=MARKS["user_agent"],
        ip_address="10.0.0.7",
        http_accept="*/*",
        path_info="/cuenta/ingresar/",
    )
    return Scene(world, candidacy, partner, account, party, consent_format, record, [format_name, record_name])


def copies(scene: Scene, admin) -> dict:
    """What the system copies from the data while the process is active: an open-data release, a finished
    institute export, the public identity statistics' cut and a generated report."""
    process = scene.world.process
    release = build_release(process, by=admin)
    export = exports.build_export(exports.request_export(process, exports.ZIP, by=admin))
    statistics = identity_release(process)
    report = request_report(process, ReportKind.AVANCE, by=admin, background=False)
    report = generate(report)
    content = f"ID_REGISTRO,CARGO,CORREO\n{scene.candidacy.registration_id},DIP_MR,{MARKS['private_email']}\n"
    job = ImportJob.objects.create(
        process=process,
        kind=ImportJob.Kind.CANDIDACIES,
        file=private_storage().save("imports/candidaturas.csv", ContentFile(content.encode())),
        original_name="candidaturas.csv",
        status=ImportJob.Status.APPLIED,
        created_by=admin,
    )
    ImportRowError.objects.create(job=job, row=2, column="CORREO", code="x", message=MARKS["private_email"])
    build_snapshot(workers=1)
    return {"release": release, "export": export, "statistics": statistics, "report": report, "import": job}
