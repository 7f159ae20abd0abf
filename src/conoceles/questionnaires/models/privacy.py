"""The aviso de privacidad (versioned) and its acceptance by each account (DOMAIN.md §6).

Writes: conoceles.questionnaires.services.consent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from conoceles.elections.models import ElectoralProcess


class PrivacyNotice(models.Model):
    """One published version of an aviso de privacidad. A change is a new version, never an edit."""

    class Kind(models.TextChoices):
        INTEGRAL = "integral", "Aviso de privacidad integral"
        SIMPLIFIED = "simplificado", "Aviso de privacidad simplificado"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="privacy_notices", verbose_name="proceso electoral"
    )
    kind = models.CharField("tipo", max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField("versión")
    text = models.TextField("texto")
    rights_section = models.TextField(
        "conservación y derechos ARCO",
        blank=True,
        help_text="Generado al publicar la versión con las fechas del proceso de ese momento (conoceles.arco.notice); "
        "no cambia después.",
    )
    published_at = models.DateTimeField("publicado", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="publicado por",
    )

    class Meta:
        verbose_name = "aviso de privacidad"
        verbose_name_plural = "avisos de privacidad"
        ordering = ["process", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind", "version"], name="privacy_notice_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="privacy_notice_version_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["integral", "simplificado"]), name="privacy_notice_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="privacy_notice_has_text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · versión {self.version}"


class PrivacyAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="privacy_acceptances",
        verbose_name="cuenta",
    )
    notice = models.ForeignKey(
        PrivacyNotice, on_delete=models.RESTRICT, related_name="acceptances", verbose_name="aviso de privacidad"
    )
    at = models.DateTimeField("aceptado", auto_now_add=True)

    class Meta:
        verbose_name = "aceptación del aviso de privacidad"
        verbose_name_plural = "aceptaciones del aviso de privacidad"
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="privacy_acceptance_unique")]

    def __str__(self):
        return f"{self.user} · {self.notice}"
