"""ARCO requests of candidates (LGPDPPSO, arts. 43–56) and the days the institute does not work.

Writes: conoceles.arco.services. Deadlines: conoceles.arco.business_days (via services.deadline_for)."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, When
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from conoceles.candidacies.models import Candidacy


class NonWorkingDay(models.Model):
    """A day the institute declared non-working (besides weekends and the holidays of LFT art. 74): not counted in
    the ARCO deadlines. Edited by Administración in Gestión."""

    date = models.DateField("fecha", unique=True)
    description = models.CharField("motivo", max_length=200, help_text="p. ej. «Acuerdo del Consejo General …».")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "día inhábil del instituto"
        verbose_name_plural = "días inhábiles del instituto"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} · {self.description}"


class Kind(models.TextChoices):
    ACCESS = "access", "Acceso"
    CANCELLATION = "cancellation", "Cancelación"
    OPPOSITION = "opposition", "Oposición"


class Scope(models.TextChoices):
    """What a cancelación or oposición covers; each is one effect in services.EFFECTS."""

    IDENTITY_ANSWERS = "identity_answers", "Mis respuestas del cuestionario de identidad"
    CONTACT_DATA = "contact_data", "Mis datos de contacto privados (correo electrónico)"
    PUBLICATION = "publication", "La publicación de mis respuestas de identidad en el sitio público"
    STATISTICS = "statistics", "El uso de mis respuestas de identidad en estadísticas"


SCOPES_BY_KIND = {
    Kind.CANCELLATION: (Scope.IDENTITY_ANSWERS, Scope.CONTACT_DATA),
    Kind.OPPOSITION: (Scope.PUBLICATION, Scope.STATISTICS),
}


class Status(models.TextChoices):
    PENDING = "pending", "En trámite"
    GRANTED = "granted", "Procedente"
    PARTIAL = "partial", "Parcialmente procedente"
    DENIED = "denied", "Improcedente"


class ArcoRequestQuerySet(models.QuerySet):
    def pending_first(self):
        """The queue's order: pending ones by the day they fall due, then the answered, newest first."""
        return self.annotate(
            _answered=Case(When(status=Status.PENDING, then=0), default=1),
            _due=Coalesce("extended_due_date", "due_date"),
        ).order_by("_answered", Case(When(status=Status.PENDING, then="_due")), "-received_at", "-pk")


class ArcoRequest(models.Model):
    """One exercise of an ARCO right by a candidate through the system. An acceso is answered at once (the download
    of her data, `file_sha256`); a cancelación or oposición waits for Administración, which answers within the legal
    deadline (`due_date`, extendable once: `extended_due_date` with its reason)."""

    Kind = Kind
    Scope = Scope
    Status = Status

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.PROTECT, related_name="arco_requests", verbose_name="candidatura"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="arco_requests", verbose_name="solicitante"
    )
    kind = models.CharField("derecho", max_length=12, choices=Kind.choices)
    scope = models.JSONField("lo que abarca", default=list, blank=True, help_text="Claves de Scope.")
    reasons = models.TextField("motivos de la solicitud", blank=True)
    received_at = models.DateTimeField("recibida", db_index=True)
    due_date = models.DateField("fecha límite de respuesta")
    extended_due_date = models.DateField("fecha límite ampliada", null=True, blank=True)
    extension_reason = models.TextField("motivo de la ampliación", blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ampliada por",
    )
    extended_at = models.DateTimeField("ampliada", null=True, blank=True)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.PENDING)
    granted_scope = models.JSONField("lo que se concedió", default=list, blank=True)
    response = models.TextField("respuesta (fundamentación y motivación)", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="respondida por",
    )
    responded_at = models.DateTimeField("respondida", null=True, blank=True)
    effects = models.TextField("efectos aplicados", blank=True)
    file_sha256 = models.CharField("SHA-256 del archivo entregado", max_length=64, blank=True)

    objects = ArcoRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "solicitud ARCO"
        verbose_name_plural = "solicitudes ARCO"
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["access", "cancellation", "opposition"]), name="arco_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "granted", "partial", "denied"]), name="arco_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", responded_at__isnull=True)
                | (~Q(status="pending") & Q(responded_at__isnull=False) & ~Q(response="")),
                name="arco_response_when_answered",
                violation_error_message="Una solicitud respondida lleva su respuesta y su fecha.",
            ),
            models.CheckConstraint(
                condition=Q(extended_due_date__isnull=True) | ~Q(extension_reason=""),
                name="arco_extension_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="arco_status_due")]

    def __str__(self):
        return f"Solicitud ARCO {self.pk} · {self.get_kind_display()} · {self.get_status_display()}"

    @property
    def deadline(self):
        """The day by which it must be answered (the extended one, if extended)."""
        return self.extended_due_date or self.due_date

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    def scope_labels(self) -> list[str]:
        return [Scope(value).label for value in self.scope if value in Scope.values]

    def granted_labels(self) -> list[str]:
        return [Scope(value).label for value in self.granted_scope if value in Scope.values]
