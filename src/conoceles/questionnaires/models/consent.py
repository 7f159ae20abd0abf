"""Consent over sensitive data (DOMAIN.md §6): the items, the signed formats and the append-only records.

Which records count, and which one is in force: conoceles.questionnaires.services.consent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conoceles.candidacies.models import Candidacy
from conoceles.core.models import AppendOnlyModel
from conoceles.core.storage import private_storage

from .privacy import PrivacyNotice


class ConsentItem(models.IntegerChoices):
    PROCESSING = 1, "Tratamiento de mis datos personales, incluidos los sensibles, conforme al aviso de privacidad"
    PUBLICATION = 2, "Publicación de mis respuestas al cuestionario de identidad en el sitio público"
    STATISTICS = 3, "Uso de mis respuestas en reportes estadísticos"


class ConsentFormat(models.Model):
    """A consent format signed by the candidate on paper and uploaded by her political actor (DOMAIN.md §6).

    Its answers (one ConsentRecord per item, method «signed_format», written at upload) count only once an institute
    reviewer has looked at the document and accepted it, and never over what the candidate records herself
    (services.consent.consents_for). The decision is taken once: pending → accepted | rejected."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pendiente de revisión"
        ACCEPTED = "accepted", "Aceptado"
        REJECTED = "rejected", "Rechazado"

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="consent_formats", verbose_name="candidatura"
    )
    evidence = models.FileField(
        "formato firmado",
        upload_to="consent/",
        storage=private_storage,
        max_length=200,
        help_text="Reconstruido al subirse: PDF de imágenes o JPEG, sin contenido activo ni metadatos.",
    )
    pages = models.PositiveSmallIntegerField("páginas", default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="subido por"
    )
    uploaded_at = models.DateTimeField("subido", auto_now_add=True)
    status = models.CharField("estado", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="revisado por",
    )
    decided_at = models.DateTimeField("revisado", null=True, blank=True)
    decision_reason = models.TextField("motivo de la decisión", blank=True)

    class Meta:
        verbose_name = "formato de consentimiento"
        verbose_name_plural = "formatos de consentimiento"
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "rejected"]), name="consent_format_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="consent_format_decided_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="consent_format_rejection_has_reason",
                violation_error_message="El rechazo de un formato lleva su motivo.",
            ),
            models.CheckConstraint(condition=~Q(evidence=""), name="consent_format_has_file"),
        ]
        indexes = [models.Index(fields=["status", "uploaded_at"], name="consent_format_status")]

    def __str__(self):
        return f"Formato {self.pk} · {self.candidacy_id} · {self.get_status_display()}"


class ConsentRecord(AppendOnlyModel):
    """One answer to one consent item. Append-only: a change of mind is a new record. Which records count, and
    which one of them is in force, is decided in one place: services.consent.consents_for."""

    class Method(models.TextChoices):
        DIRECT = "direct", "Directo (la persona candidata, en el sistema)"
        SIGNED_FORMAT = "signed_format", "Formato firmado (cargado por el actor político)"

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="consent_records", verbose_name="candidatura"
    )
    item = models.PositiveSmallIntegerField("consentimiento", choices=ConsentItem.choices)
    given = models.BooleanField("otorgado")
    notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.RESTRICT,
        related_name="consent_records",
        verbose_name="versión del aviso de privacidad",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="registrado por"
    )
    recorded_at = models.DateTimeField("registrado", auto_now_add=True, db_index=True)
    method = models.CharField("forma", max_length=16, choices=Method.choices)
    source_format = models.ForeignKey(
        ConsentFormat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name="formato firmado",
        help_text="Cuenta solo si el instituto aceptó el formato, y nunca sobre lo que registró la persona candidata.",
    )
    evidence = models.FileField(
        "evidencia adjunta por la persona candidata",
        upload_to="consent/",
        storage=private_storage,
        null=True,
        blank=True,
        max_length=200,
    )

    class Meta:
        verbose_name = "registro de consentimiento"
        verbose_name_plural = "registros de consentimiento"
        ordering = ["candidacy_id", "item", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(item__in=[1, 2, 3]), name="consent_item_valid"),
            models.CheckConstraint(condition=Q(method__in=["direct", "signed_format"]), name="consent_method_valid"),
            models.CheckConstraint(
                condition=Q(method="direct", source_format__isnull=True)
                | Q(method="signed_format", source_format__isnull=False),
                name="consent_signed_format_has_format",
                violation_error_message="El consentimiento por formato firmado lleva el formato del que viene.",
            ),
        ]
        indexes = [models.Index(fields=["candidacy", "item", "-id"], name="consent_latest_per_item")]

    def __str__(self):
        return f"{self.candidacy_id} · {self.item} · {'sí' if self.given else 'no'}"
