"""The state of a candidacy's capture/review workflow and of each rubro, and the append-only log of its changes.

The `state` fields are written only by conoceles.review.workflow.transition (rows are created in their initial
state by conoceles.review.services); nothing else sets them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from conoceles.candidacies.models import Candidacy
from conoceles.core.models import AppendOnlyModel
from conoceles.elections.models import ElectoralProcess
from conoceles.questionnaires.rubros import RUBROS

from .states import Decision, EventKind, State, rubro_state_label

RUBRO_CHOICES = [(rubro.code, rubro.label) for rubro in RUBROS]


class CandidacyWorkflow(models.Model):
    """Where a candidacy stands between capture and publication (DOMAIN.md §4 steps 5–8)."""

    candidacy = models.OneToOneField(
        Candidacy, on_delete=models.CASCADE, related_name="workflow", verbose_name="candidatura"
    )
    state = models.CharField("estado", max_length=24, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        verbose_name = "estado de validación de la candidatura"
        verbose_name_plural = "estados de validación de las candidaturas"
        constraints = [models.CheckConstraint(condition=Q(state__in=State.values), name="workflow_state_valid")]

    def __str__(self):
        return f"{self.candidacy_id} · {self.get_state_display()}"


class RubroState(models.Model):
    """Where one rubro of a candidacy's curricular questionnaire stands (observations and corrections are per
    rubro)."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="rubro_states", verbose_name="candidatura"
    )
    rubro = models.CharField("rubro", max_length=20, choices=RUBRO_CHOICES)
    state = models.CharField("estado", max_length=24, choices=State.choices, default=State.DRAFT)
    updated_at = models.DateTimeField("actualizado", auto_now=True)
    # The rubro's content ({field name: value}) when it was last sent back to the actor (an approved observation
    # or a rejected correction): what a correction must change, and the «antes» of the reviewer's diff. Null for
    # rubros observed before it was kept.
    observed_content = models.JSONField("contenido observado", null=True, blank=True)

    class Meta:
        verbose_name = "estado de un rubro"
        verbose_name_plural = "estados de los rubros"
        ordering = ["candidacy_id", "rubro"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "rubro"], name="rubro_state_unique"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="rubro_state_valid"),
        ]

    def __str__(self):
        return f"{self.candidacy_id} · {self.rubro} · {self.get_state_display()}"

    @property
    def state_label(self) -> str:
        """The state in words that agree with «el rubro» («validado», not «validada»)."""
        return rubro_state_label(self.state)


class ContentRule(models.IntegerChoices):
    """The seven content rules (supuestos) reviewers cite (DOMAIN.md §7): a candidacy must not…"""

    COPY = 1, "1. Copiar las propuestas de otra candidatura"
    OFFENSIVE_TO_OTHERS = 2, "2. Publicar contenido ofensivo o discriminatorio sobre otros partidos o candidaturas"
    DISCRIMINATORY_LANGUAGE = 3, "3. Usar lenguaje sexista, ofensivo o discriminatorio"
    OTHER_CANDIDACY = 4, "4. Publicar información o imágenes de otra candidatura"
    ALLUSION = 5, "5. Aludir a otro partido o candidatura"
    RESTRICTED = 6, "6. Publicar contenido restringido por la legislación electoral"
    SLOGANS = 7, "7. Usar lemas o imágenes de campaña"


class ReviewRules(models.Model):
    """How many observation rounds and correction requests a candidacy gets, per process (DOMAIN.md §4 7–8)."""

    process = models.OneToOneField(
        ElectoralProcess, on_delete=models.CASCADE, related_name="review_rules", verbose_name="proceso electoral"
    )
    observation_rounds = models.PositiveSmallIntegerField(
        "rondas de observación por candidatura",
        default=1,
        help_text="Cuántas observaciones aprobadas puede recibir una candidatura. La norma usual es una.",
    )
    correction_requests = models.PositiveSmallIntegerField(
        "solicitudes de corrección por candidatura",
        default=1,
        help_text="Cuántas veces puede el actor político pedir reabrir rubros ya validados.",
    )
    updated_at = models.DateTimeField("actualizadas", auto_now=True)

    class Meta:
        verbose_name = "reglas de revisión"
        verbose_name_plural = "reglas de revisión"

    def __str__(self):
        return f"Reglas de revisión · {self.process}"


