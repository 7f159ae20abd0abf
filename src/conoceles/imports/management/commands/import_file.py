import time

from django.core.management.base import BaseCommand, CommandError

from conoceles.elections.models import ElectoralProcess
from conoceles.imports.models import ImportJob
from conoceles.imports.services import import_file


class Command(BaseCommand):
    help = "Importa un archivo CSV o XLSX de catálogos o candidaturas (todo o nada). Formatos en docs/importacion.md."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportJob.Kind.values, help="Qué contiene el archivo.")
        parser.add_argument("path", help="Ruta del archivo .csv o .xlsx.")
        parser.add_argument("--process", help="Nombre del proceso electoral (por omisión, el vigente).")
        parser.add_argument("--dry-run", action="store_true", help="Solo validar; no guarda nada.")
        parser.add_argument("--max-errors", type=int, default=200, help="Cuántos errores imprimir (200).")

    def handle(self, *args, kind, path, process=None, dry_run=False, **options):
        if process:
            target = ElectoralProcess.objects.filter(name=process).first()
            if target is None:
                raise CommandError(f"No existe el proceso electoral «{process}».")
        else:
            target = ElectoralProcess.objects.current()
            if target is None:
                raise CommandError("No hay un proceso electoral vigente; cree uno o indique --process.")
        started = time.perf_counter()
        result = import_file(target, kind, path, dry_run=dry_run)
        elapsed = time.perf_counter() - started
        shown = result.errors[: options["max_errors"]]
        for error in shown:
            self.stderr.write(str(error) if error.row else error.message)
        if result.error_count > len(shown):
            self.stderr.write(f"… y {result.error_count - len(shown)} errores más.")
        counts = ", ".join(f"{k}={v}" for k, v in sorted(result.counts.items())) or "sin cambios"
        if not result.ok:
            raise CommandError(
                f"{result.error_count} errores en {result.rows} filas; no se guardó nada ({elapsed:.1f} s)."
            )
        verb = "Validadas" if dry_run else "Importadas"
        self.stdout.write(self.style.SUCCESS(f"{verb} {result.rows} filas en {elapsed:.1f} s: {counts}."))
