"""Import jobs: an uploaded file is validated as a dry run, then applied on confirmation, all or nothing."""

from django.db import models
from django.utils import timezone

from conoceles.core.storage import private_storage
from conoceles.elections.models import ElectoralProcess


class ImportJob(models.Model):
    """One uploaded file: validated (dry run) first, applied only on confirmation, all or nothing."""

    class Kind(models.TextChoices):
        GEOGRAPHY = "geography", "Geografía (distritos, municipios y secciones)"
        CARGOS = "cargos", "Cargos"
        CONTESTS = "contests", "Contiendas"
        ACTORS = "actors", "Actores políticos"
        CANDIDACIES = "candidacies", "Candidaturas aprobadas"
        INE = "ine", "Datos abiertos del INE (candidaturas y cuestionarios)"

    class Status(models.TextChoices):
        PENDING = "pending", "En espera de validación"
        VALIDATING = "validating", "Validando"
        INVALID = "invalid", "Con errores"
        VALID = "valid", "Lista para importar"
        APPLYING = "applying", "Importando"
        APPLIED = "applied", "Importada"
        FAILED = "failed", "Falló"

    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name="proceso electoral",
        help_text="Vacío en un libro del INE que va al proceso de cada entidad del archivo.",
    )
    election_day = models.DateField(
        "jornada electoral", null=True, blank=True, help_text="Del proceso que crea un libro del INE."
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    file = models.FileField("archivo", upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField("nombre del archivo", max_length=255)
    status = models.CharField("estado", max_length=12, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField("filas", default=0)
    rows_processed = models.PositiveIntegerField("filas procesadas", default=0)
    error_count = models.PositiveIntegerField("errores", default=0)
    summary = models.JSONField("resumen", default=dict, blank=True)
    failure = models.TextField("motivo de la falla", blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="subido por"
    )
    created_at = models.DateTimeField("subido", auto_now_add=True)
    applied_at = models.DateTimeField("importado", null=True, blank=True)
    # The last sign of life of the job's background task: a job still running long after it is taken as dead
    # (conoceles.imports.services.end_stalled_jobs).
    active_at = models.DateTimeField("última actividad", default=timezone.now)

    class Meta:
        verbose_name = "importación"
        verbose_name_plural = "importaciones"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def running(self) -> bool:
        return self.status in RUNNING_STATUSES


RUNNING_STATUSES = frozenset({ImportJob.Status.PENDING, ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING})


class ImportRowError(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField("fila")
    column = models.CharField("columna", max_length=80, blank=True)
    code = models.CharField("código", max_length=60)
    message = models.CharField("motivo", max_length=500)
    warning = models.BooleanField("aviso", default=False, help_text="Se importó de todos modos.")

    class Meta:
        verbose_name = "error de importación"
        verbose_name_plural = "errores de importación"
        ordering = ["job", "row", "id"]

    def __str__(self):
        return f"Fila {self.row}: {self.message}"