class Decided(models.Model):
    """What an observation and a correction request share: the rubros they name and the admin's decision on them,
    taken once (pending → approved | rejected; conoceles.review.services)."""

    rubros = models.JSONField("rubros", help_text="Claves de rubro (questionnaires.rubros).")
    decision = models.CharField("decisión", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="decidida por",
    )
    decided_at = models.DateTimeField("decidida", null=True, blank=True)
    decision_note = models.TextField("nota de la decisión", blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="%(class)s_decision_valid"),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_at__isnull=True)
                | (~Q(decision="pending") & Q(decided_at__isnull=False)),
                name="%(class)s_decided_when_decided",
            ),
        ]

    @property
    def rubro_labels(self) -> list[str]:
        labels = dict(RUBRO_CHOICES)
        return [labels.get(code, code) for code in self.rubros]


class Observation(Decided):
    """A reviewer's proposal that rubros of a candidacy breach content rules; the admin approves or rejects it.
    Once approved, its rubros are off the public site until the actor corrects them and a reviewer accepts."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="observations", verbose_name="candidatura"
    )
    rules = models.JSONField("supuestos", help_text="Números de los supuestos citados (1 a 7).")
    comment = models.TextField("comentario para el actor político")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="propuesta por"
    )
    proposed_at = models.DateTimeField("propuesta", auto_now_add=True)

    class Meta(Decided.Meta):
        verbose_name = "observación"
        verbose_name_plural = "observaciones"
        ordering = ["candidacy_id", "proposed_at", "pk"]
        indexes = [models.Index(fields=["decision", "proposed_at"], name="observation_decision")]

    def __str__(self):
        return f"Observación {self.pk} · {self.candidacy_id} · {self.get_decision_display()}"

    @property
    def rule_labels(self) -> list[str]:
        return [ContentRule(number).label for number in self.rules]


class CorrectionRequest(Decided):
    """The actor's request to reopen rubros it already validated (DOMAIN.md §4 step 8); the admin decides."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="correction_requests", verbose_name="candidatura"
    )
    reason = models.TextField("motivo")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="solicitada por"
    )
    requested_at = models.DateTimeField("solicitada", auto_now_add=True)

    class Meta(Decided.Meta):
        verbose_name = "solicitud de corrección"
        verbose_name_plural = "solicitudes de corrección"
        ordering = ["candidacy_id", "requested_at", "pk"]
        indexes = [models.Index(fields=["decision", "requested_at"], name="correction_decision")]

    def __str__(self):
        return f"Solicitud {self.pk} · {self.candidacy_id} · {self.get_decision_display()}"


