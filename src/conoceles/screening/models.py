"""Screening: automatic pointers to likely breaches of content rules 1, 4, 5 and 7 (DOMAIN.md §7).

Findings are derived data (a re-scan replaces them); they inform reviewers, who decide.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.rubros import FIELDS_BY_NAME, RUBROS_BY_CODE
from conoceles.review.models import ContentRule

SCREENED_RULES = (ContentRule.COPY, ContentRule.OTHER_CANDIDACY, ContentRule.ALLUSION, ContentRule.SLOGANS)


class WatchedTerm(models.Model):
    """A slogan or phrase the institute lists for rule 7, matched as whole words ignoring accents and case."""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="watched_terms", verbose_name="proceso electoral"
    )
    term = models.CharField(
        "término o frase",
        max_length=200,
        help_text="Se busca como palabra o frase completa, sin distinguir acentos ni mayúsculas.",
    )
    note = models.CharField("nota", max_length=300, blank=True, help_text="Por qué se vigila (opcional).")
    created_at = models.DateTimeField("creado", auto_now_add=True)

    class Meta:
        verbose_name = "término vigilado"
        verbose_name_plural = "términos vigilados (supuesto 7)"
        ordering = ["process", "term"]
        constraints = [models.UniqueConstraint(fields=["process", "term"], name="watched_term_unique")]

    def __str__(self):
        return self.term


class FindingQuerySet(models.QuerySet):
    def shown(self):
        """The findings no reviewer dismissed for the same texts (DismissedFinding)."""
        dismissed = DismissedFinding.objects.filter(
            candidacy=models.OuterRef("candidacy"), dismissal_key=models.OuterRef("dismissal_key")
        )
        return self.exclude(models.Exists(dismissed))


class Finding(models.Model):
    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="screening_findings", verbose_name="candidatura"
    )
    rule = models.PositiveSmallIntegerField(
        "supuesto", choices=[(r.value, r.label) for r in SCREENED_RULES], db_index=True
    )
    rubro = models.CharField("rubro", max_length=20)
    field = models.CharField("campo", max_length=40)
    excerpt = models.TextField("fragmento")
    mark_start = models.PositiveIntegerField("inicio de la evidencia")
    mark_end = models.PositiveIntegerField("fin de la evidencia")
    other_candidacy = models.ForeignKey(
        Candidacy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="otra candidatura",
    )
    other_field = models.CharField("campo de la otra candidatura", max_length=40, blank=True)
    term = models.CharField("término encontrado", max_length=400, blank=True)
    score = models.FloatField("similitud estimada", null=True, blank=True)
    # screening.text.dismissal_key: matches the DismissedFinding that hides it while the compared texts are the same.
    dismissal_key = models.CharField("clave para descartar", max_length=64, blank=True)
    scanned_at = models.DateTimeField("revisado", auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "posible incumplimiento"
        verbose_name_plural = "posibles incumplimientos"
        indexes = [models.Index(fields=["candidacy", "rule"], name="finding_candidacy_rule")]

    def __str__(self):
        return f"{self.candidacy_id} · supuesto {self.rule} · {self.field}"

    @property
    def rule_label(self) -> str:
        return ContentRule(self.rule).label

    @property
    def rubro_label(self) -> str:
        return RUBROS_BY_CODE[self.rubro].label

    @property
    def field_label(self) -> str:
        return FIELDS_BY_NAME[self.field].label

    @property
    def other_field_label(self) -> str:
        return FIELDS_BY_NAME[self.other_field].label if self.other_field else ""

    @property
    def before(self) -> str:
        return self.excerpt[: self.mark_start]

    @property
    def evidence(self) -> str:
        return self.excerpt[self.mark_start : self.mark_end]

    @property
    def after(self) -> str:
        return self.excerpt[self.mark_end :]

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)

    @property
    def other_url(self) -> str:
        """The reviewer's page of the other candidacy, when that screen exists."""
        if self.other_candidacy_id is None:
            return ""
        try:
            return reverse("review:candidacy", args=[self.other_candidacy_id])
        except NoReverseMatch:
            return ""


class Fingerprint(models.Model):
    """A sampled hash of a five-word passage of a proposal: the index that finds near-copies (rule 1)."""

    process = models.ForeignKey(ElectoralProcess, on_delete=models.CASCADE, db_index=False, related_name="+")
    hash = models.BigIntegerField()
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="+")
    field = models.PositiveSmallIntegerField()  # index in screening.text.COPY_FIELDS

    class Meta:
        indexes = [models.Index(fields=["process", "hash", "candidacy", "field"], name="fingerprint_lookup")]

    def __str__(self):
        return f"{self.candidacy_id} · {self.field} · {self.hash}"


class DismissedFinding(models.Model):
    """A reviewer's judgement that a finding is a false positive, with the reason (audited also as a WorkflowEvent).
    Findings are derived and re-computed; this one hides every finding with the same dismissal_key: the same rule,
    field, comparison and texts. When either text changes the key changes and the finding is shown again."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="dismissed_findings", verbose_name="candidatura"
    )
    dismissal_key = models.CharField("clave", max_length=64)
    rule = models.PositiveSmallIntegerField("supuesto", choices=[(r.value, r.label) for r in SCREENED_RULES])
    field = models.CharField("campo", max_length=40)
    excerpt = models.TextField("fragmento")
    reason = models.TextField("motivo")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="descartado por"
    )
    at = models.DateTimeField("fecha", auto_now_add=True)

    class Meta:
        verbose_name = "señalamiento descartado"
        verbose_name_plural = "señalamientos descartados"
        indexes = [models.Index(fields=["candidacy", "dismissal_key"], name="dismissed_finding_key")]

    def __str__(self):
        return f"{self.candidacy_id} · supuesto {self.rule} · {self.field} · descartado"
