"""The election as the system knows it (DOMAIN.md §3): process, geography, cargos, contests, actors."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .error_codes import ElectionErrorCode

ENTITIES = [
    (1, "Aguascalientes"),
    (2, "Baja California"),
    (3, "Baja California Sur"),
    (4, "Campeche"),
    (5, "Coahuila de Zaragoza"),
    (6, "Colima"),
    (7, "Chiapas"),
    (8, "Chihuahua"),
    (9, "Ciudad de México"),
    (10, "Durango"),
    (11, "Guanajuato"),
    (12, "Guerrero"),
    (13, "Hidalgo"),
    (14, "Jalisco"),
    (15, "México"),
    (16, "Michoacán de Ocampo"),
    (17, "Morelos"),
    (18, "Nayarit"),
    (19, "Nuevo León"),
    (20, "Oaxaca"),
    (21, "Puebla"),
    (22, "Querétaro"),
    (23, "Quintana Roo"),
    (24, "San Luis Potosí"),
    (25, "Sinaloa"),
    (26, "Sonora"),
    (27, "Tabasco"),
    (28, "Tamaulipas"),
    (29, "Tlaxcala"),
    (30, "Veracruz de Ignacio de la Llave"),
    (31, "Yucatán"),
    (32, "Zacatecas"),
]

hex_color = RegexValidator(r"^#[0-9A-Fa-f]{6}$", "Escriba el color como #RRGGBB, por ejemplo #A1B2C3.")


class LifecycleStage(models.TextChoices):
    """Where a process is in the data's life (DOMAIN.md §4 step 10), in order; each step is taken once, on its date,
    by conoceles.lifecycle, which records it. A later stage includes every earlier one."""

    ACTIVE = "active", "En curso"
    PUBLICATION_ENDED = "publication_ended", "Publicación concluida"
    ARCHIVED = "archived", "Archivado"
    LOCKED = "locked", "Datos personales bloqueados"
    CANCELLED = "cancelled", "Datos personales cancelados"


STAGE_ORDER = tuple(LifecycleStage)


def stages_from(stage: "LifecycleStage") -> list[str]:
    """`stage` and every later one: the stages of a process that has reached `stage` (for queries)."""
    return [s.value for s in STAGE_ORDER[STAGE_ORDER.index(LifecycleStage(stage)) :]]


class ElectoralProcessQuerySet(models.QuerySet):
    def active_latest_first(self):
        """The active processes, the current one first (the rule of `current`, also usable as a subquery)."""
        return self.filter(is_active=True).order_by("-election_day")

    def current(self):
        """The process the public site shows: the active one with the latest election day."""
        return self.active_latest_first().first()

    def writable(self):
        """The processes not archived by their lifecycle: the ones that still take imports, accounts, capture."""
        return self.exclude(stage__in=stages_from(LifecycleStage.ARCHIVED))


class ElectoralProcess(models.Model):
    name = models.CharField("nombre", max_length=200, unique=True)
    entity = models.PositiveSmallIntegerField(
        "entidad federativa", choices=ENTITIES, validators=[MinValueValidator(1), MaxValueValidator(32)]
    )
    election_day = models.DateField("jornada electoral")
    capture_deadline = models.DateField("fecha límite de captura", null=True, blank=True)
    # The dates after election day, in this order (clean() checks it); another issue acts on them.
    publication_end_date = models.DateField(
        "fin de la publicación",
        null=True,
        blank=True,
        help_text="Último día en que el sitio público muestra las candidaturas del proceso.",
    )
    archive_date = models.DateField(
        "fecha de archivo",
        null=True,
        blank=True,
        help_text="Desde este día el proceso queda archivado: se consulta, pero ya no se captura ni se revisa, y las "
        "cuentas de actores políticos y candidaturas se desactivan.",
    )
    lock_date = models.DateField(
        "fecha de bloqueo",
        null=True,
        blank=True,
        help_text="Desde este día se bloquean los datos personales sensibles (respuestas de identidad, evidencias de "
        "consentimiento, datos de contacto privados, registro de accesos): se conservan solo para atender "
        "responsabilidades legales y no se consultan ni se tratan.",
    )
    cancellation_date = models.DateField(
        "fecha de cancelación",
        null=True,
        blank=True,
        help_text="Desde este día se suprimen para siempre los datos bloqueados; quedan las estadísticas agregadas "
        "y los informes ya generados.",
    )
    is_active = models.BooleanField("vigente", default=True)
    stage = models.CharField(
        "etapa del ciclo de vida",
        max_length=20,
        choices=LifecycleStage.choices,
        default=LifecycleStage.ACTIVE,
        editable=False,
        help_text="La cambia solo la tarea programada del ciclo de vida, en las fechas del proceso.",
    )
    in_public_archive = models.BooleanField(
        "mostrar en el archivo público",
        default=True,
        help_text="Concluida su publicación, el sitio público lista el proceso en su archivo de procesos anteriores "
        "(fechas, estadísticas agregadas y, si se conservan, los datos abiertos), sin perfiles.",
    )
    keep_open_data = models.BooleanField(
        "conservar los datos abiertos al concluir la publicación",
        default=False,
        help_text="Si se marca, los archivos de datos abiertos publicados siguen descargables como registro de lo "
        "publicado (desde el bloqueo, sin los que traen respuestas de identidad). Sin marcar, se retiran al concluir "
        "la publicación.",
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)

    objects = ElectoralProcessQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "proceso electoral"
        verbose_name_plural = "procesos electorales"
        ordering = ["-election_day"]
        constraints = [
            models.CheckConstraint(condition=Q(entity__gte=1, entity__lte=32), name="process_entity_range"),
            models.CheckConstraint(
                condition=Q(capture_deadline__isnull=True) | Q(capture_deadline__lte=models.F("election_day")),
                name="process_capture_before_election",
            ),
        ]

    def __str__(self):
        return self.name

    def reached(self, stage: "LifecycleStage") -> bool:
        """Has the process taken the lifecycle step to `stage` (or a later one)?"""
        return STAGE_ORDER.index(LifecycleStage(self.stage)) >= STAGE_ORDER.index(LifecycleStage(stage))

    @property
    def publication_last_day(self) -> datetime.date:
        """The last day the public site shows the process's candidacies (a cargo may end its window earlier):
        `publication_end_date`, or election day when it is empty."""
        return self.publication_end_date or self.election_day

    @property
    def publication_has_ended(self) -> bool:
        """The lifecycle step «fin de la publicación» was taken: nothing of the process is on the public site."""
        return self.reached(LifecycleStage.PUBLICATION_ENDED)

    @property
    def is_archived(self) -> bool:
        """Read-only for everyone: no capture, no review (lifecycle step «archivo» or later)."""
        return self.reached(LifecycleStage.ARCHIVED)

    @property
    def is_locked(self) -> bool:
        """Sensitive personal data blocked (step «bloqueo» or later): readable only by the audited procedure."""
        return self.reached(LifecycleStage.LOCKED)

    def clean(self):
        super().clean()
        errors = {}
        previous = None
        for name in DATE_ORDER:
            value = getattr(self, name)
            if value is None:
                continue
            if previous is not None:
                before = getattr(self, previous)
                may_coincide = previous == "capture_deadline"  # capture may close on election day itself
                if value < before or (value == before and not may_coincide):
                    label = self._meta.get_field(previous).verbose_name
                    relation = "igual o posterior" if may_coincide else "posterior"
                    errors[name] = ValidationError(
                        f"Esta fecha debe ser {relation} a la de «{label}» ({before:%d/%m/%Y}).",
                        code=ElectionErrorCode.DATES_OUT_OF_ORDER,
                    )
            previous = name
        if errors:
            raise ValidationError(errors)


# The process's dates in the order they follow, each after the one before it (the capture deadline may fall on
# election day itself); an empty date is skipped.
DATE_ORDER = (
    "capture_deadline",
    "election_day",
    "publication_end_date",
    "archive_date",
    "lock_date",
    "cancellation_date",
)


class District(models.Model):
    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="districts", verbose_name="proceso electoral"
    )
    number = models.PositiveSmallIntegerField("número", validators=[MinValueValidator(1)])
    head_town = models.CharField("cabecera", max_length=120, blank=True)

    class Meta:
        verbose_name = "distrito electoral local"
        verbose_name_plural = "distritos electorales locales"
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="district_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="district_number_positive"),
        ]

    def __str__(self):
        return f"Distrito {self.number}" + (f" – {self.head_town}" if self.head_town else "")


class Municipality(models.Model):
    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="municipalities", verbose_name="proceso electoral"
    )
    inegi_key = models.CharField(
        "clave INEGI",
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", "La clave INEGI tiene cinco dígitos: entidad (2) y municipio (3).")],
        help_text="Cinco dígitos: dos de la entidad y tres del municipio, p. ej. 23004.",
    )
    name = models.CharField("nombre", max_length=120)

    class Meta:
        verbose_name = "municipio"
        verbose_name_plural = "municipios"
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "inegi_key"], name="municipality_unique_key"),
            models.UniqueConstraint(fields=["process", "name"], name="municipality_unique_name"),
        ]

    def __str__(self):
        return self.name


class Section(models.Model):
    """Sección electoral: the number printed on the voting card; belongs to one district and one municipality."""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="sections", verbose_name="proceso electoral"
    )
    number = models.PositiveIntegerField("sección", validators=[MinValueValidator(1)])
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="sections", verbose_name="distrito")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="sections", verbose_name="municipio"
    )

    class Meta:
        verbose_name = "sección electoral"
        verbose_name_plural = "secciones electorales"
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="section_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="section_number_positive"),
        ]

    def __str__(self):
        return f"Sección {self.number}"


class Cargo(models.Model):
    class Scope(models.TextChoices):
        ENTITY = "entity", "Toda la entidad"
        DISTRICT = "district", "Distrito"
        MUNICIPALITY = "municipality", "Municipio"
        LIST = "list", "Lista (representación proporcional)"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="cargos", verbose_name="proceso electoral"
    )
    code = models.SlugField("clave", max_length=30, help_text="Clave corta y estable, p. ej. DIP_MR.")
    name = models.CharField("nombre", max_length=120)
    scope = models.CharField("ámbito", max_length=20, choices=Scope.choices)
    order = models.PositiveSmallIntegerField("orden en la boleta", default=0)
    publication_start = models.DateField(
        "inicio de publicación", null=True, blank=True, help_text="Normalmente el inicio de campaña del cargo."
    )
    publication_end = models.DateField(
        "fin de publicación", null=True, blank=True, help_text="Si se deja vacío, la jornada electoral."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cargo"
        verbose_name_plural = "cargos"
        ordering = ["process", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="cargo_unique_code"),
            models.UniqueConstraint(fields=["process", "name"], name="cargo_unique_name"),
            models.CheckConstraint(
                condition=Q(scope__in=["entity", "district", "municipality", "list"]), name="cargo_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(publication_start__isnull=True)
                | Q(publication_end__isnull=True)
                | Q(publication_start__lte=models.F("publication_end")),
                name="cargo_publication_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        """The publication window lies within the year before election day and ends by election day at the latest
        (DOMAIN.md §4 step 6)."""
        super().clean()
        start, end = self.publication_start, self.publication_end
        election_day = self.process.election_day if self.process_id else None
        errors = {}
        if start and end and start > end:
            errors["publication_end"] = ValidationError(
                "El fin de publicación no puede ser anterior al inicio.", code=ElectionErrorCode.WINDOW_REVERSED
            )
        if election_day:
            on = f"{election_day:%d/%m/%Y}"
            if end and end > election_day:
                errors["publication_end"] = ValidationError(
                    f"La publicación no puede terminar después de la jornada electoral ({on}).",
                    code=ElectionErrorCode.WINDOW_AFTER_ELECTION,
                )
            earliest = election_day - datetime.timedelta(days=PUBLICATION_MAX_DAYS_BEFORE)
            if start and start > election_day:
                errors["publication_start"] = ValidationError(
                    f"La publicación no puede empezar después de la jornada electoral ({on}).",
                    code=ElectionErrorCode.WINDOW_AFTER_ELECTION,
                )
            elif start and start < earliest:
                errors["publication_start"] = ValidationError(
                    "La publicación no puede empezar más de un año antes de la jornada electoral "
                    f"(a partir del {earliest:%d/%m/%Y}).",
                    code=ElectionErrorCode.WINDOW_TOO_EARLY,
                )
        if errors:
            raise ValidationError(errors)


PUBLICATION_MAX_DAYS_BEFORE = 365  # a publication window opens at most this long before election day


class Contest(models.Model):
    """What one ballot elects: a cargo in a place ("Diputación MR, distrito 3")."""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="contests", verbose_name="proceso electoral"
    )
    cargo = models.ForeignKey(Cargo, on_delete=models.PROTECT, related_name="contests", verbose_name="cargo")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="contests", verbose_name="distrito"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="contests", verbose_name="municipio"
    )
    circumscription = models.PositiveSmallIntegerField("circunscripción", null=True, blank=True)
    name = models.CharField("nombre", max_length=200)

    class Meta:
        verbose_name = "contienda"
        verbose_name_plural = "contiendas"
        ordering = ["process", "cargo__order", "district__number", "municipality__name", "circumscription"]
        # The contests of a ballot (public.ballots.ballot_contests): those of the whole entity by this index.
        indexes = [models.Index(fields=["process", "district", "municipality"], name="contest_place")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(district__isnull=False, municipality__isnull=False),
                name="contest_one_place_only",
                violation_error_message="Una contienda es de un distrito o de un municipio, no de ambos.",
            ),
            models.UniqueConstraint(
                fields=["cargo", "district"], condition=Q(district__isnull=False), name="contest_unique_district"
            ),
            models.UniqueConstraint(
                fields=["cargo", "municipality"],
                condition=Q(municipality__isnull=False),
                name="contest_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["cargo", "circumscription"],
                condition=Q(district__isnull=True, municipality__isnull=True, circumscription__isnull=False),
                name="contest_unique_circumscription",
            ),
            models.UniqueConstraint(
                fields=["cargo"],
                condition=Q(district__isnull=True, municipality__isnull=True, circumscription__isnull=True),
                name="contest_unique_entity_wide",
            ),
        ]

    def __str__(self):
        return self.name


class PoliticalActor(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", "Partido político"
        COALITION = "coalition", "Coalición"
        COMMON = "common", "Candidatura común"
        INDEPENDENT = "independent", "Candidatura independiente"

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="actors", verbose_name="proceso electoral"
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    acronym = models.CharField("siglas", max_length=40)
    name = models.CharField("nombre", max_length=200)
    color = models.CharField("color", max_length=7, default="#777777", validators=[hex_color])
    emblem = models.ImageField("emblema", upload_to="emblems/", blank=True)
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="alliances",
        verbose_name="partidos integrantes",
        limit_choices_to={"kind": "party"},
        help_text="Solo para coaliciones y candidaturas comunes.",
    )
    contact_email = models.EmailField(
        "correo de contacto (privado)", blank=True, help_text="Para la entrega de cuentas; nunca se publica."
    )
    order = models.PositiveSmallIntegerField("orden", default=0)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "actor político"
        verbose_name_plural = "actores políticos"
        ordering = ["process", "order", "acronym"]
        constraints = [
            models.UniqueConstraint(fields=["process", "acronym"], name="actor_unique_acronym"),
            models.UniqueConstraint(fields=["process", "name"], name="actor_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=["party", "coalition", "common", "independent"]), name="actor_kind_valid"
            ),
            models.CheckConstraint(condition=Q(color__regex=r"^#[0-9A-Fa-f]{6}$"), name="actor_color_hex"),
        ]

    def __str__(self):
        return self.acronym

