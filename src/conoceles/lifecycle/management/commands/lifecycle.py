"""The daily task of the data's lifecycle (docs/despliegue.md): takes every step whose date has come, tells the
administration of the steps ahead, and applies the login log's retention."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess
from conoceles.lifecycle import services
from conoceles.lifecycle.plan import PlanLine
from conoceles.lifecycle.steps import SENSITIVE_MODULE, dry_run, next_step, sensitive


class Command(BaseCommand):
    help = (
        "Ejecuta los pasos del ciclo de vida cuya fecha llegó (fin de la publicación, archivo, bloqueo, cancelación), "
        "avisa a la Administración de los próximos y aplica la conservación del registro de accesos."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Solo muestra el siguiente paso de cada proceso y lo que tocaría; no cambia nada ni envía avisos.",
        )
        parser.add_argument("--process", type=int, help="Solo el proceso con este id.")

    def handle(self, *args, dry_run=False, process=None, **options):
        today = timezone.localdate()
        processes = ElectoralProcess.objects.all()
        if process is not None:
            processes = processes.filter(pk=process)
            if not processes.exists():
                raise CommandError(f"No existe el proceso {process}.")
        if dry_run:
            self._dry_run(processes, today)
            return
        taken, failed = [], []
        for one in processes.order_by("pk"):
            # One process's failure (its step rolled back whole) does not keep the others from their steps.
            try:
                taken += services.run_due_steps(today, processes.filter(pk=one.pk))
            except Exception as error:  # noqa: BLE001 (reported, and the command fails at the end)
                text = " ".join(error.messages) if isinstance(error, ValidationError) else repr(error)
                failed.append(f"{one}: {text}")
                self.stderr.write(f"{one}: el paso no se ejecutó ({text}).")
        for item in taken:
            self.stdout.write(f"{item.process}: «{item.action.get_step_display()}» ejecutado.")
            self.stdout.write(services.describe([PlanLine(**line) for line in item.action.lines]))
        if not taken and not failed:
            self.stdout.write("Ningún paso del ciclo de vida corresponde hoy.")
        notices = services.send_notices(today, processes)
        self.stdout.write(f"Avisos enviados a la Administración: {len(notices)}.")
        self._login_log(today)
        if failed:
            raise CommandError("No se ejecutaron todos los pasos: " + "; ".join(failed))

    def _dry_run(self, processes, today):
        self.stdout.write("Ensayo: no se cambia nada.")
        for process in processes.order_by("pk"):
            step = next_step(process)
            if step is None:
                self.stdout.write(f"{process}: ya pasó por todos los pasos.")
                continue
            due = step.due(process)
            when = f"se ejecuta el {due:%d/%m/%Y}" if due else "sin fecha"
            now = " (corresponde hoy)" if due and due <= today else ""
            self.stdout.write(f"{process}: siguiente paso «{step.label}», {when}{now}.")
            self.stdout.write(services.describe(dry_run(step, process)))

    def _login_log(self, today):
        try:
            module = sensitive()
        except ModuleNotFoundError as missing:
            if missing.name != SENSITIVE_MODULE:
                raise
            self.stdout.write("La conservación del registro de accesos no está instalada: no se depuró.")
            return
        removed = module.login_log_purge(today)
        self.stdout.write(f"Registro de accesos: {removed} entradas vencidas suprimidas.")
