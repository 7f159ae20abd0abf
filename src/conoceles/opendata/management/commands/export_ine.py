"""The institute's full export: `manage.py export_ine --process ID --output ARCHIVO.xlsx` (or .zip, every format).

Every approved candidacy of the process whatever its publication state, every rubro, identity answers only where
the candidate consents to their publication. Recorded (InstituteExport) like the staff screen's exports."""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conoceles.opendata.exports import FORMATS, build_export, request_export

from .open_data_release import process_option


class Command(BaseCommand):
    help = "Exporta todas las candidaturas aprobadas de un proceso en los formatos del INE (uso interno del instituto)."

    def add_arguments(self, parser):
        parser.add_argument("--process", type=int, help="Identificador del proceso (por omisión, el vigente).")
        parser.add_argument("--output", type=Path, required=True, help="Archivo .xlsx (libro del INE) o .zip (todo).")

    def handle(self, *args, **options):
        output: Path = options["output"]
        file_format = output.suffix.lower().lstrip(".")
        if file_format not in FORMATS:
            raise CommandError("El archivo de salida debe terminar en .xlsx o .zip.")
        export = build_export(request_export(process_option(options), file_format, by=None))
        with export.file.open("rb") as source, output.open("wb") as target:
            shutil.copyfileobj(source, target)
        self.stdout.write(f"{output}: {export.candidacies} candidaturas, SHA-256 {export.sha256}")
