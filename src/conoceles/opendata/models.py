"""Open-data releases (DOMAIN.md §10) and the audit of the institute's full exports.

A release is a dated, immutable set of files (the INE workbook, CSVs, JSONs, the data dictionary, SHA-256 sums
and a changelog) zipped under `settings.OPEN_DATA_ROOT/<process>/<name>/`. Rows are written once by
`opendata.releases.build_release` and never change; files are never rewritten.
"""

from pathlib import Path

from django.conf import settings
from django.db import models

from conoceles.core.storage import private_storage
from conoceles.elections.models import ElectoralProcess, LifecycleStage

# The files of a release that carry identity answers (conoceles.opendata.writers): the INE workbook (sheet CUESTIONARIO
# IDENTIDAD), its CSV and our own JSON. Named here, not imported: the writers import openpyxl, the models must not
# (tests/lifecycle/test_publication_end.py checks the names against the writers').
WITH_IDENTITY = frozenset({"baseDatosCandidatos.xlsx", "cuestionario_identidad.csv", "candidaturas.json"})


class OpenDataRelease(models.Model):
    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.PROTECT, related_name="open_data_releases", verbose_name="proceso electoral"
    )
    name = models.CharField(
        "nombre", max_length=40, help_text="La fecha de los datos, p. ej. 2027-05-02 (o 2027-05-02-2)."
    )
    data_date = models.DateField("fecha de los datos")
    created_at = models.DateTimeField("generada", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="generada por",
        help_text="Vacío cuando la generó la tarea diaria.",
    )
    zip_name = models.CharField("archivo zip", max_length=120)
    size = models.PositiveBigIntegerField("tamaño del zip (bytes)")
    sha256 = models.CharField("SHA-256 del zip", max_length=64)
    candidacies = models.PositiveIntegerField("candidaturas publicadas")
    files = models.JSONField("archivos", default=list, help_text="[{name, size, sha256}] de cada archivo del zip.")
    changes = models.JSONField(
        "cambios respecto de la anterior",
        default=dict,
        help_text="{previous, added, removed, changed: {rubro: n}}: resumen del changelog.",
    )
    identity_withdrawn_at = models.DateTimeField(
        "archivos de identidad retirados",
        null=True,
        blank=True,
        help_text="Cuándo dejaron de ofrecerse sus archivos con respuestas de identidad (y el zip) porque una persona "
        "candidata se opuso a su publicación o pidió su cancelación (derechos ARCO). Las versiones siguientes ya no "
        "las traen.",
    )

    class Meta:
        verbose_name = "versión de datos abiertos"
        verbose_name_plural = "versiones de datos abiertos"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["process", "name"], name="open_data_release_unique_name")]

    def __str__(self):
        return f"{self.process} · {self.name}"

    @property
    def relative_dir(self) -> str:
        return f"{self.process_id}/{self.name}"

    @property
    def directory(self) -> Path:
        """Where its files are on this server."""
        return Path(settings.OPEN_DATA_ROOT) / self.relative_dir

    @property
    def published_files(self) -> list[str]:
        """The files anyone may download: the zip and each file in it. THE rule of open data after the end of
        publication (conoceles.lifecycle): nothing, unless the process keeps its open data (`keep_open_data`); from
        the bloqueo of its personal data on, a process that keeps them no longer offers the files with identity
        answers (nor the zip, which holds them): conoceles.lifecycle.sensitive withholds them, then deletes them. The
        same happens to a release whose identity files were withdrawn by a granted ARCO request."""
        process = self.process
        if process.reached(LifecycleStage.PUBLICATION_ENDED) and not process.keep_open_data:
            return []
        names = [self.zip_name, *(f["name"] for f in self.files)]
        if process.reached(LifecycleStage.LOCKED) or self.identity_withdrawn_at is not None:
            return [name for name in names if name not in WITH_IDENTITY and name != self.zip_name]
        return names

    @property
    def published_file_rows(self) -> list[dict]:
        """The {name, size, sha256} of the files in the zip that anyone may still download (`published_files`)."""
        published = set(self.published_files)
        return [f for f in self.files if f["name"] in published]

    @property
    def zip_published(self) -> bool:
        return self.zip_name in self.published_files

    @property
    def download_path(self) -> str:
        """The zip's URL path (served by opendata.views, or by nginx from OPEN_DATA_ROOT)."""
        return f"/datos-abiertos/{self.relative_dir}/{self.zip_name}"


class InstituteExport(models.Model):
    """The institute's full export of a process (every approved candidacy, whatever its publication state): who
    asked for it and when, built in the background into private storage and downloadable by staff only."""

    class Status(models.TextChoices):
        PENDING = "pending", "En preparación"
        DONE = "done", "Lista"
        FAILED = "failed", "Falló"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.PROTECT, related_name="institute_exports", verbose_name="proceso electoral"
    )
    created_at = models.DateTimeField("solicitada", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="solicitada por",
        help_text="Vacío cuando se exportó con manage.py export_ine.",
    )
    file_format = models.CharField("formato", max_length=10)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField("archivo", upload_to="exports/", storage=private_storage, blank=True, max_length=200)
    candidacies = models.PositiveIntegerField("candidaturas", null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    finished_at = models.DateTimeField("terminada", null=True, blank=True)
    error = models.TextField("error", blank=True)

    class Meta:
        verbose_name = "exportación institucional"
        verbose_name_plural = "exportaciones institucionales"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "done", "failed"]), name="institute_export_status_valid"
            )
        ]

    def __str__(self):
        return f"{self.process} · {self.created_at:%Y-%m-%d %H:%M}"
