"""In-app notices of an account (and whether each was read and e-mailed)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One notice to one account. Never carries passwords nor identity answers (DOMAIN.md §6)."""

    class Kind(models.TextChoices):
        ACCOUNT_DELIVERY = "account_delivery", "Entrega de cuenta"
        OBSERVATION_APPROVED = "observation_approved", "Observación aprobada"
        OBSERVATION_REJECTED = "observation_rejected", "Observación no aprobada"
        CORRECTION_DECIDED = "correction_decided", "Solicitud de corrección resuelta"
        CORRECTION_REVIEWED = "correction_reviewed", "Corrección revisada"
        CAPTURE_REMINDER = "capture_reminder", "Recordatorio de captura"
        CONSENT_FORMAT_UPLOADED = "consent_format_uploaded", "Formato de consentimiento subido a su nombre"
        CONSENT_FORMAT_DECIDED = "consent_format_decided", "Formato de consentimiento revisado"
        DELIVERABLE_DUE = "deliverable_due", "Entregable por vencer"
        ARCO = "arco", "Solicitud de derechos ARCO"
        LIFECYCLE_STEP = "lifecycle_step", "Paso del ciclo de vida próximo"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="cuenta"
    )
    kind = models.CharField("tipo", max_length=24, choices=Kind.choices)
    subject = models.CharField("asunto", max_length=200)
    body = models.TextField("mensaje", blank=True)
    url = models.CharField("enlace", max_length=300, blank=True, help_text="Ruta dentro del sitio, p. ej. /captura/.")
    candidacy = models.ForeignKey(
        "candidacies.Candidacy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="candidatura",
    )
    created_at = models.DateTimeField("fecha", auto_now_add=True)
    read_at = models.DateTimeField("leído", null=True, blank=True)
    emailed_at = models.DateTimeField("enviado por correo", null=True, blank=True)

    class Meta:
        verbose_name = "aviso"
        verbose_name_plural = "avisos"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user", "read_at"], name="notification_user_read"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "account_delivery",
                        "observation_approved",
                        "observation_rejected",
                        "correction_decided",
                        "correction_reviewed",
                        "capture_reminder",
                        "consent_format_uploaded",
                        "consent_format_decided",
                        "deliverable_due",
                        "arco",
                        "lifecycle_step",
                    ]
                ),
                name="notification_kind_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user} · {self.created_at:%Y-%m-%d %H:%M}"
