"""Candidacies: one person postulated to one contest by one actor (DOMAIN.md §3)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from conoceles.core.text import fold
from conoceles.elections.models import Contest, ElectoralProcess, LifecycleStage, PoliticalActor, stages_from

from .error_codes import CandidacyErrorCode


class Sex(models.TextChoices):
    WOMAN = "M", "Mujer"
    MAN = "H", "Hombre"
    NON_BINARY = "X", "No binario"


class Position(models.TextChoices):
    OWNER = "owner", "Propietaria/Propietario"
    ALTERNATE = "alternate", "Suplente"


class AffirmativeActionGroup(models.TextChoices):
    """The seven groups in situation of discrimination of the norm (DOMAIN.md §1)."""

    INDIGENOUS = "indigenous", "Persona indígena"
    DISABILITY = "disability", "Persona con discapacidad"
    AFRO_MEXICAN = "afromexican", "Persona afromexicana"
    LGBT = "lgbt", "Persona de la población LGBTTTIQ+"
    MIGRANT = "migrant", "Persona migrante"
    YOUTH = "youth", "Persona joven"
    ELDERLY = "elderly", "Persona mayor"


# Candidacies of a process not archived by its lifecycle (conoceles.lifecycle): the only ones anybody may still change
# (conoceles.core.permissions).
WRITABLE = ~Q(process__stage__in=stages_from(LifecycleStage.ARCHIVED))


class CandidacyQuerySet(models.QuerySet):
    def active(self):
        """Registered and not replaced nor cancelled: the candidacies that are on the ballot."""
        return self.filter(status=Candidacy.Status.APPROVED)

    def matching(self, text: str):
        """Candidacies whose name contains every word of `text`, ignoring accents and case
        ("jose munoz" finds "José Muñoz")."""
        queryset = self
        for word in fold(text).split():
            queryset = queryset.filter(search_name__contains=word)
        return queryset


class Candidacy(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", "Aprobada"
        SUBSTITUTED = "substituted", "Sustituida"
        CANCELLED = "cancelled", "Cancelada"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="candidacies", verbose_name="proceso electoral"
    )
    registration_id = models.CharField(
        "identificador de registro",
        max_length=64,
        help_text="El identificador que asigna el sistema de registro de candidaturas; no cambia entre importaciones.",
    )
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="candidacies", verbose_name="contienda")
    actor = models.ForeignKey(
        PoliticalActor, on_delete=models.PROTECT, related_name="candidacies", verbose_name="actor político"
    )
    formula_number = models.PositiveIntegerField(
        "número de lista o fórmula", default=1, validators=[MinValueValidator(1)]
    )
    position = models.CharField("tipo de candidatura", max_length=10, choices=Position.choices)
    first_name = models.CharField("nombre(s)", max_length=120)
    last_name = models.CharField("primer apellido", max_length=120, blank=True)
    second_last_name = models.CharField("segundo apellido", max_length=120, blank=True)
    sex = models.CharField("sexo", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("fecha de nacimiento", null=True, blank=True)
    declared_age = models.PositiveSmallIntegerField(
        "edad declarada",
        null=True,
        blank=True,
        validators=[MinValueValidator(18), MaxValueValidator(120)],
        help_text="Solo cuando el registro no trae fecha de nacimiento.",
    )
    affirmative_action = models.CharField(
        "acción afirmativa", max_length=20, choices=AffirmativeActionGroup.choices, blank=True
    )
    consecutive_election = models.BooleanField("elección consecutiva", default=False)
    status = models.CharField("estatus del registro", max_length=12, choices=Status.choices, default=Status.APPROVED)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="sustituye a",
    )
    private_email = models.EmailField(
        "correo (privado)", blank=True, help_text="Para entregar la cuenta; nunca se publica."
    )
    search_name = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField("creada", auto_now_add=True)
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    objects = CandidacyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_name", "updated_at"])

    class Meta:
        verbose_name = "candidatura"
        verbose_name_plural = "candidaturas"
        ordering = ["contest", "actor", "formula_number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "registration_id"], name="candidacy_unique_registration"),
            models.UniqueConstraint(
                fields=["contest", "actor", "formula_number", "position"],
                condition=Q(status="approved"),
                name="candidacy_unique_active_seat",
            ),
            models.CheckConstraint(condition=Q(sex__in=["M", "H", "X"]), name="candidacy_sex_valid"),
            models.CheckConstraint(condition=Q(position__in=["owner", "alternate"]), name="candidacy_position_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "substituted", "cancelled"]), name="candidacy_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(affirmative_action__in=["", *AffirmativeActionGroup.values]),
                name="candidacy_affirmative_action_valid",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=False) | Q(declared_age__isnull=False),
                name="candidacy_has_age",
                violation_error_message="Indique la fecha de nacimiento o la edad declarada.",
            ),
            models.CheckConstraint(
                condition=Q(declared_age__isnull=True) | Q(declared_age__gte=18, declared_age__lte=120),
                name="candidacy_age_range",
            ),
            models.CheckConstraint(condition=Q(formula_number__gte=1), name="candidacy_formula_positive"),
            models.CheckConstraint(condition=~Q(first_name=""), name="candidacy_has_name"),
            models.CheckConstraint(condition=~Q(registration_id=""), name="candidacy_has_registration_id"),
        ]
        indexes = [models.Index(fields=["process", "status"], name="candidacy_process_status")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = self.compute_search_name()
        super().save(*args, **kwargs)

    def clean(self):
        """The seat rule of `candidacy_unique_active_seat`, said in Spanish before the database refuses it."""
        super().clean()
        if self.status != self.Status.APPROVED or not (self.contest_id and self.actor_id and self.formula_number):
            return
        holder = (
            Candidacy.objects.active()
            .filter(contest_id=self.contest_id, actor_id=self.actor_id, formula_number=self.formula_number,
                    position=self.position)
            .exclude(pk=self.pk)
            .first()
        )
        if holder is not None:
            message = f"Ese lugar de la fórmula ya lo ocupa {holder} ({holder.registration_id})."
            # keyed by field, and the code on the field's error: ValidationError drops `code` beside a dict
            raise ValidationError({"formula_number": ValidationError(message, code=CandidacyErrorCode.SEAT_TAKEN)})

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name, self.second_last_name) if part)

    def compute_search_name(self) -> str:
        return fold(self.full_name)

    @property
    def age(self) -> int | None:
        """Age on election day when the birth date is known, else the declared age."""
        if self.birth_date is None:
            return self.declared_age
        day = self.process.election_day if self.process_id else date.today()
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def position_label(self) -> str:
        if self.position == Position.ALTERNATE:
            return "Suplente"
        return {"M": "Propietaria", "H": "Propietario"}.get(self.sex, "Propietarie")
