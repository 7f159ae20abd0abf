"""What the lifecycle of a process's data did (DOMAIN.md §4 step 10) and the notices it sent ahead of each step.

Both tables are append-only: a row is written once, by conoceles.lifecycle.services, and never changed.
"""

from django.conf import settings
from django.db import models

from conoceles.elections.models import ElectoralProcess, LifecycleStage


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Este registro no se modifica: solo se agregan registros nuevos.")
        super().save(*args, **kwargs)


class LifecycleAction(AppendOnly):
    """A lifecycle step a process took: when, by whom (nobody: the scheduled task) and what it touched, one
    PlanLine (conoceles.lifecycle.plan) per kind of data. One per process and step: a step is taken once."""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.PROTECT, related_name="lifecycle_actions", verbose_name="proceso electoral"
    )
    step = models.CharField("paso (etapa alcanzada)", max_length=20, choices=LifecycleStage.choices)
    due = models.DateField("fecha del paso", help_text="La fecha en que correspondía ejecutarlo.")
    ran_at = models.DateTimeField("ejecutado", auto_now_add=True)
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ejecutado por",
        help_text="Vacío cuando lo ejecutó la tarea programada.",
    )
    lines = models.JSONField(
        "lo que tocó", default=list, help_text="[{what, table, rows, files}]: una línea por tipo de dato."
    )

    class Meta:
        verbose_name = "paso del ciclo de vida ejecutado"
        verbose_name_plural = "pasos del ciclo de vida ejecutados"
        ordering = ["ran_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "step"], name="lifecycle_action_once")]

    def __str__(self):
        return f"{self.process} · {self.get_step_display()} · {self.ran_at:%d/%m/%Y}"


class LifecycleNotice(AppendOnly):
    """A notice already sent to the administration ahead of a step: one per process, step, date and number of days
    before it, so the daily task never repeats one (a date that moves is noticed again)."""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="lifecycle_notices", verbose_name="proceso electoral"
    )
    step = models.CharField("paso", max_length=20, choices=LifecycleStage.choices)
    due = models.DateField("fecha avisada")
    days_before = models.PositiveSmallIntegerField("días de anticipación")
    sent_at = models.DateTimeField("enviado", auto_now_add=True)

    class Meta:
        verbose_name = "aviso de paso del ciclo de vida"
        verbose_name_plural = "avisos de pasos del ciclo de vida"
        constraints = [
            models.UniqueConstraint(fields=["process", "step", "due", "days_before"], name="lifecycle_notice_once")
        ]

    def __str__(self):
        return f"{self.process} · {self.get_step_display()} · {self.days_before} días antes del {self.due:%d/%m/%Y}"
