"""manage.py report {avance,omisos,final,mensual} [--process ID] [--fecha AAAA-MM-DD] [--pdf ARCHIVO] [--xlsx ARCHIVO]

Generates a report here and now (no task worker needed), keeps it with the others (listed in Informes, «generado
con manage.py report») and copies its files where asked."""

import datetime
import shutil

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess
from conoceles.reports.models import GeneratedReport, ReportKind
from conoceles.reports.services import generate, request_report


class Command(BaseCommand):
    help = "Genera un informe (avance cuantitativo, omisos, informe final o mensual) en PDF y XLSX."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--process", type=int, help="Identificador del proceso (por omisión, el vigente).")
        parser.add_argument(
            "--fecha",
            type=datetime.date.fromisoformat,
            help="Informe mensual: un día del mes a informar (por omisión, el mes anterior). Los demás informes "
            "cuentan los datos tal como están hoy: la fecha, si se da, debe ser la de hoy.",
        )
        parser.add_argument(
            "--version-final",
            dest="final_version",
            choices=["completa", "publica"],
            default="completa",
            help="Informe final: versión completa (uso interno) o pública.",
        )
        parser.add_argument("--pdf", help="Copiar el PDF a este archivo.")
        parser.add_argument("--xlsx", help="Copiar el XLSX a este archivo.")

    def handle(self, *args, kind, process, fecha, final_version, pdf, xlsx, **options):
        process = self._process(process)
        today = timezone.localdate()
        params = {"version": final_version}
        if kind == ReportKind.MENSUAL:
            day = fecha or (today.replace(day=1) - datetime.timedelta(days=1))
            params = {"month": f"{day:%Y-%m}"}
        elif fecha and fecha != today:
            raise CommandError(
                "Este informe cuenta los datos tal como están al generarse: la fecha de corte es hoy. Los cortes "
                "anteriores son los informes ya generados; para uno futuro, prográmelo en Informes."
            )
        try:
            report = request_report(process, kind, params=params, background=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self._bar = -1
        report = generate(report, on_progress=self._progress)
        self.stdout.write("")
        if report.status != GeneratedReport.Status.DONE:
            raise CommandError(report.error)
        for source, target in ((report.pdf, pdf), (report.xlsx, xlsx)):
            if target:
                with source.open("rb") as data, open(target, "wb") as out:
                    shutil.copyfileobj(data, out)
        self.stdout.write(self.style.SUCCESS(f"{report.title}: informe {report.pk} generado."))
        self.stdout.write(f"PDF  {pdf or report.pdf.name}  sha256 {report.pdf_sha256}")
        self.stdout.write(f"XLSX {xlsx or report.xlsx.name}  sha256 {report.xlsx_sha256}")

    def _progress(self, percent: int, stage: str) -> None:
        filled = percent // 4
        self.stdout.write(f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d} % {stage[:40]:<40}", ending="")
        self.stdout.flush()

    @staticmethod
    def _process(pk):
        process = ElectoralProcess.objects.filter(pk=pk).first() if pk else ElectoralProcess.objects.current()
        if process is None:
            raise CommandError("No existe ese proceso electoral." if pk else "No hay un proceso electoral vigente.")
        return process