class WorkflowEvent(AppendOnlyModel):
    """One step of the workflow, for the audit: a change of state (who, when, from what to what and why), or a
    proposal, request or decision that changes none by itself. Append-only."""

    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="workflow_events", verbose_name="candidatura"
    )
    rubro = models.CharField(
        "rubro", max_length=20, choices=RUBRO_CHOICES, blank=True, help_text="Vacío: la candidatura completa."
    )
    kind = models.CharField("tipo", max_length=24, choices=EventKind.choices, default=EventKind.TRANSITION)
    from_state = models.CharField("estado anterior", max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField("estado nuevo", max_length=24, choices=State.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="realizado por"
    )
    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "evento de validación y revisión"
        verbose_name_plural = "eventos de validación y revisión"
        ordering = ["candidacy_id", "at", "pk"]
        indexes = [models.Index(fields=["candidacy", "at"], name="workflow_event_candidacy_at")]

    def __str__(self):
        if self.kind != EventKind.TRANSITION:
            return f"{self.candidacy_id} · {self.get_kind_display()}"
        return f"{self.candidacy_id} · {self.rubro or 'candidatura'} · {self.from_state} → {self.to_state}"


WINDOW = ("process", "starts", "ends")
FILTERED = (*WINDOW, "sex", "education_level", "affirmative_action", "cargo", "actor", "district", "municipality")


class PublicationEntry(models.Model):
    """The public lists' index (conoceles.review.search_index): one narrow row per candidacy that is public on some
    day of its window, with what the search filters and orders by. It only narrows and orders: the pages show
    what the publication gate lets through. Written only by conoceles.review.search_index."""

    candidacy = models.OneToOneField(
        Candidacy,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="publication_entry",
        verbose_name="candidatura",
    )
    process = models.ForeignKey(ElectoralProcess, on_delete=models.CASCADE, related_name="+", db_index=False)
    contest = models.ForeignKey("elections.Contest", on_delete=models.CASCADE, related_name="+")
    cargo = models.ForeignKey("elections.Cargo", on_delete=models.CASCADE, related_name="+", db_index=False)
    actor = models.ForeignKey("elections.PoliticalActor", on_delete=models.CASCADE, related_name="+", db_index=False)
    district = models.ForeignKey(
        "elections.District", on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    municipality = models.ForeignKey(
        "elections.Municipality", on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    starts = models.DateField("publicación desde")
    ends = models.DateField("publicación hasta")
    search_name = models.CharField("nombre para buscar", max_length=400)
    sex = models.CharField("sexo", max_length=1)
    birth_key = models.DateField("fecha para ordenar por edad")
    affirmative_action = models.CharField("acción afirmativa", max_length=20, blank=True)
    education_level = models.CharField("grado máximo de estudios (si es público)", max_length=80, blank=True)
    cargo_order = models.PositiveSmallIntegerField("orden del cargo")
    contest_name = models.CharField("contienda", max_length=200)
    formula_number = models.PositiveIntegerField("número de lista o fórmula")
    position = models.CharField("tipo de candidatura", max_length=10)
    # When the entry was last written: every announced change of the candidacy's public data rewrites it
    # (search_index.refresh_entries), so the API's `updated_since` finds what changed.
    updated_at = models.DateTimeField("actualizada")

    class Meta:
        verbose_name = "entrada del índice de publicación"
        verbose_name_plural = "índice de publicación"
        # The orderings of public.search.SORTS, each carrying the columns the search filters on, so that a scan in
        # that order checks the window, the filters and a name's words in the index alone and stops at MAX_RESULTS;
        # then an index for each filter, in name order: one that picks few rows (a distrito, a municipio, a group),
        # and those that PostgreSQL combines (bitmap AND) when each alone picks many but together few (a party and
        # a grado, a sex and an age), where a scan in name order would read the whole index. None leads with the
        # window: every row of a process shares it, and SQLite would then sort them all. The name's words themselves
        # (LIKE '%…%') use a trigram index on PostgreSQL (migration 0003).
        indexes = (
            [
                models.Index(fields=[*order, *FILTERED], name=name)
                for name, order in (
                    ("pub_sort_name", ("search_name", "candidacy", "birth_key")),
                    ("pub_sort_younger", ("-birth_key", "search_name", "candidacy")),
                    ("pub_sort_older", ("birth_key", "search_name", "candidacy")),
                )
            ]
            + [
                models.Index(
                    fields=["cargo_order", "contest_name", "search_name", "candidacy", *WINDOW], name="pub_sort_cargo"
                )
            ]
            + [
                models.Index(fields=[column, "search_name"], name=f"pub_by_{column}")
                for column in (
                    "cargo",
                    "actor",
                    "district",
                    "municipality",
                    "education_level",
                    "sex",
                    "affirmative_action",
                )
            ]
            # A name's words alone (LIKE '%…%'): SQLite reads the whole index in name order for a rare name, and
            # this one, without the filters' columns, takes a quarter less time to read than pub_sort_name.
            + [models.Index(fields=["search_name", "candidacy", *WINDOW], name="pub_by_name")]
            + [models.Index(fields=["updated_at"], name="pub_by_updated_at")]
        )

    def __str__(self):
        return f"{self.candidacy_id} · {self.search_name}"
