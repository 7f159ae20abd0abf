import time

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from conoceles.elections.models import ElectoralProcess
from conoceles.imports.base import ImportResult
from conoceles.imports.models import ImportJob
from conoceles.imports.services import import_file


def report(command: BaseCommand, result: ImportResult, *, dry_run: bool, max_errors: int, started: float) -> None:
    """Print the errors and warnings as the preview lists them; CommandError (exit code 1) if there is an error."""
    elapsed = time.perf_counter() - started
    for label, found, count in (
        ("", result.errors, result.error_count),
        ("Aviso: ", result.warnings, result.warning_count),
    ):
        shown = found[:max_errors]
        for problem in shown:
            command.stderr.write(label + (str(problem) if problem.row else problem.message))
        if count > len(shown):
            command.stderr.write(f"… y {count - len(shown):,} {'avisos' if label else 'errores'} más.")
    counts = ", ".join(f"{k}={v}" for k, v in sorted(result.counts.items())) or "sin cambios"
    if not result.ok:
        errors, rows = result.error_count, len({e.row for e in result.errors if e.row > 1})
        where = f" en {rows:,} fila{pluralize(rows)}" if rows else ""
        raise CommandError(
            f"{errors:,} error{pluralize(errors, 'es')}{where}; no se guardó nada ({elapsed:.1f} s)."
        )
    verb = "Validadas" if dry_run else "Importadas"
    rows = f"{result.rows:,} fila{pluralize(result.rows)}"
    command.stdout.write(command.style.SUCCESS(f"{verb} {rows} en {elapsed:.1f} s: {counts}."))


class Command(BaseCommand):
    help = "Importa un archivo CSV o XLSX de catálogos o candidaturas (todo o nada). Formatos en docs/importacion.md."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportJob.Kind.values, help="Qué contiene el archivo.")
        parser.add_argument("path", help="Ruta del archivo .csv o .xlsx.")
        parser.add_argument(
            "--process", help="Nombre o identificador del proceso electoral de destino (por omisión, el vigente)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Solo validar; no guarda nada.")
        parser.add_argument("--max-errors", type=int, default=200, help="Cuántos errores imprimir (200).")

    def handle(self, *args, kind, path, process=None, dry_run=False, **options):
        if process:
            by_id = ElectoralProcess.objects.filter(pk=int(process)) if process.isdigit() else None
            target = (by_id.first() if by_id is not None else None) or ElectoralProcess.objects.filter(
                name=process
            ).first()
            if target is None:
                raise CommandError(f"No existe el proceso electoral «{process}».")
        else:
            target = ElectoralProcess.objects.current()
            if target is None:
                raise CommandError("No hay un proceso electoral vigente; cree uno o indique --process.")
        started = time.perf_counter()
        result = import_file(target, kind, path, dry_run=dry_run)
        report(self, result, dry_run=dry_run, max_errors=options["max_errors"], started=started)
