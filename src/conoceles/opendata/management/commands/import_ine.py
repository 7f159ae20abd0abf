import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from conoceles.elections.models import ENTITIES
from conoceles.imports.management.commands.import_file import report
from conoceles.imports.services import import_file
from conoceles.opendata import ine
from conoceles.opendata.ine_import import IneImporter


class Command(BaseCommand):
    help = (
        "Importa el libro de datos abiertos del INE (.xls o .xlsx): candidaturas y cuestionarios, en el proceso de "
        "cada entidad del archivo; crea lo que falte. Todo o nada. Véase docs/importacion.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="ARCHIVO", help="Ruta del libro .xls o .xlsx.")
        parser.add_argument("--entidad", help="Importar solo las filas de esta entidad (nombre o número).")
        parser.add_argument(
            "--jornada",
            type=datetime.date.fromisoformat,
            help="Jornada electoral (AAAA-MM-DD): el proceso de la entidad con esa jornada, que se crea si falta. "
            "Sin ella, el proceso vigente de la entidad más reciente.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Solo validar; no guarda nada.")
        parser.add_argument("--max-errors", type=int, default=200, help="Cuántos errores imprimir (200).")

    def handle(self, *args, path, entidad=None, jornada=None, dry_run=False, max_errors=200, **options):
        entity = ine.entity_number(entidad) if entidad else None
        if entidad and entity is None:
            names = ", ".join(name for _, name in ENTITIES)
            raise CommandError(f"«{entidad}» no es una entidad federativa; use su nombre o número: {names}.")
        started = time.perf_counter()
        result = import_file(None, IneImporter.kind, path, dry_run=dry_run, entity=entity, election_day=jornada)
        report(self, result, dry_run=dry_run, max_errors=max_errors, started=started)
