"""The 20 questions of the INE's identity questionnaire (DOMAIN.md §5), as seed data.

services.seed_identity_questions(process) copies them into IdentityQuestion/IdentityOption rows; from then on
they are data the institute can extend in the admin. Every question also gets «Prefiero no contestar».
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.elections.models import ENTITIES

from .models import DECLINE_LABEL

DATA_DIR = Path(__file__).resolve().parent / "data"

YES, NO = "Sí", "No"
OTHER_SPECIFY_M = "Otro: especifique"
OTHER_SPECIFY_F = "Otra: especifique"
NOT_APPLICABLE = "No aplica"


@dataclass(frozen=True)
class OptionSpec:
    label: str
    requires_detail: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    number: int
    text: str
    options: tuple[OptionSpec, ...]
    multiple: bool = False
    parent: int | None = None  # shown only when question `parent` is answered with `parent_option`
    parent_option: str | None = None
    group: str = ""  # the Sí/No question that identifies one of the seven groups


def _read_lines(name: str) -> tuple[str, ...]:
    lines = (line.strip() for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def indigenous_peoples() -> tuple[str, ...]:
    """The 68 pueblos indígenas (agrupaciones lingüísticas of INALI's catalog)."""
    return _read_lines("pueblos_indigenas.txt")


@cache
def countries() -> tuple[str, ...]:
    """Countries in Spanish, Estados Unidos de América first (where most migrants live), then alphabetical."""
    return _read_lines("paises.txt")


def _options(*labels: str) -> tuple[OptionSpec, ...]:
    return tuple(OptionSpec(label, requires_detail=label in (OTHER_SPECIFY_M, OTHER_SPECIFY_F)) for label in labels)


YES_NO = _options(YES, NO)


def question_specs() -> tuple[QuestionSpec, ...]:
    return (
        QuestionSpec(
            1,
            "¿Se identifica como una persona indígena o como parte de algún pueblo o comunidad indígena?",
            YES_NO,
            group=Group.INDIGENOUS,
        ),
        QuestionSpec(2, "¿Habla y/o entiende alguna lengua indígena nacional?", YES_NO),
        QuestionSpec(
            3,
            "¿A qué pueblo y/o comunidad indígena pertenece?",
            _options(*indigenous_peoples(), OTHER_SPECIFY_M, NOT_APPLICABLE),
        ),
        QuestionSpec(4, "¿Tiene alguna discapacidad?", YES_NO, group=Group.DISABILITY),
        QuestionSpec(
            5,
            "El tipo de discapacidad con el que vive es:",
            _options("Permanente", "Temporal"),
            parent=4,
            parent_option=YES,
        ),
        QuestionSpec(
            6,
            "¿De qué tipo?",
            _options("Física", "Sensorial", "Mental", "Intelectual", OTHER_SPECIFY_F),
            parent=4,
            parent_option=YES,
        ),
        QuestionSpec(
            7,
            "Su discapacidad le dificulta o impide:",
            _options(
                "Caminar, subir o bajar escaleras",
                "Mover o usar brazos y/o manos",
                "Ver, aunque use lentes",
                "Oír, aunque use aparato auditivo",
                "Hablar o comunicarse",
                "Aprender, recordar y/o concentrarse",
                "Interactuar en un entorno social",
                OTHER_SPECIFY_F,
            ),
            multiple=True,
            parent=4,
            parent_option=YES,
        ),
        QuestionSpec(
            8,
            "¿Se considera una persona afromexicana o que forma parte de alguna comunidad afrodescendiente?",
            YES_NO,
            group=Group.AFRO_MEXICAN,
        ),
        QuestionSpec(
            9,
            "¿Es usted una persona de la población LGBTTTIQ+ (lesbiana, gay, bisexual, transgénero, travesti, "
            "transexual, intersexual, queer, no binaria u otra)?",
            YES_NO,
            group=Group.LGBT,
        ),
        QuestionSpec(
            10,
            "Usted se identifica como:",
            _options(
                "Hombre gay",
                "Mujer lesbiana",
                "Persona bisexual",
                "Mujer trans",
                "Hombre trans",
                "Persona intersexual",
                "Persona queer o no binaria",
                OTHER_SPECIFY_F,
            ),
            parent=9,
            parent_option=YES,
        ),
        QuestionSpec(11, "¿Es usted migrante?", YES_NO, group=Group.MIGRANT),
        QuestionSpec(12, "¿En qué país reside?", _options(*countries()), parent=11, parent_option=YES),
        QuestionSpec(
            13,
            "¿Cuánto tiempo ha vivido en el extranjero?",
            _options("0 a 5 años", "6 a 15 años", "Más de 15 años"),
            parent=11,
            parent_option=YES,
        ),
        QuestionSpec(
            14,
            "¿Cuál fue el motivo de la residencia en el extranjero?",
            _options("Familiar", "Estudio", "Trabajo", "Otro"),
            parent=11,
            parent_option=YES,
        ),
        QuestionSpec(
            15,
            "Cuando emigró, ¿se encontraba con una situación regular de trabajo o con un lugar asegurado en alguna "
            "institución educativa del país extranjero?",
            YES_NO,
            parent=11,
            parent_option=YES,
        ),
        QuestionSpec(16, "¿Es parte de la población joven (entre 18 y 29 años)?", YES_NO, group=Group.YOUTH),
        QuestionSpec(17, "¿Es parte de la población de personas mayores (60 años o más)?", YES_NO, group=Group.ELDERLY),
        QuestionSpec(
            18,
            "¿En cuál de los siguientes grupos de ingresos se encuentra?",
            _options(
                "No recibe ingresos",
                "Menos de $11,000",
                "$11,001–$25,000",
                "$25,001–$50,000",
                "$50,001–$75,000",
                "$75,001–$112,000",
                "Más de $112,000",
            ),
        ),
        QuestionSpec(
            19,
            "Su fuente principal de ingresos es:",
            _options(
                "Salario",
                "Negocio propio",
                "Compañía o empresa registrada con 5 empleados o más",
                "No ha laborado en los 3 meses anteriores",
                "Otra",
            ),
        ),
        QuestionSpec(20, "Entidad federativa de nacimiento", _options(*(name for _, name in ENTITIES))),
    )


DECLINE = OptionSpec(DECLINE_LABEL)

# The open-data headers of the 20 questions, verbatim from the INE's 2022 local export (NFC; the last one ends in
# «: » with its space). Our own wording of questions 5, 6, 9, 10 and 20 differs; the export writes the INE's.
INE_QUESTION_HEADERS = {
    1: "1. ¿Se identifica como una persona indígena o como parte de algún pueblo o comunidad indígena?",
    2: "2. ¿Habla y/o entiende alguna lengua indígena nacional?",
    3: "3. ¿A qué pueblo y/o comunidad indígena pertenece?",
    4: "4. ¿Tiene alguna discapacidad?",
    5: "5. En caso de haber respondido afirmativamente la pregunta anterior, "
    "El tipo de discapacidad con el que vive es:",
    6: "6. En caso afirmativo, ¿de qué tipo?",
    7: "7. Su discapacidad le dificulta o impide:",
    8: "8. ¿Se considera una persona afromexicana o que forma parte de alguna comunidad afrodescendiente?",
    9: "9. ¿Es usted una persona de la población LGBTTTIQ+ (Lesbiana, Gay, Bisexual, Transgénero, Travesti, "
    "Transexual, Intersexual, Queer, No Binaria, u otra)?",
    10: "10. En caso de haber respondido afirmativamente a la pregunta anterior, usted se identifica como:",
    11: "11. ¿Es usted migrante?",
    12: "12. ¿En qué país reside?",
    13: "13. ¿Cuánto tiempo ha vivido en el extranjero?",
    14: "14. ¿Cuál fue el motivo de la residencia en el extranjero?",
    15: "15. Cuando emigró, ¿se encontraba con una situación regular de trabajo o con un lugar asegurado en alguna "
    "institución educativa del país extranjero?",
    16: "16. ¿Es parte de la población joven (entre 18 y 29 años)?",
    17: "17. ¿Es parte de la población de personas mayores (60 años o más)?",
    18: "18. ¿En cuál de los siguientes grupos de ingresos se encuentra?",
    19: "19. Su fuente principal de ingresos es:",
    20: "20. Entidad federativa de nacimiento: ",
}

