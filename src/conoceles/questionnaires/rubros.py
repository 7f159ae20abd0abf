"""The rubros of the curricular questionnaire (DOMAIN.md §5), declared once.

Screens, validation (services), completeness, exports and the public profile read this module: which fields
each rubro has, their Spanish labels, which are required and which CaptureRules attribute bounds their length.
Nothing else lists the curricular fields.
"""

from dataclasses import dataclass


class Kind:
    """What a field holds; services pick the validation by kind."""

    PHOTO = "photo"  # saved through save_photo, never through save_rubro
    NETWORK = "network"  # a profile URL on one social network
    URL = "url"  # any https address
    EMAIL = "email"
    PHONE = "phone"
    SHORT_TEXT = "short_text"  # one line, bounded by the model field's max_length
    CHOICE = "choice"  # a value of a catalog in CaptureRules (catalog attribute name in `catalog`)
    LONG_TEXT = "long_text"  # a textarea, bounded by a CaptureRules limit


@dataclass(frozen=True)
class Field:
    name: str  # attribute of CurricularQuestionnaire
    label: str  # what the user reads
    required: bool  # counts for completeness; never enforced at save (rubros save as drafts)
    limit: str | None = None  # CaptureRules attribute with the maximum length, or None
    kind: str = Kind.LONG_TEXT
    minimum: bool = False  # CaptureRules.min_text_length applies (when the text is not empty)
    catalog: str | None = None  # for CHOICE: CaptureRules attribute with the allowed values
    help_text: str = ""


@dataclass(frozen=True)
class Rubro:
    code: str
    label: str
    fields: tuple[Field, ...]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


# The grado for which the estatus does not apply is configurable (CaptureRules.levels_without_status);
# this is the field that depends on it.
STATUS_FIELD = "education_status"
LEVEL_FIELD = "education_level"

NETWORK_FIELDS = ("facebook", "x", "instagram", "youtube", "tiktok", "other_network")

RUBROS: tuple[Rubro, ...] = (
    Rubro(
        "general",
        "Datos generales",
        (
            Field("photo", "Fotografía", True, kind=Kind.PHOTO),
            Field("facebook", "Facebook", False, kind=Kind.NETWORK),
            Field("x", "X (antes Twitter)", False, kind=Kind.NETWORK),
            Field("instagram", "Instagram", False, kind=Kind.NETWORK),
            Field("youtube", "YouTube", False, kind=Kind.NETWORK),
            Field("tiktok", "TikTok", False, kind=Kind.NETWORK),
            Field("other_network", "Otra red social", False, kind=Kind.NETWORK),
            Field("website", "Página web", False, kind=Kind.URL),
            Field("public_email", "Correo electrónico público", False, kind=Kind.EMAIL),
            Field("public_phone", "Teléfono público", False, kind=Kind.PHONE),
            Field(
                "campaign_address",
                "Domicilio de la casa de campaña",
                False,
                kind=Kind.SHORT_TEXT,
                help_text="Solo datos públicos de contacto; nunca un domicilio particular.",
            ),
        ),
    ),
    Rubro(
        "education",
        "Formación académica",
        (
            Field(LEVEL_FIELD, "Grado máximo de estudios", True, kind=Kind.CHOICE, catalog="education_levels"),
            Field(STATUS_FIELD, "Estatus", True, kind=Kind.CHOICE, catalog="education_statuses"),
            Field(
                "other_training",
                "Otra formación (cursos, diplomados)",
                False,
                limit="other_training_max",
                kind=Kind.LONG_TEXT,
            ),
        ),
    ),
    Rubro(
        "professional",
        "Historia profesional y/o laboral",
        (
            Field(
                "professional_history",
                "Historia profesional y/o laboral",
                True,
                limit="professional_history_max",
                minimum=True,
            ),
        ),
    ),
    Rubro(
        "political",
        "Trayectoria política y/o participación social",
        (
            Field(
                "political_trajectory",
                "Trayectoria política y/o participación social",
                True,
                limit="political_trajectory_max",
                minimum=True,
            ),
        ),
    ),
    Rubro(
        "motivation",
        "¿Por qué quiere ocupar un cargo público?",
        (Field("motivation", "¿Por qué quiere ocupar un cargo público?", True, limit="motivation_max", minimum=True),),
    ),
    Rubro(
        "proposals",
        "Propuestas",
        (
            Field("proposal_1", "Propuesta 1", True, limit="proposal_max", minimum=True),
            Field("proposal_2", "Propuesta 2", True, limit="proposal_max", minimum=True),
            Field(
                "proposal_gender",
                "Propuesta en materia de género o del grupo en situación de discriminación que representa",
                True,
                limit="proposal_max",
                minimum=True,
            ),
        ),
    ),
)

RUBROS_BY_CODE: dict[str, Rubro] = {r.code: r for r in RUBROS}
ALL_FIELDS: tuple[Field, ...] = tuple(f for r in RUBROS for f in r.fields)
FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in ALL_FIELDS}
LIMIT_ATTRIBUTES: tuple[str, ...] = tuple(dict.fromkeys(f.limit for f in ALL_FIELDS if f.limit))

NOT_PROVIDED = "No proporcionó"  # an empty optional field, as shown and exported
RUBRO_NOT_PROVIDED = "La candidatura no proporcionó información"  # a rubro left blank


def get_rubro(code: str) -> Rubro:
    try:
        return RUBROS_BY_CODE[code]
    except KeyError:
        raise ValueError(f"Unknown rubro {code!r}; expected one of {', '.join(RUBROS_BY_CODE)}") from None
