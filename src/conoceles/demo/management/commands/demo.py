"""Load the demo election (Quintana Roo 2027) through the import service, as an institute would."""

import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account, generate_accounts
from conoceles.candidacies.models import Candidacy
from conoceles.core.bulk import analyze
from conoceles.demo.catalog_data import DEMO_PROCESS
from conoceles.demo.content.fill import fill_demo_content
from conoceles.demo.emblems import attach_emblems
from conoceles.demo.generator import batches
from conoceles.demo.questionnaires import seed_demo_questionnaires
from conoceles.demo.review import seed_demo_review
from conoceles.demo.screening import seed_demo_terms
from conoceles.demo.sizes import DEFAULT_SEED, DemoSize
from conoceles.elections.models import ElectoralProcess
from conoceles.elections.services import create_process
from conoceles.imports.services import import_rows
from conoceles.screening.engine import scan_process

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "conoceles-demo-2027"  # noqa: S105 (demo accounts, printed on purpose)
DEMO_PARTY = "MORENA"
DEMO_USERNAMES = ["admin", "revisora", "analista", "partido", "candidata"]
SITE_URL = "http://127.0.0.1:8000/"
LOGIN_URL = "http://127.0.0.1:8000/cuenta/entrar/"
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

        self.ensure_role_accounts(process)
        if not no_content:
            with transaction.atomic():  # after the role accounts: the demo party validates its own candidacies
                self.stdout.write(fill_demo_content(process, seed=seed, by=admin).summary())
            self.stdout.write(self.screen(process))
            reviewer = get_user_model().objects.filter(username="revisora").first()
            if reviewer is not None:
                # The avisos of the demo's observations stay in the app: the demo sends no e-mail.
                dummy_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
                with dummy_mail, transaction.atomic():
                    self.stdout.write(seed_demo_review(process, reviewer=reviewer, admin=admin))
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
        User = get_user_model()
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
        """One demo account for each other role (reviewer, analyst, a party and a candidate), and the undelivered
        account of every other political actor."""
        User = get_user_model()
        party = process.actors.filter(acronym=DEMO_PARTY).first()
        candidacy = (
            Candidacy.objects.active()
            .filter(process=process, actor=party, position="owner")
            .order_by("contest__cargo__order", "formula_number")
            .first()
            if party
            else None
        )
        wanted = [
            ("revisora", Role.REVIEWER, {"first_name": "Revisora", "last_name": "Demostración"}),
            ("analista", Role.ANALYST, {"first_name": "Analista", "last_name": "Demostración"}),
            ("partido", Role.PARTY, {"actor": party, "first_name": f"Enlace {DEMO_PARTY}"}),
            (
                "candidata",
                Role.CANDIDATE,
                {
                    "candidacy": candidacy,
                    "first_name": getattr(candidacy, "first_name", ""),
                    "last_name": getattr(candidacy, "last_name", ""),
                },
            ),
        ]
        for username, role, extra in wanted:
            if role == Role.PARTY and party is None or role == Role.CANDIDATE and candidacy is None:
                continue
            if not User.objects.filter(username=username).exists():
                create_account(username, role, password=ADMIN_PASSWORD, must_change_password=False, **extra)
        # Every other actor gets its account as an institute would generate it (no password until delivered): the
        # signed consent formats of the demo are uploaded by each candidacy's own actor.
        generate_accounts(process, per_candidacy=False)

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
        User = get_user_model()
        lines = [
            f"Sitio público:     {SITE_URL}",
            f"Entrar:            {LOGIN_URL}",
            f"Contraseña de todas las cuentas de demostración: «{ADMIN_PASSWORD}»",
        ]
        for user in User.objects.filter(username__in=DEMO_USERNAMES).select_related("actor", "candidacy"):
            scope = user.actor or user.candidacy or ""
            lines.append(f"  {user.username:<10} {user.get_role_display()}{f' ({scope})' if scope else ''}")
        self.stdout.write("\n".join(lines))
