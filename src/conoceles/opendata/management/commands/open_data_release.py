"""Build a dated open-data release: `manage.py open_data_release [--process ID] [--output DIR] [--daily]`.

Cron runs `--daily` once a day (docs/despliegue.md): it builds a release only when the process has published data
and none was built today. Without `--daily` a release is built on demand. Prints the release's path."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess
from conoceles.opendata.models import OpenDataRelease
from conoceles.opendata.releases import build_release, has_published_data, release_dir


def process_option(options) -> ElectoralProcess:
    if options["process"] is None:
        process = ElectoralProcess.objects.current()
        if process is None:
            raise CommandError("No hay un proceso electoral vigente; indique --process ID.")
        return process
    try:
        return ElectoralProcess.objects.get(pk=options["process"])
    except ElectoralProcess.DoesNotExist:
        raise CommandError(f"No existe el proceso electoral {options['process']}.") from None


class Command(BaseCommand):
    help = "Genera una versión fechada de los datos abiertos (libro del INE, CSV, JSON, diccionario, cambios, SHA-256)."

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, help="Identificador del proceso (por omisión, el vigente).")
        parser.add_argument(
            "--output", type=Path, help="Escribir una copia independiente en este directorio (no se publica)."
        )
        parser.add_argument(
            "--daily",
            action="store_true",
            help="Tarea diaria: solo si hay datos publicados y aún no hay versión de hoy.",
        )

    def handle(self, *args, **options):
        process = process_option(options)
        if options["daily"]:
            today = timezone.localdate()
            if not has_published_data(process, today):
                self.stdout.write(f"{process}: no hay candidaturas publicadas hoy; no se genera versión.")
                return
            if OpenDataRelease.objects.filter(process=process, data_date=today).exists():
                self.stdout.write(f"{process}: ya hay una versión de hoy.")
                return
        result = build_release(process, output=options["output"])
        if isinstance(result, Path):
            self.stdout.write(str(result))
            return
        self.stdout.write(str(release_dir(result) / result.zip_name))
