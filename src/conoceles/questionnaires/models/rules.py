"""Capture rules: the limits and catalogs an institute sets per process (DOMAIN.md §5).

Read them with conoceles.questionnaires.services.capture_rules_for(process).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from conoceles.elections.models import ElectoralProcess

from ..error_codes import QuestionnaireErrorCode
from ..rubros import LIMIT_ATTRIBUTES

NO_EDUCATION = "Sin estudios"


def default_education_levels() -> list[str]:
    return [
        NO_EDUCATION,
        "Primaria",
        "Secundaria",
        "Preparatoria/Bachillerato",
        "Técnica",
        "Licenciatura",
        "Especialidad",
        "Maestría",
        "Doctorado",
        "Posdoctorado",
    ]


def default_education_statuses() -> list[str]:
    return ["Cursando", "Trunco", "Certificado", "Título", "Cédula profesional"]


def default_levels_without_status() -> list[str]:
    return [NO_EDUCATION]


class CaptureRules(models.Model):
    """Limits and catalogs of one process. Read them with services.capture_rules_for(process)."""

    process = models.OneToOneField(
        ElectoralProcess, on_delete=models.CASCADE, related_name="capture_rules", verbose_name="proceso electoral"
    )
    photo_max_kb = models.PositiveIntegerField(
        "peso máximo de la fotografía (KB)", default=700, help_text="Del archivo que sube la persona usuaria."
    )
    photo_max_side_px = models.PositiveIntegerField(
        "lado mayor de la fotografía publicada (píxeles)",
        default=1200,
        help_text="La fotografía se vuelve a codificar como JPEG con este lado mayor como máximo.",
    )
    min_text_length = models.PositiveIntegerField(
        "longitud mínima de los textos (caracteres)",
        default=0,
        help_text="0 = sin mínimo. Se aplica a historia, trayectoria, motivo y propuestas cuando no están vacíos.",
    )
    other_training_max = models.PositiveIntegerField("máximo de otra formación (caracteres)", default=1000)
    professional_history_max = models.PositiveIntegerField(
        "máximo de historia profesional y/o laboral (caracteres)", default=5000
    )
    political_trajectory_max = models.PositiveIntegerField(
        "máximo de trayectoria política y/o participación social (caracteres)", default=5000
    )
    motivation_max = models.PositiveIntegerField(
        "máximo de ¿por qué quiere ocupar un cargo público? (caracteres)", default=2500
    )
    proposal_max = models.PositiveIntegerField("máximo de cada propuesta (caracteres)", default=1600)
    education_levels = models.JSONField(
        "catálogo de grado máximo de estudios",
        default=default_education_levels,
        help_text="Lista de valores, en el orden en que se ofrecen.",
    )
    education_statuses = models.JSONField(
        "catálogo de estatus de estudios",
        default=default_education_statuses,
        help_text="Lista de valores, en el orden en que se ofrecen.",
    )
    levels_without_status = models.JSONField(
        "grados sin estatus",
        default=default_levels_without_status,
        blank=True,
        help_text="Grados para los que no se pregunta el estatus (normalmente «Sin estudios»).",
    )
    updated_at = models.DateTimeField("actualizadas", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "reglas de captura"
        verbose_name_plural = "reglas de captura"
        constraints = [
            models.CheckConstraint(
                condition=Q(photo_max_kb__gt=0, photo_max_side_px__gt=0), name="capture_rules_photo_limits_positive"
            ),
            models.CheckConstraint(
                condition=Q(**{f"{name}__gt": 0 for name in LIMIT_ATTRIBUTES}),
                name="capture_rules_text_limits_positive",
                violation_error_message="Los máximos de caracteres deben ser mayores que cero.",
            ),
            models.CheckConstraint(
                condition=Q(*[Q(min_text_length__lte=F(name)) for name in LIMIT_ATTRIBUTES], min_text_length__gte=0),
                name="capture_rules_min_below_every_max",
                violation_error_message="La longitud mínima no puede ser mayor que ningún máximo.",
            ),
        ]

    def __str__(self):
        return f"Reglas de captura · {self.process}"

    def clean(self):
        super().clean()
        errors = {}
        for name in ("education_levels", "education_statuses", "levels_without_status"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                errors[name] = ValidationError(
                    "Escriba una lista de textos no vacíos.", code=QuestionnaireErrorCode.BAD_CATALOG
                )
            elif len({v.strip() for v in value}) != len(value):
                errors[name] = ValidationError(
                    "La lista tiene valores repetidos.", code=QuestionnaireErrorCode.BAD_CATALOG
                )
        for name in ("education_levels", "education_statuses"):
            if name not in errors and not getattr(self, name):
                errors[name] = ValidationError(
                    "El catálogo no puede quedar vacío.", code=QuestionnaireErrorCode.BAD_CATALOG
                )
        if not errors and not set(self.levels_without_status) <= set(self.education_levels):
            errors["levels_without_status"] = ValidationError(
                "Cada grado sin estatus debe estar en el catálogo de grados.", code=QuestionnaireErrorCode.BAD_CATALOG
            )
        if errors:
            raise ValidationError(errors)

    def limit(self, attribute: str) -> int:
        return getattr(self, attribute)

    def status_applies(self, education_level: str) -> bool:
        """Whether the estatus is asked for this grado (not for «Sin estudios»)."""
        return education_level not in (self.levels_without_status or [])
