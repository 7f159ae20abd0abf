"""Reports the institute generated: each one kept as it was made (its cut, who asked for it, when, its files and
their SHA-256), never regenerated in place; a new cut is a new report."""

from django.conf import settings
from django.db import models

from conoceles.core.storage import private_storage
from conoceles.elections.models import ElectoralProcess


class ReportKind(models.TextChoices):
    AVANCE = "avance", "Avance cuantitativo"
    OMISOS = "omisos", "Omisos"
    FINAL = "final", "Informe final"
    MENSUAL = "mensual", "Informe mensual de implementación"


class GeneratedReport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En espera"
        RUNNING = "running", "Generándose"
        DONE = "done", "Listo"
        FAILED = "failed", "Falló"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.PROTECT, related_name="reports", verbose_name="proceso electoral"
    )
    kind = models.CharField("informe", max_length=10, choices=ReportKind.choices)
    cut_at = models.DateTimeField("fecha de corte")
    params = models.JSONField("parámetros", default=dict, blank=True)
    title = models.CharField("título", max_length=200)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("avance (%)", default=0)
    stage = models.CharField("etapa", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="generado por",
        help_text="Vacío cuando se generó con manage.py report.",
    )
    created_at = models.DateTimeField("solicitado", auto_now_add=True)
    finished_at = models.DateTimeField("terminado", null=True, blank=True)
    # The last sign of life of its background task: a report still generating long after it is taken as dead
    # (conoceles.reports.services.end_stalled_reports).
    active_at = models.DateTimeField("última actividad", null=True, blank=True)
    pdf = models.FileField("PDF", upload_to="reports/%Y/%m/", storage=private_storage, blank=True, max_length=200)
    xlsx = models.FileField("XLSX", upload_to="reports/%Y/%m/", storage=private_storage, blank=True, max_length=200)
    pdf_sha256 = models.CharField("SHA-256 del PDF", max_length=64, blank=True)
    xlsx_sha256 = models.CharField("SHA-256 del XLSX", max_length=64, blank=True)
    error = models.TextField("error", blank=True)

    class Meta:
        verbose_name = "informe generado"
        verbose_name_plural = "informes generados"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["avance", "omisos", "final", "mensual"]), name="report_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "running", "done", "failed"]), name="report_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["process", "kind", "-created_at"], name="report_process_kind")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding and type(self).objects.filter(pk=self.pk, status=self.Status.DONE).exists():
            raise TypeError("Un informe generado no se modifica: genere uno nuevo con otra fecha de corte.")
        super().save(*args, **kwargs)

    @property
    def running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
