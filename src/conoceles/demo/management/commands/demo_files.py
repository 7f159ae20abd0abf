"""Write the demo election as import files (CSV, and XLSX for small sizes), streaming row by row."""

import csv
import datetime
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from openpyxl import Workbook

from conoceles.demo.candidacy_rows import candidacy_rows, substitution_rows
from conoceles.demo.places import actor_rows, cargo_rows, contest_rows, geography_rows
from conoceles.demo.sizes import DEFAULT_SEED, DemoSize, natural_candidacy_count

XLSX_MAX_CANDIDACIES = 5000
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INTEGER_COLUMNS = {"NUM_LISTA_O_FORMULA", "EDAD"}
DATE_COLUMNS = {"FECHA_NACIMIENTO"}


def write_csv(path: Path, header, rows) -> int:
    """UTF-8 with BOM (Excel opens it with the accents right), comma-separated; returns the data rows."""
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _excel_cell(column: str, value: str):
    """Numbers and dates as Excel stores them, as a spreadsheet exported by a registration system would."""
    if column in INTEGER_COLUMNS and value.isdigit():
        return int(value)
    if column in DATE_COLUMNS and ISO_DATE.match(value):
        return datetime.date.fromisoformat(value)
    return value


def write_xlsx(path: Path, header, rows, sheet: str = "CANDIDATURAS") -> int:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(header)
    count = 0
    for row in rows:
        worksheet.append([_excel_cell(column, value) for column, value in zip(header, row, strict=True)])
        count += 1
    workbook.save(path)
    return count


class Command(BaseCommand):
    help = (
        "Escribe la elección de demostración como archivos de importación: geografia.csv, cargos.csv, "
        "contiendas.csv, actores.csv, candidaturas.csv, candidaturas_sustituciones.csv (el segundo "
        f"archivo, con SUSTITUYE_A) y candidaturas.xlsx (solo hasta {XLSX_MAX_CANDIDACIES:,} "
        "candidaturas). Sin --candidacies se escribe la demostración completa "
        f"({natural_candidacy_count():,} candidaturas). Con un número menor se escribe una muestra "
        "reducida: dos secciones por distrito y municipio, todas las contiendas y exactamente N "
        "candidaturas repartidas entre los cargos; así se generan los ejemplos de docs/formatos/ "
        "(--candidacies 60). Con un número mayor se agregan municipios y distritos sintéticos. Los "
        "archivos se escriben fila por fila, sin cargar todo en memoria."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, metavar="DIR", help="Carpeta de salida (se crea si falta)."
        )
        parser.add_argument(
            "--candidacies",
            type=int,
            default=None,
            metavar="N",
            help="Número exacto de candidaturas del archivo candidaturas.csv.",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Semilla del generador.")

    def handle(self, *args, output, candidacies=None, seed=DEFAULT_SEED, **options):
        try:
            size = DemoSize.for_candidacies(candidacies, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        files = [
            ("geografia.csv", geography_rows(size)),
            ("cargos.csv", cargo_rows()),
            ("contiendas.csv", contest_rows(size)),
            ("actores.csv", actor_rows()),
            ("candidaturas.csv", candidacy_rows(size)),
            ("candidaturas_sustituciones.csv", substitution_rows(size)),
        ]
        for name, (header, rows) in files:
            count = write_csv(folder / name, header, rows)
            self.stdout.write(f"{folder / name}: {count:,} filas")
        total = size.candidacies if size.candidacies is not None else natural_candidacy_count()
        if total <= XLSX_MAX_CANDIDACIES:
            header, rows = candidacy_rows(size)
            count = write_xlsx(folder / "candidaturas.xlsx", header, rows)
            self.stdout.write(f"{folder / 'candidaturas.xlsx'}: {count:,} filas")
        else:
            self.stdout.write(
                f"candidaturas.xlsx no se escribe: pasa de {XLSX_MAX_CANDIDACIES:,} candidaturas."
            )
