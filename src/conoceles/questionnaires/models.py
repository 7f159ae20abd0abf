"""The curricular and identity questionnaires, the aviso de privacidad and consent (DOMAIN.md §5, §6).

Rows and their own invariants only; every write goes through conoceles.questionnaires.services, completeness is
computed in conoceles.questionnaires.completeness and the rubros are declared in conoceles.questionnaires.rubros.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy
from conoceles.core.models import AppendOnlyModel
from conoceles.core.storage import private_storage
from conoceles.elections.models import ElectoralProcess

from .error_codes import QuestionnaireErrorCode
from .rubros import LIMIT_ATTRIBUTES

NO_EDUCATION = "Sin estudios"
DECLINE_LABEL = "Prefiero no contestar"


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


# --------------------------------------------------------------------------------------------
# Capture rules: the limits and catalogs an institute sets per process
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Curricular questionnaire
# --------------------------------------------------------------------------------------------


class CurricularQuestionnaire(models.Model):
    """The curricular answers of one candidacy. Fields by rubro: conoceles.questionnaires.rubros."""

    candidacy = models.OneToOneField(
        Candidacy, on_delete=models.CASCADE, related_name="curricular", verbose_name="candidatura"
    )
    photo = models.ImageField("fotografía", upload_to="photos/", storage=private_storage, blank=True, max_length=200)
    facebook = models.URLField("Facebook", max_length=300, blank=True)
    x = models.URLField("X (antes Twitter)", max_length=300, blank=True)
    instagram = models.URLField("Instagram", max_length=300, blank=True)
    youtube = models.URLField("YouTube", max_length=300, blank=True)
    tiktok = models.URLField("TikTok", max_length=300, blank=True)
    other_network = models.URLField("otra red social", max_length=300, blank=True)
    website = models.URLField("página web", max_length=300, blank=True)
    public_email = models.EmailField("correo electrónico público", blank=True)
    public_phone = models.CharField("teléfono público", max_length=40, blank=True)
    campaign_address = models.CharField("domicilio de la casa de campaña", max_length=300, blank=True)
    education_level = models.CharField("grado máximo de estudios", max_length=80, blank=True)
    education_status = models.CharField("estatus", max_length=80, blank=True)
    other_training = models.TextField("otra formación (cursos, diplomados)", blank=True)
    professional_history = models.TextField("historia profesional y/o laboral", blank=True)
    political_trajectory = models.TextField("trayectoria política y/o participación social", blank=True)
    motivation = models.TextField("¿por qué quiere ocupar un cargo público?", blank=True)
    proposal_1 = models.TextField("propuesta 1", blank=True)
    proposal_2 = models.TextField("propuesta 2", blank=True)
    proposal_gender = models.TextField(
        "propuesta en materia de género o del grupo en situación de discriminación que representa", blank=True
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "cuestionario curricular"
        verbose_name_plural = "cuestionarios curriculares"

    def __str__(self):
        return f"Cuestionario curricular · {self.candidacy_id}"


# --------------------------------------------------------------------------------------------
# Identity questionnaire: questions and options are data per process (the norm allows additions)
# --------------------------------------------------------------------------------------------


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
            raise ValidationError(
                {"parent": "Una pregunta no puede depender de sí misma."}, code=QuestionnaireErrorCode.BAD_PARENT
            )
        if self.parent_id and self.process_id and self.parent.process_id != self.process_id:
            raise ValidationError(
                {"parent": "La pregunta de la que depende es de otro proceso."}, code=QuestionnaireErrorCode.BAD_PARENT
            )
        if self.parent_option_id and self.parent_option.question_id != self.parent_id:
            raise ValidationError(
                {"parent_option": "La opción debe ser de la pregunta de la que depende."},
                code=QuestionnaireErrorCode.BAD_PARENT,
            )
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {"parent": "Las dependencias forman un ciclo."}, code=QuestionnaireErrorCode.BAD_PARENT
                )
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


# --------------------------------------------------------------------------------------------
# Aviso de privacidad (versioned) and its acceptance
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Consent over sensitive data (DOMAIN.md §6): append-only
# --------------------------------------------------------------------------------------------


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
