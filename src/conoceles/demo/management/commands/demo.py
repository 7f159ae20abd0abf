"""Load the demo election (Quintana Roo 2027) through the import service, as an institute would."""

import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.urls import reverse

from conoceles.accounts.models import Role, User
from conoceles.accounts.services import create_account, generate_accounts
from conoceles.candidacies.models import Candidacy, Sex
from conoceles.core.bulk import analyze
from conoceles.demo.catalog_data import DEMO_PROCESS
from conoceles.demo.content.fill import fill_demo_content
from conoceles.demo.deliverables import seed_demo_deliverables
from conoceles.demo.emblems import attach_emblems
from conoceles.demo.evaluation import seed_demo_evaluation
from conoceles.demo.generator import batches
from conoceles.demo.questionnaires import seed_demo_questionnaires
from conoceles.demo.reports import seed_demo_reports
from conoceles.demo.review import seed_demo_review
from conoceles.demo.screening import seed_demo_terms
from conoceles.demo.sizes import DEFAULT_SEED, DemoSize
from conoceles.elections.models import ElectoralProcess
from conoceles.elections.services import create_process
from conoceles.imports.services import import_rows
from conoceles.questionnaires.completeness import completeness_for
from conoceles.review.states import State
from conoceles.screening.engine import scan_process

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "conoceles-demo-2027"  # noqa: S105 (demo accounts, printed on purpose)
DEMO_PARTY = "MORENA"
EMPTY_CANDIDATE, COMPLETE_CANDIDATE = "candidata", "candidata-completa"
DEMO_USERNAMES = ["admin", "revisora", "analista", "partido", EMPTY_CANDIDATE, COMPLETE_CANDIDATE]
ACCOUNT_NOTES = {
    EMPTY_CANDIDATE: "cuestionarios vacíos: para capturar desde cero",
    COMPLETE_CANDIDATE: "cuestionarios completos, aún sin validar por su partido",
}
ERRORS_SHOWN = 10
SCREEN_LIMIT = 20_000  # candidacies up to which the demo runs the assistants' full scan


