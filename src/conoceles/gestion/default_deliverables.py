"""The deliverables every process starts with: the Plan Integral's activities 11.1–11.16 and those of the
Lineamientos without a number («S/ID»), as an OPL's work plan lists them (IMPEPAC 2023-2024). The institute edits
the rows afterwards (dates, areas, «no aplica»); `services.ensure_default_deliverables` adds the missing ones.

A due date written as (month, day, years) is that calendar day in the election's year plus `years` (−1: the year
before); one written as (process date, days) follows that date of the process. The Plan Integral sets calendar
dates; only the omisos, due when campaigns end (three days before election day), follow the process."""

import datetime
from dataclasses import dataclass

from .models import Deliverable

Kind = Deliverable.ReportKind
EXECUTIVE = "Secretaría Ejecutiva"
MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


@dataclass(frozen=True)
class DefaultDeliverable:
    key: str
    code: str
    title: str
    rule: str
    on: tuple[int, int, int] | None = None  # (month, day, years from the election's year)
    after: tuple[str, int] | None = None  # (process date, days)
    area: str = EXECUTIVE
    report_kind: str = ""

    def row(self, process) -> Deliverable:
        """The unsaved row of this item for `process`."""
        due_date, anchor, offset = None, "", 0
        if self.on:
            month, day, years = self.on
            due_date = datetime.date(process.election_day.year + years, month, day)
        else:
            anchor, offset = self.after
        return Deliverable(
            process=process, default_key=self.key, code=self.code, title=self.title, rule=self.rule, area=self.area,
            due_date=due_date, anchor=anchor, offset_days=offset, report_kind=self.report_kind,
        )


def _candidacies(code: str, what: str, on: tuple[int, int, int]) -> DefaultDeliverable:
    return DefaultDeliverable(
        code, code, f"Remisión del listado que contiene las candidaturas aprobadas de {what}",
        "Se remite al INE el día siguiente de que el Consejo General apruebe el registro, y de nuevo tras cada "
        "sustitución aprobada. Ajuste la fecha al calendario de registro del proceso local.",
        on=on,
    )


def _progress(code: str, month: str, on: tuple[int, int, int], *, to_ine: bool) -> DefaultDeliverable:
    if to_ine:
        title = (
            f"Remisión a las Unidades Responsables a través de la UTVOPL del informe del avance cuantitativo de {month}"
        )
        rule = "Se remite al INE a más tardar el día siguiente de su aprobación por el Consejo General."
    else:
        title = (
            "Presentar ante el Consejo General el informe del avance cuantitativo en la captura de la información en "
            f"el Sistema de {month}"
        )
        rule = "Se presenta al Consejo General para su aprobación, a más tardar en esta fecha."
    return DefaultDeliverable(code, code, title, rule, on=on, report_kind=Kind.PROGRESS)


def _monthly() -> list[DefaultDeliverable]:
    """11.5: one report per month, from September of the year before the election to June of its year, each sent
    to the INE within the first five days of the following month."""
    items = []
    for month, years in [(m, -1) for m in range(9, 13)] + [(m, 0) for m in range(1, 7)]:
        due_month, due_years = (1, years + 1) if month == 12 else (month + 1, years)
        items.append(
            DefaultDeliverable(
                f"11.5-{month:02d}", "11.5",  # the months differ: September to June
                f"Informe mensual sobre el avance en la implementación y operación del Sistema: {MONTHS[month - 1]}",
                "Actividades realizadas en el mes conforme al plan de trabajo. Se remite al INE dentro de los primeros "
                "cinco días naturales del mes siguiente.",
                on=(due_month, 5, due_years), report_kind=Kind.MONTHLY,
            )
        )
    return items


