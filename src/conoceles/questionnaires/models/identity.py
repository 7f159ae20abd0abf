"""The identity questionnaire: questions and options are data per process (the norm allows additions), and the
answers of each candidacy (DOMAIN.md §6). Writes: conoceles.questionnaires.services.identity.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy
from conoceles.elections.models import ElectoralProcess

from ..error_codes import QuestionnaireErrorCode

DECLINE_LABEL = "Prefiero no contestar"


def _bad_parent(field: str, message: str) -> ValidationError:
    """A refusal of a question's dependency, on its field and with its code (a dict alone would drop the code)."""
    return ValidationError({field: ValidationError(message, code=QuestionnaireErrorCode.BAD_PARENT)})


class IdentityQuestion(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Una opción"
        MULTIPLE = "multiple", "Varias opciones"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="identity_questions", verbose_name="proceso electoral"
    )
    number = models.PositiveSmallIntegerField("número")
    text = models.TextField("pregunta")
    export_header = models.CharField(
        "encabezado en datos abiertos",
        max_length=500,
        blank=True,
        help_text="Si se deja vacío: «número. pregunta», como en los datos abiertos del INE.",
    )
    kind = models.CharField("tipo de respuesta", max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="depende de la pregunta",
    )
    parent_option = models.ForeignKey(
        "IdentityOption",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name="se muestra si la respuesta es",
    )
    group = models.CharField(
        "grupo que identifica",
        max_length=20,
        choices=AffirmativeActionGroup.choices,
        blank=True,
        help_text="Para las preguntas Sí/No de pertenencia a uno de los siete grupos; su opción «Sí» lo afirma.",
    )
    order = models.PositiveSmallIntegerField("orden", default=0)

    class Meta:
        verbose_name = "pregunta de identidad"
        verbose_name_plural = "preguntas de identidad"
        ordering = ["process", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="identity_question_unique_number"),
            models.UniqueConstraint(
                fields=["process", "group"], condition=~Q(group=""), name="identity_question_unique_group"
            ),
            models.CheckConstraint(condition=Q(kind__in=["single", "multiple"]), name="identity_question_kind_valid"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, parent_option__isnull=True)
                | Q(parent__isnull=False, parent_option__isnull=False),
                name="identity_question_parent_with_option",
                violation_error_message="Una pregunta dependiente lleva la pregunta y la opción de la que depende.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="identity_question_number_positive"),
        ]

    def __str__(self):
        return self.export_header or f"{self.number}. {self.text}"

    def save(self, *args, **kwargs):
        if not self.export_header:
            self.export_header = f"{self.number}. {self.text}"
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.parent_id and self.parent_id == self.pk:
            raise _bad_parent("parent", "Una pregunta no puede depender de sí misma.")
        if self.parent_id and self.process_id and self.parent.process_id != self.process_id:
            raise _bad_parent("parent", "La pregunta de la que depende es de otro proceso.")
        if self.parent_option_id and self.parent_option.question_id != self.parent_id:
            raise _bad_parent("parent_option", "La opción debe ser de la pregunta de la que depende.")
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise _bad_parent("parent", "Las dependencias forman un ciclo.")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class IdentityOption(models.Model):
    question = models.ForeignKey(
        IdentityQuestion, on_delete=models.CASCADE, related_name="options", verbose_name="pregunta"
    )
    label = models.CharField("opción", max_length=200)
    order = models.PositiveSmallIntegerField("orden", default=0)
    requires_detail = models.BooleanField(
        "pide especificar", default=False, help_text="Para «Otra: especifique»: la respuesta lleva un texto."
    )
    is_decline = models.BooleanField(
        "es «Prefiero no contestar»", default=False, help_text="Cuenta como respondida y no se combina con otras."
    )

    class Meta:
        verbose_name = "opción de respuesta"
        verbose_name_plural = "opciones de respuesta"
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="identity_option_unique_label"),
            models.CheckConstraint(
                condition=~Q(requires_detail=True, is_decline=True), name="identity_option_decline_without_detail"
            ),
        ]

    def __str__(self):
        return self.label


class IdentityAnswer(models.Model):
    """One candidacy's answer to one question. No row = not answered."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="identity_answers", verbose_name="candidatura"
    )
    question = models.ForeignKey(
        IdentityQuestion, on_delete=models.RESTRICT, related_name="answers", verbose_name="pregunta"
    )
    options = models.ManyToManyField(IdentityOption, related_name="answers", verbose_name="opciones elegidas")
    detail = models.CharField("especifique", max_length=200, blank=True)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    history = HistoricalRecords(m2m_fields=[options], excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "respuesta de identidad"
        verbose_name_plural = "respuestas de identidad"
        ordering = ["candidacy_id", "question__order", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "question"], name="identity_answer_unique_question"),
        ]

    def __str__(self):
        return f"{self.candidacy_id} · {self.question.number}"
