"""The qualitative evaluation of the curricular content (DOMAIN.md §9, informe final): one rubric per process, its
variables grouped by the rubros of conoceles.questionnaires.rubros, and each candidacy's score by a person.

Writes: conoceles.evaluation.services. The automatic suggestions: conoceles.evaluation.measures."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.rubros import RUBROS

from .error_codes import EvaluationErrorCode
from .measures import MEASURE_CHOICES

RUBRO_CHOICES = [(r.code, r.label) for r in RUBROS]


class Rubric(models.Model):
    """The rubric of one process. Its maximum score is derived: the sum of the «cumple» points of its variables."""

    process = models.OneToOneField(
        ElectoralProcess, on_delete=models.CASCADE, related_name="rubric", verbose_name="proceso electoral"
    )
    name = models.CharField("nombre", max_length=200)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "rúbrica"
        verbose_name_plural = "rúbricas"

    def __str__(self):
        return self.name

    @property
    def max_score(self) -> int:
        return sum(v.points_met for v in self.variables.all())


class RubricVariable(models.Model):
    """One variable of a rubro: «cumple» or «no cumple», each worth its points. A dependent variable fails whenever
    the first variable of its rubro (the lowest `order`) fails."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="variables", verbose_name="rúbrica")
    rubro = models.CharField("rubro", max_length=20, choices=RUBRO_CHOICES)
    order = models.PositiveSmallIntegerField("orden", default=1)
    label = models.CharField("variable", max_length=300)
    description = models.TextField("criterio", blank=True, help_text="Qué debe verificar la persona revisora.")
    points_met = models.PositiveSmallIntegerField("puntos si cumple")
    points_not_met = models.PositiveSmallIntegerField("puntos si no cumple", default=0)
    depends_on_first = models.BooleanField(
        "depende de la primera variable del rubro",
        default=False,
        help_text="Si la primera variable del rubro no se cumple, esta tampoco.",
    )
    measure = models.CharField(
        "sugerencia automática", max_length=40, choices=MEASURE_CHOICES, blank=True,
        help_text="Comprobación que el sistema propone; la persona revisora la confirma o la cambia.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "variable de la rúbrica"
        verbose_name_plural = "variables de la rúbrica"
        ordering = ["rubric_id", "rubro", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points_not_met__lte=models.F("points_met")),
                name="variable_points",
                violation_error_message="«No cumple» no puede valer más puntos que «cumple».",
                violation_error_code=EvaluationErrorCode.BAD_POINTS,
            ),
            models.CheckConstraint(condition=Q(rubro__in=[c for c, _ in RUBRO_CHOICES]), name="variable_rubro_valid"),
        ]

    def __str__(self):
        return self.label

    def points(self, met: bool) -> int:
        return self.points_met if met else self.points_not_met


class CandidacyScore(models.Model):
    """The score of one candidacy with the process's rubric, saved only by a person's submission. `complete`: every
    variable answered; only complete scores count in the informe final."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="scores", verbose_name="candidatura"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="scores", verbose_name="rúbrica")
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="calificada por"
    )
    scored_at = models.DateTimeField("calificada")
    total = models.PositiveSmallIntegerField("puntaje")
    complete = models.BooleanField("completa", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "calificación de candidatura"
        verbose_name_plural = "calificaciones de candidaturas"
        constraints = [models.UniqueConstraint(fields=["candidacy", "rubric"], name="one_score_per_rubric")]

    def __str__(self):
        return f"{self.candidacy_id} · {self.total}"


class VariableScore(models.Model):
    """One variable of a score: what the person decided, what the system suggested, and whether she changed it."""

    score = models.ForeignKey(
        CandidacyScore, on_delete=models.CASCADE, related_name="answers", verbose_name="calificación"
    )
    variable = models.ForeignKey(RubricVariable, on_delete=models.RESTRICT, related_name="+", verbose_name="variable")
    met = models.BooleanField("cumple")
    suggested = models.BooleanField("sugerencia", null=True, blank=True)
    changed = models.BooleanField("cambió la sugerencia", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "respuesta de la rúbrica"
        verbose_name_plural = "respuestas de la rúbrica"
        constraints = [models.UniqueConstraint(fields=["score", "variable"], name="one_answer_per_variable")]

    def __str__(self):
        return f"{self.score_id} · {self.variable_id} · {'cumple' if self.met else 'no cumple'}"
