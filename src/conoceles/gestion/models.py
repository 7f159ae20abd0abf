"""The process's deliverables calendar (`Deliverable`: the obligations to the INE and the Consejo General, each with
its due date, area, status and the report that fulfils it) and the reminders already sent about them.

The review rules are a process setting whose changes Gestión → Proceso audits like the others'
(django-simple-history): their historical model is registered here, where both apps may be imported (the review app
is built on elections, not the reverse), and kept with the process's history in the elections app."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history import register
from simple_history.models import HistoricalRecords

from conoceles.elections.models import DATE_ORDER, ElectoralProcess
from conoceles.review.models import ReviewRules

from .error_codes import GestionErrorCode

register(ReviewRules, app="conoceles.elections", excluded_fields=["updated_at"])

MAX_OFFSET_DAYS = 730
ANCHORS = [(name, ElectoralProcess._meta.get_field(name).verbose_name.capitalize()) for name in DATE_ORDER]


class DeliverableQuerySet(models.QuerySet):
    def open(self):
        """The deliverables still to be fulfilled (pending or in progress)."""
        return self.filter(status__in=Deliverable.OPEN)


class Deliverable(models.Model):
    """One obligation of the process (Plan Integral 11.1–11.16 and those without a number, «S/ID»). Its due date is a
    fixed date or a date of the process plus some days (negative: before), so it follows that date when it moves."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pendiente"
        IN_PROGRESS = "in_progress", "En curso"
        DONE = "done", "Cumplida"
        NOT_APPLICABLE = "not_applicable", "No aplica"

    class ReportKind(models.TextChoices):
        # The kinds of conoceles.reports' generated reports, one of which fulfils the deliverable.
        PROGRESS = "avance", "Avance cuantitativo"
        DEFAULTERS = "omisos", "Omisos"
        FINAL = "final", "Informe final"
        MONTHLY = "mensual", "Informe mensual"

    OPEN = (Status.PENDING, Status.IN_PROGRESS)

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="deliverables", verbose_name="proceso electoral"
    )
    code = models.CharField(
        "clave", max_length=10, blank=True, help_text="Número de la actividad en el Plan Integral (p. ej. 11.13); "
        "vacía si no tiene (S/ID)."
    )
    title = models.CharField("entregable", max_length=300)
    rule = models.TextField("regla", blank=True, help_text="Qué se entrega, a quién y en qué plazo.")
    area = models.CharField("área responsable", max_length=200, blank=True)
    due_date = models.DateField("fecha fija", null=True, blank=True)
    anchor = models.CharField(
        "fecha del proceso", max_length=24, choices=ANCHORS, blank=True,
        help_text="La fecha límite se cuenta desde esta fecha del proceso y la sigue si cambia.",
    )
    offset_days = models.SmallIntegerField(
        "días desde la fecha del proceso", default=0,
        validators=[MinValueValidator(-MAX_OFFSET_DAYS), MaxValueValidator(MAX_OFFSET_DAYS)],
        help_text="Negativo: antes de esa fecha; positivo: después; 0: el mismo día.",
    )
    status = models.CharField("estado", max_length=16, choices=Status.choices, default=Status.PENDING)
    fulfilled_on = models.DateField("fecha de cumplimiento", null=True, blank=True)
    note = models.TextField("nota", blank=True, help_text="Oficio, acuerdo o liga con que se cumplió, por ejemplo.")
    report_kind = models.CharField(
        "informe que lo cumple", max_length=16, choices=ReportKind.choices, blank=True,
        help_text="El informe de Conóceles que se entrega, si lo hay.",
    )
    default_key = models.CharField(
        "clave de la lista predeterminada", max_length=40, blank=True, editable=False,
        help_text="Qué renglón de la lista predeterminada es (vacía si el instituto lo agregó).",
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    objects = DeliverableQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "entregable"
        verbose_name_plural = "entregables"
        ordering = ["pk"]  # the screens sort by due date, which may be counted from the process (views._date_order)
        constraints = [
            models.UniqueConstraint(
                fields=["process", "default_key"], condition=~Q(default_key=""), name="deliverable_unique_default"
            ),
            models.CheckConstraint(  # a fixed date, or a process date plus days
                condition=Q(due_date__isnull=False, anchor="", offset_days=0)
                | (Q(due_date__isnull=True) & ~Q(anchor="")),
                name="deliverable_one_due_date",
            ),
        ]

    def __str__(self):
        return f"{self.code or 'S/ID'} {self.title}"

    @property
    def due(self) -> datetime.date | None:
        """The due date: the fixed one, or the process's date plus the days (None while that date is not set)."""
        if self.due_date is not None or not self.anchor:
            return self.due_date
        base = getattr(self.process, self.anchor)
        return base + datetime.timedelta(days=self.offset_days) if base else None

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    def clean(self):
        super().clean()
        errors = {}
        if self.due_date is not None and self.anchor:
            errors["due_date"] = ValidationError(
                "Indique una fecha fija o una fecha del proceso, no ambas.", code=GestionErrorCode.DUE_DATE_TWICE
            )
        elif self.due_date is None and not self.anchor:
            errors["due_date"] = ValidationError(
                "Indique la fecha límite: una fecha fija, o una fecha del proceso y los días desde ella.",
                code=GestionErrorCode.DUE_DATE_MISSING,
            )
        elif self.due_date is not None and self.offset_days:
            errors["offset_days"] = ValidationError(
                "Los días se cuentan desde una fecha del proceso: elija una o deje 0 con la fecha fija.",
                code=GestionErrorCode.OFFSET_WITHOUT_ANCHOR,
            )
        if self.fulfilled_on is not None and self.status != self.Status.DONE:
            errors["fulfilled_on"] = ValidationError(
                "La fecha de cumplimiento solo va en un entregable cumplido: cambie el estado o borre la fecha.",
                code=GestionErrorCode.FULFILLED_NOT_DONE,
            )
        if errors:
            raise ValidationError(errors)


class DeliverableReminder(models.Model):
    """A reminder already sent to the administration: one per deliverable, due date and number of days before it, so
    the daily command never repeats one (a due date that moves is reminded again)."""

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="reminders", verbose_name="entregable"
    )
    due = models.DateField("fecha límite recordada")
    days_before = models.PositiveSmallIntegerField("días de anticipación")
    sent_at = models.DateTimeField("enviado", auto_now_add=True)

    class Meta:
        verbose_name = "recordatorio de entregable"
        verbose_name_plural = "recordatorios de entregables"
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "due", "days_before"], name="deliverable_reminder_once")
        ]

    def __str__(self):
        return f"{self.deliverable} · {self.days_before} días antes del {self.due:%d/%m/%Y}"
