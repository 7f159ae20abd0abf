"""Informe mensual de implementación (deliverable 11.5): what the system recorded in one local calendar month
(`params["month"]`, «AAAA-MM», settings.TIME_ZONE), up to the cut if the month is not over. Every figure is a GROUP BY
over an audit record:

- imports: imports.ImportJob applied in the month (by kind; rows of the file);
- accounts: accounts.AccountEvent (created, credentials issued, access link e-mailed), by the account's role;
- logins: accounts.LoginEvent (logins, failed attempts, lockouts), by the account's role;
- captures: the history of questionnaires.CurricularQuestionnaire (its first save starts it; every save of a rubro that
  changed something is one more row) and of questionnaires.IdentityAnswer, by the role of who saved;
- validation and review: review.WorkflowEvent (validations, observations, corrections, correction requests);
- substitutions: the history of candidacies.Candidacy, the first row of each candidacy with status «sustituida».

Accounts and logins count the institute's accounts and those of this process's actors and candidacies; failed logins
with a user name that matches no account are counted apart."""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format

from conoceles.accounts.models import STAFF_ROLES, AccountEvent, LoginEvent, Role
from conoceles.candidacies.models import Candidacy
from conoceles.imports.models import ImportJob
from conoceles.questionnaires.models import CurricularQuestionnaire, IdentityAnswer
from conoceles.review.models import WorkflowEvent
from conoceles.review.states import EventKind, State

from ..document import Progress, ReportDocument, ReportTable, Section
from ..error_codes import ReportErrorCode

MONTH = re.compile(r"(\d{4})-(\d{2})")
NO_ACCOUNT = "Sin cuenta"
T = EventKind.TRANSITION

# Rows of the validation and review table: what WorkflowEvent counts as each.
REVIEW_ROWS = (
    (
        "validated",
        "Candidaturas validadas por su actor político",
        Q(kind=T, rubro="", to_state=State.VALIDATED, from_state__in=[State.DRAFT, State.CORRECTION_APPROVED]),
    ),
    ("clean", "Candidaturas revisadas sin observaciones", Q(kind=EventKind.REVIEWED_CLEAN)),
    ("proposed", "Observaciones propuestas", Q(kind=EventKind.OBSERVATION_PROPOSED)),
    ("approved", "Observaciones aprobadas", Q(kind=EventKind.OBSERVATION_APPROVED)),
    ("rejected", "Observaciones rechazadas", Q(kind=EventKind.OBSERVATION_REJECTED)),
    ("corrected", "Rubros corregidos por el actor político", Q(kind=T, to_state=State.CORRECTED)),
    ("accepted", "Correcciones aceptadas", Q(kind=T, from_state=State.CORRECTED, to_state=State.VALIDATED)),
    ("refused", "Correcciones rechazadas", Q(kind=T, from_state=State.CORRECTED, to_state=State.CORRECTION_REJECTED)),
    ("requested", "Solicitudes de corrección presentadas", Q(kind=EventKind.CORRECTION_REQUESTED)),
    ("request_approved", "Solicitudes de corrección aprobadas", Q(kind=EventKind.CORRECTION_APPROVED)),
    ("request_rejected", "Solicitudes de corrección rechazadas", Q(kind=EventKind.CORRECTION_REJECTED)),
)


def month_bounds(month: str) -> tuple[datetime.datetime, datetime.datetime]:
    """Local midnight of the month's first day and of the next month's first day."""
    match = MONTH.fullmatch(str(month or ""))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationError(
            "Indique el mes con la forma AAAA-MM, por ejemplo 2027-04.", code=ReportErrorCode.BAD_MONTH
        )
    year, number = int(match[1]), int(match[2])
    following = datetime.date(year + number // 12, number % 12 + 1, 1)
    start = timezone.make_aware(datetime.datetime(year, number, 1))
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time.min))


def month_label(first: datetime.date) -> str:
    """«abril de 2027»."""
    return f"{date_format(first, 'F').lower()} de {first.year}"