class Command(BaseCommand):
    help = (
        "Carga la elección de demostración: el Proceso Electoral Local Ordinario 2027 de Quintana Roo "
        "(11 municipios, 15 distritos, unas 2,200 candidaturas y 5 sustituciones), importada con el mismo "
        "servicio que los archivos del instituto, y crea la cuenta «admin» si no existe. Luego la llena como a una "
        "semana de campañas: cuestionarios curriculares (unas 85 % de las candidaturas, una décima incompletos), "
        "de identidad con consentimiento (unas 60 %), validaciones del actor (unas 75 % de las completas) y la "
        "publicación de cada cargo abierta desde el inicio de campañas o desde hace una semana, lo que sea antes, "
        "hasta la jornada electoral: el sitio público muestra candidaturas cualquier día antes de la elección."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--candidacies",
            type=int,
            default=None,
            metavar="N",
            help="Número exacto de candidaturas del primer archivo (p. ej. 200000). Por arriba del tamaño "
            "natural se agregan municipios y distritos sintéticos; por abajo se toma una muestra.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="No hacer nada si ya existe algún proceso electoral (solo mostrar los datos de acceso).",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Semilla del generador.")
        parser.add_argument(
            "--no-content",
            action="store_true",
            help="Solo importar: sin cuestionarios, consentimientos, validaciones ni ventana de publicación abierta.",
        )

    def handle(self, *args, candidacies=None, if_empty=False, seed=DEFAULT_SEED, no_content=False, **options):
        started = time.monotonic()
        if if_empty and ElectoralProcess.objects.exists():
            self.stdout.write("Ya hay procesos electorales en la base de datos: no se cargó la demostración.")
            demo = ElectoralProcess.objects.filter(name=DEMO_PROCESS["name"]).first()
            if demo is not None:  # a demo loaded before both candidate accounts existed gets them now
                self.ensure_candidate_accounts(demo)
            self.print_access()
            return
        if ElectoralProcess.objects.filter(name=DEMO_PROCESS["name"]).exists():
            raise CommandError(
                f"Ya existe el proceso «{DEMO_PROCESS['name']}». Use --if-empty o parta de una base de datos vacía."
            )
        try:
            size = DemoSize.for_candidacies(candidacies, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        with transaction.atomic():
            admin = self.ensure_admin()
            process = create_process(**DEMO_PROCESS)
            self.stdout.write(f"Proceso: {process.name} (jornada electoral {process.election_day:%d/%m/%Y}).")
            for batch in batches(size):
                batch_started = time.monotonic()
                result = import_rows(process, batch.kind, batch.header, batch.rows, user=admin)
                if not result.ok:
                    raise CommandError(self.describe_errors(batch.label, result))
                extra = ""
                if batch.kind == "actors":
                    made = attach_emblems(process.actors.all(), user=admin)
                    extra = f", {made} emblemas generados"
                seconds = time.monotonic() - batch_started
                self.stdout.write(f"{self.summary(process, batch, result)}{extra} ({seconds:.1f} s)")
            self.stdout.write(seed_demo_questionnaires(process, by=admin))
            self.stdout.write(seed_demo_deliverables(process))

        self.ensure_role_accounts(process)
        if not no_content:
            with transaction.atomic():  # after the role accounts: the demo party validates its own candidacies
                self.stdout.write(fill_demo_content(process, seed=seed, by=admin).summary())
        self.ensure_candidate_accounts(process)  # after the content: one empty questionnaire, one complete
        if not no_content:
            self.stdout.write(self.screen(process))
            reviewer = User.objects.filter(username="revisora").first()
            if reviewer is not None:
                # The avisos of the demo's observations stay in the app: the demo sends no e-mail.
                dummy_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
                with dummy_mail, transaction.atomic():
                    self.stdout.write(seed_demo_review(process, reviewer=reviewer, admin=admin))
                with transaction.atomic():
                    self.stdout.write(seed_demo_evaluation(process, reviewer=reviewer, seed=seed))
            if (size.candidacies or 0) <= SCREEN_LIMIT:  # None: the natural demo; larger ones are for benchmarks
                self.stdout.write(seed_demo_reports(process, by=admin, seed=seed))  # last: they report all the above
        if connection.vendor == "postgresql":  # SQLite's tables were analyzed as they were filled
            analyze(*apps.get_models())  # after the transactions: a VACUUM too (conoceles.core.bulk.analyze)
        self.stdout.write(self.style.SUCCESS(f"Demostración cargada en {time.monotonic() - started:.1f} s."))
        self.print_access()

    @staticmethod
    def screen(process) -> str:
        """The demo's watched terms and, up to SCREEN_LIMIT candidacies, the assistants' full scan (larger demos are
        for benchmarks, which time `manage.py screen` on their own)."""
        terms = seed_demo_terms(process)
        count = Candidacy.objects.filter(process=process).count()
        if count > SCREEN_LIMIT:
            return f"Asistentes de revisión: {terms} términos vigilados; revise con «manage.py screen» (no se revisó)."
        result = scan_process(process)
        return (
            f"Asistentes de revisión: {terms} términos vigilados, {sum(result.findings.values()):,} señalamientos "
            f"({result.seconds:.1f} s)"
        )

    def ensure_admin(self):
        admin = User.objects.filter(username=ADMIN_USERNAME).first()
        if admin is None:
            admin = create_account(
                ADMIN_USERNAME,
                Role.ADMIN,
                password=ADMIN_PASSWORD,
                email="admin@example.org",
                first_name="Coordinación",
                last_name="Instancia Interna",
                must_change_password=False,
            )
            self.stdout.write(f"Cuenta de administración «{ADMIN_USERNAME}» creada.")
        return admin

    def ensure_role_accounts(self, process):
        """One demo account for each institute role and the demo party, and the undelivered account of every other
        political actor (the candidates' accounts come after the content: ensure_candidate_accounts)."""
        party = process.actors.filter(acronym=DEMO_PARTY).first()
        wanted = [
            ("revisora", Role.REVIEWER, {"first_name": "Revisora", "last_name": "Demostración"}),
            ("analista", Role.ANALYST, {"first_name": "Analista", "last_name": "Demostración"}),
        ]
        if party is not None:
            wanted.append(("partido", Role.PARTY, {"actor": party, "first_name": f"Enlace {DEMO_PARTY}"}))
        for username, role, extra in wanted:
            if not User.objects.filter(username=username).exists():
                create_account(username, role, password=ADMIN_PASSWORD, must_change_password=False, **extra)
        # Every other actor gets its account as an institute would generate it (no password until delivered): the
        # signed consent formats of the demo are uploaded by each candidacy's own actor.
        generate_accounts(process, per_candidacy=False)

    def ensure_candidate_accounts(self, process):
        """The two demo candidates, propietarias of the demo party still in capture: «candidata», with both
        questionnaires empty (to capture from scratch), and «candidata-completa», with both complete (to check and
        change before her party validates). An account that exists is left as it is."""
        party = process.actors.filter(acronym=DEMO_PARTY).first()
        if party is None:
            return
        in_capture = (
            Candidacy.objects.active()
            .filter(process=process, actor=party, position="owner", sex=Sex.WOMAN, accounts__isnull=True)
            .filter(Q(workflow__isnull=True) | Q(workflow__state=State.DRAFT))
            .order_by("contest__cargo__order", "contest__name", "formula_number", "pk")
        )
        if not User.objects.filter(username=EMPTY_CANDIDATE).exists():
            empty = in_capture.filter(curricular__isnull=True, identity_answers__isnull=True).first()
            self._candidate_account(EMPTY_CANDIDATE, empty)
        if not User.objects.filter(username=COMPLETE_CANDIDATE).exists():
            filled = list(in_capture.filter(curricular__isnull=False, identity_answers__isnull=False).distinct()[:500])
            complete = completeness_for(filled)
            done = (c for c in filled if complete[c.pk].curricular.complete and complete[c.pk].identity.complete)
            self._candidate_account(COMPLETE_CANDIDATE, next(done, None))

    def _candidate_account(self, username, candidacy):
        if candidacy is None:
            self.stdout.write(f"No hay una candidatura adecuada para la cuenta «{username}»: no se creó.")
            return
        create_account(
            username,
            Role.CANDIDATE,
            password=ADMIN_PASSWORD,
            must_change_password=False,
            candidacy=candidacy,
            first_name=candidacy.first_name,
            last_name=candidacy.last_name,
        )

    @staticmethod
    def summary(process, batch, result) -> str:
        if batch.kind == "geography":
            return (
                f"Geografía: {result.rows:,} secciones, {process.districts.count():,} distritos y "
                f"{process.municipalities.count():,} municipios"
            )
        if batch.label == "Sustituciones":
            return f"Sustituciones: {result.created:,} candidaturas nuevas, {result.substituted:,} sustituidas"
        feminine = batch.kind in ("contests", "candidacies")
        return f"{batch.label}: {result.created:,} {'creadas' if feminine else 'creados'}"

    @staticmethod
    def describe_errors(label: str, result) -> str:
        lines = [
            f"La importación de {label.lower()} tiene {result.error_count:,} errores; "
            "no se guardó nada de la demostración. Primeros errores:"
        ]
        for error in result.errors[:ERRORS_SHOWN]:
            where = f"fila {error.row}" + (f", columna {error.column}" if error.column else "")
            lines.append(f"  {where}: {error.message} [{error.code}]")
        return "\n".join(lines)

    def print_access(self):
        """Where the demo is (SITE_URL: `make run` sets it from HOST and PORT) and its accounts."""
        site = settings.SITE_URL
        lines = [
            f"Sitio público:     {site}/",
            f"Entrar:            {site}/cuenta/entrar/",
            f"Panel (admin):     {site}{reverse('gestion:dashboard')}",
            f"Contraseña de todas las cuentas de demostración: «{ADMIN_PASSWORD}»",
        ]
        accounts = User.objects.filter(username__in=DEMO_USERNAMES).select_related("actor", "candidacy")
        for user in sorted(accounts, key=lambda u: DEMO_USERNAMES.index(u.username)):
            scope = user.actor or user.candidacy or ""
            lines.append(f"  {user.username:<19} {user.get_role_display()}{f' ({scope})' if scope else ''}")
            if user.username in ACCOUNT_NOTES:
                lines.append(f"  {'':<19} {ACCOUNT_NOTES[user.username]}")
        self.stdout.write("\n".join(lines))