DEFAULTS: list[DefaultDeliverable] = [
    DefaultDeliverable(
        "11.1", "11.1",
        "Instalación de la Comisión en la que se reporten los trabajos de implementación y operación del Sistema",
        "Instalarla a más tardar el 2 de septiembre y remitir el documento al INE dentro de los cinco días naturales "
        "posteriores a la instalación.",
        on=(9, 2, -1),
    ),
    DefaultDeliverable(
        "11.2", "11.2", "Designación o ratificación de la instancia interna responsable de coordinar el Sistema",
        "Aprobar el acuerdo a más tardar el 2 de septiembre y remitirlo al INE dentro de los cinco días naturales "
        "posteriores.",
        on=(9, 2, -1),
    ),
    DefaultDeliverable(
        "11.3", "11.3",
        "Determinar si la implementación y operación del Sistema es por el OPL, o con el apoyo de un tercero",
        "Aprobar el documento a más tardar el 1 de octubre y remitirlo al INE a más tardar el 6 de octubre.",
        on=(10, 1, -1),
    ),
    DefaultDeliverable(
        "11.4", "11.4", "Plan de trabajo para la implementación del Sistema y los procesos asociados",
        "Emitir la versión final a más tardar el 1 de noviembre y remitirla al INE a más tardar el 5 de noviembre. "
        "Contiene al menos las áreas responsables de las actividades y entregables, las principales adquisiciones, "
        "la contratación y capacitación de personal y la liberación de versiones de las interfaces.",
        on=(11, 1, -1),
    ),
    *_monthly(),
    DefaultDeliverable(
        "11.6", "11.6", "Acuerdo por el que se determina el proceso técnico operativo",
        "Aprobarlo a más tardar el 1 de enero y remitirlo al INE a más tardar el 5 de enero.",
        on=(1, 1, 0),
    ),
    _candidacies("11.7", "gubernatura", (3, 24, 0)),
    _candidacies("11.8", "diputaciones de mayoría", (4, 1, 0)),
    _candidacies("11.9", "diputaciones de Representación Proporcional", (4, 1, 0)),
    _candidacies("11.10", "ayuntamientos y, en su caso, cuarto orden de gobierno", (4, 1, 0)),
    DefaultDeliverable(
        "11.11", "11.11",
        "Prototipo navegable del sitio de publicación y el formato de base de datos que se utilizará en la operación "
        "del Sistema",
        "Revisar la versión final en sesión de la Comisión a más tardar el 1 de febrero y remitirla al INE dentro de "
        "los cinco días posteriores a esa sesión.",
        on=(2, 1, 0), area=f"{EXECUTIVE} y área de informática",
    ),
    DefaultDeliverable(
        "11.12", "11.12",
        "Acuerdo por el que se determina la fecha de inicio de la publicación de la información en el Sistema",
        "Aprobarlo a más tardar el 1 de abril y remitirlo al INE a más tardar el 6 de abril.",
        on=(4, 1, 0),
    ),
    _progress("11.13", "abril", (4, 26, 0), to_ine=False),
    _progress("11.14", "abril", (4, 27, 0), to_ine=True),
    _progress("11.15", "mayo", (5, 29, 0), to_ine=False),
    _progress("11.16", "mayo", (5, 30, 0), to_ine=True),
    DefaultDeliverable(
        "aviso-privacidad", "",
        "Elaborar el aviso de privacidad integral y simplificado respecto a la información del Cuestionario Curricular "
        "y de Identidad que contiene el Sistema",
        "Lo aprueba el Comité de Transparencia a más tardar el 1 de abril; se publica en la página del instituto y en "
        "el Sistema.",
        on=(4, 1, 0), area=f"{EXECUTIVE} y Comité de Transparencia",
    ),
    DefaultDeliverable(
        "mejoras", "", "Las mejoras en el desarrollo del Sistema y adiciones a la información de los cuestionarios",
        "Se informan al INE dentro de los tres días posteriores a su emisión, del 1 de enero al 1 de abril.",
        on=(4, 1, 0), area=f"{EXECUTIVE} y área de informática",
    ),
    DefaultDeliverable(
        "omisos", "",
        "Informe de omisos: actores políticos y candidaturas que no capturaron o no validaron su información",
        "Se presenta al Consejo General al término de las campañas, tres días antes de la jornada electoral.",
        after=("election_day", -4), report_kind=Kind.DEFAULTERS,
    ),
    DefaultDeliverable(
        "otros-documentos", "",
        "Cualquier otro documento que el instituto haya emitido en relación con la implementación y operación del "
        "Sistema",
        "Se informa al INE dentro de los cinco días posteriores a su emisión, del 2 de septiembre del año anterior a "
        "la elección al 1 de octubre; la fecha es el cierre de ese periodo.",
        on=(10, 1, 0),
    ),
    DefaultDeliverable(
        "modificaciones", "", "Modificación a los documentos antes señalados",
        "Se informa al INE dentro de los cinco días siguientes a cada modificación, del 2 de septiembre del año "
        "anterior a la elección al 1 de octubre; la fecha es el cierre de ese periodo.",
        on=(10, 1, 0),
    ),
    DefaultDeliverable(
        "informe-final", "",
        "Remisión a las Unidades Responsables a través de la UTVOPL del informe final sobre la captura de información "
        "en el Sistema",
        "Lo aprueba el Consejo General a más tardar el 2 de octubre y se remite al INE a más tardar al día siguiente. "
        "Reúne los informes mensuales y el análisis estadístico del cuestionario de identidad.",
        on=(10, 2, 0), report_kind=Kind.FINAL,
    ),
]