class _Month:
    """The month's instants and its weeks (days 1–7, 8–14, 15–21, 22–28, 29 to the end)."""

    def __init__(self, month: str, cut_at: datetime.datetime):
        self.start, month_end = month_bounds(month)
        self.end = min(month_end, max(cut_at, self.start))  # a month not over counts up to the cut
        first = timezone.localdate(self.start)
        days = calendar.monthrange(first.year, first.month)[1]
        self.weeks = [f"Del {day} al {min(day + 6, days)}" for day in range(1, days + 1, 7)]
        self.label = month_label(first)
        zone = timezone.get_current_timezone_name()
        if self.end < month_end:
            cut = timezone.localtime(self.end)
            self.period = (
                f"Actividad registrada del 1 de {self.label} hasta el corte del {cut:%d/%m/%Y %H:%M} ({zone})."
            )
        else:
            self.period = f"Actividad registrada del 1 al {days} de {self.label}, en hora local ({zone})."

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def by_week(self, rows, keys) -> list[list[int]]:
        """Rows with a local `day` and counts under `keys`, summed by week: one list of counts per week."""
        weeks = [[0] * len(keys) for _ in self.weeks]
        for row in rows:
            week = weeks[(row["day"].day - 1) // 7]
            for i, key in enumerate(keys):
                week[i] += row[key] or 0
        return weeks


def _table(key, title, columns, rows, *, note="", total=True, chart_column=None) -> ReportTable:
    """A table of (label, *counts) rows with a total row of the column sums."""
    sums = [sum(row[i] for row in rows) for i in range(1, len(columns))]
    return ReportTable(
        key=key,
        title=title,
        columns=columns,
        rows=rows,
        total=["Total", *sums] if total and rows else None,
        note=note,
        chart_column=chart_column,
    )


def _role_label(role) -> str:
    return Role(role).label if role else NO_ACCOUNT


def _roles_table(key, title, columns, counts: dict, *, note="") -> ReportTable:
    """Rows per role (in Role's order, the ones with any count), from {role or None: [counts]}."""
    order = [*Role.values, None]
    rows = [[_role_label(role), *counts[role]] for role in order if role in counts and any(counts[role])]
    return _table(key, title, columns, rows, note=note)


def _accounts_of(process, prefix: str = "user__") -> Q:
    """The institute's accounts and those of the process's actors and candidacies."""
    return (
        Q(**{f"{prefix}role__in": list(STAFF_ROLES)})
        | Q(**{f"{prefix}actor__process": process})
        | Q(**{f"{prefix}candidacy__process": process})
    )


def _imports(process, month: _Month) -> ReportTable:
    rows = (
        ImportJob.objects.filter(Q(process=process) | Q(process__isnull=True), month.q("applied_at"))
        .filter(status=ImportJob.Status.APPLIED)
        .values("kind")
        .annotate(jobs=Count("pk"), lines=Sum("rows_total"))
        .order_by()
    )
    found = {row["kind"]: row for row in rows}
    return _table(
        "importaciones",
        "Importaciones aplicadas",
        ["Tipo de archivo", "Importaciones", "Filas"],
        [[kind.label, found[kind]["jobs"], found[kind]["lines"] or 0] for kind in ImportJob.Kind if kind in found],
        note="Archivos importados (aplicados) en el mes; las filas son las del archivo.",
    )


def _accounts(process, month: _Month) -> ReportTable:
    kinds = (AccountEvent.Kind.CREATED, AccountEvent.Kind.CREDENTIALS_ISSUED, AccountEvent.Kind.EMAILED)
    rows = (
        AccountEvent.objects.filter(_accounts_of(process), month.q("at"), kind__in=kinds)
        .values("user__role")
        .annotate(**{kind: Count("pk", filter=Q(kind=kind)) for kind in kinds})
        .order_by()
    )
    return _roles_table(
        "cuentas",
        "Cuentas generadas y entregadas",
        ["Rol", "Cuentas generadas", "Credenciales entregadas", "Enlaces de acceso enviados por correo"],
        {row["user__role"]: [row[kind] for kind in kinds] for row in rows},
        note="Acciones registradas sobre las cuentas en el mes. Una cuenta puede recibir credenciales más de una vez.",
    )


def _logins(process, month: _Month) -> tuple[ReportTable, list[dict]]:
    events = LoginEvent.objects.filter(_accounts_of(process) | Q(user__isnull=True), month.q("at"))
    kinds = {
        "logins": Count("pk", filter=Q(kind=LoginEvent.Kind.LOGIN)),
        "failed": Count("pk", filter=Q(kind=LoginEvent.Kind.FAILED)),
        "locked": Count("pk", filter=Q(kind=LoginEvent.Kind.LOCKED)),
    }
    rows = events.values("user__role").annotate(
        accounts=Count("user", distinct=True, filter=Q(kind=LoginEvent.Kind.LOGIN)), **kinds
    )
    table = _roles_table(
        "ingresos",
        "Ingresos al sistema por rol",
        ["Rol", "Cuentas que ingresaron", "Ingresos", "Intentos fallidos", "Bloqueos por intentos fallidos"],
        {row["user__role"]: [row["accounts"], *(row[k] for k in kinds)] for row in rows.order_by()},
        note=f"«{NO_ACCOUNT}»: intentos con un nombre de usuario que no corresponde a ninguna cuenta.",
    )
    by_day = list(events.values(day=TruncDate("at")).annotate(**kinds).order_by())
    return table, by_day


def _captures(process, month: _Month) -> tuple[ReportTable, list[dict], int]:
    curricular = CurricularQuestionnaire.history.filter(candidacy__process=process).filter(month.q("history_date"))
    counts = {"started": Count("pk", filter=Q(history_type="+")), "saved": Count("pk", filter=~Q(history_type="-"))}
    identity = IdentityAnswer.history.filter(candidacy__process=process).filter(month.q("history_date"))
    by_role: dict = {}
    for row in curricular.values("history_user__role").annotate(**counts).order_by():
        by_role[row["history_user__role"]] = [row["started"], row["saved"], 0]
    for row in identity.exclude(history_type="-").values("history_user__role").annotate(n=Count("pk")).order_by():
        by_role.setdefault(row["history_user__role"], [0, 0, 0])[2] = row["n"]
    table = _roles_table(
        "captura",
        "Captura de cuestionarios por rol de quien guardó",
        ["Rol", "Cuestionarios curriculares iniciados", "Rubros curriculares guardados", "Respuestas de identidad"],
        by_role,
        note=(
            "Un cuestionario curricular se inicia con su primer guardado; cada guardado que cambió algo cuenta como "
            "un rubro guardado. Las respuestas de identidad cuentan cada respuesta guardada o cambiada, nunca su "
            "contenido. "
            f"«{NO_ACCOUNT}»: cambios sin cuenta registrada."
        ),
    )
    by_day = list(curricular.values(day=TruncDate("history_date")).annotate(**counts).order_by())
    identity_started = (
        IdentityAnswer.history.filter(candidacy__process=process)
        .values("candidacy_id")
        .annotate(first=Min("history_date"))
        .filter(first__gte=month.start, first__lt=month.end)
        .count()
    )
    return table, by_day, identity_started


def _review(process, month: _Month) -> tuple[ReportTable, list[list[int]]]:
    keys = [key for key, _, _ in REVIEW_ROWS]
    rows = (
        WorkflowEvent.objects.filter(candidacy__process=process)
        .filter(month.q("at"))
        .values(day=TruncDate("at"))
        .annotate(**{key: Count("pk", filter=q) for key, _, q in REVIEW_ROWS})
        .order_by()
    )
    weeks = month.by_week(rows, keys)
    table = _table(
        "revision",
        "Validación, observaciones y correcciones por semana",
        ["", *month.weeks, "Total"],
        [
            [label, *(week[i] for week in weeks), sum(week[i] for week in weeks)]
            for i, (_, label, _) in enumerate(REVIEW_ROWS)
        ],
        total=False,
        note="De la bitácora de validación y revisión. Cada rubro corregido cuenta por separado.",
    )
    return table, weeks


def _substitutions(process, month: _Month) -> tuple[ReportTable, list[int]]:
    first = dict(
        Candidacy.history.filter(process_id=process.pk, status=Candidacy.Status.SUBSTITUTED)
        .values("id")
        .annotate(first=Min("history_date"))
        .filter(first__gte=month.start, first__lt=month.end)
        .values_list("id", "first")
    )
    per_week = [0] * len(month.weeks)
    for moment in first.values():  # the month's substitutions: a few
        per_week[(timezone.localdate(moment).day - 1) // 7] += 1
    cargos = (
        Candidacy.objects.filter(pk__in=list(first))
        .values("contest__cargo__order", "contest__cargo__name")
        .annotate(n=Count("pk"))
        .order_by("contest__cargo__order", "contest__cargo__name")
    )
    table = _table(
        "sustituciones",
        "Sustituciones por cargo",
        ["Cargo", "Candidaturas sustituidas"],
        [[row["contest__cargo__name"], row["n"]] for row in cargos],
        note="Candidaturas cuyo registro pasó a «sustituida» en el mes (historial de las candidaturas).",
    )
    return table, per_week


def build(process, cut_at: datetime.datetime, params: dict, progress: Progress) -> ReportDocument:
    month = _Month(params.get("month"), cut_at)
    progress(5, "Importaciones y cuentas")
    imports, accounts = _imports(process, month), _accounts(process, month)
    progress(20, "Ingresos al sistema")
    logins, logins_by_day = _logins(process, month)
    progress(35, "Captura de cuestionarios")
    captures, captures_by_day, identity_started = _captures(process, month)
    progress(50, "Validación y revisión")
    review, review_weeks = _review(process, month)
    progress(70, "Sustituciones")
    substitutions, substitutions_weeks = _substitutions(process, month)

    login_weeks = month.by_week(logins_by_day, ["logins", "failed"])
    capture_weeks = month.by_week(captures_by_day, ["started", "saved"])
    keys = [key for key, _, _ in REVIEW_ROWS]
    review_columns = [keys.index(key) for key in ("validated", "proposed", "requested")]
    weekly = _table(
        "semanas",
        "Actividad por semana",
        [
            "Semana",
            "Ingresos",
            "Intentos fallidos",
            "Cuestionarios curriculares iniciados",
            "Rubros curriculares guardados",
            "Candidaturas validadas",
            "Observaciones propuestas",
            "Solicitudes de corrección",
            "Sustituciones",
        ],
        [
            [label, *login_weeks[i], *capture_weeks[i], *(review_weeks[i][j] for j in review_columns), subs]
            for i, (label, subs) in enumerate(zip(month.weeks, substitutions_weeks, strict=True))
        ],
    )

    def column(table: ReportTable, index: int) -> int:
        return table.total[index] if table.total else 0

    def review_total(key: str) -> int:
        return sum(week[keys.index(key)] for week in review_weeks)

    summary = [
        ("Importaciones aplicadas", column(imports, 1)),
        ("Cuentas generadas", column(accounts, 1)),
        ("Credenciales entregadas", column(accounts, 2)),
        ("Cuentas que ingresaron", column(logins, 1)),
        ("Ingresos al sistema", column(logins, 2)),
        ("Cuestionarios curriculares iniciados", column(captures, 1)),
        ("Cuestionarios de identidad iniciados", identity_started),
        ("Candidaturas validadas", review_total("validated")),
        ("Observaciones aprobadas", review_total("approved")),
        ("Solicitudes de corrección presentadas", review_total("requested")),
        ("Sustituciones", column(substitutions, 1)),
    ]
    return ReportDocument(
        title=f"Informe mensual de implementación: {month.label} · {process.name}",
        summary=summary,
        sections=[
            Section("Resumen por semana", [weekly], text=month.period),
            Section("Catálogos, candidaturas y cuentas", [imports, accounts, logins]),
            Section("Captura de los cuestionarios", [captures]),
            Section("Validación y revisión", [review]),
            Section("Sustituciones", [substitutions]),
        ],
    )
