"""The INE's open-data workbook (../shared/INE-FORMAT.md, DOMAIN.md §10): headers, sheet names and value spellings.

One module for both directions: the writers (`opendata.records`, `opendata.writers`) spell every value exactly as
the INE's 2022 local export does; the reader (`imports.ine`) forgives what real files hold and maps the INE's
wording back to the project's catalogs through `ours()`. Nothing else spells an INE header or value.
"""

import re
import unicodedata
from functools import lru_cache

from conoceles.core.text import fold
from conoceles.elections.models import ENTITIES
from conoceles.questionnaires.identity_catalog import INE_QUESTION_HEADERS

CANDIDATES_SHEET = "CANDIDATOS"
IDENTITY_SHEET = "CUESTIONARIO IDENTIDAD"

# The eleven identification columns both sheets start with. The identity sheet writes DISTRITOLOCAL without a space.
ID_HEADERS = (
    "PARTIDO_COALICION",
    "CARGO",
    "ENTIDAD",
    "DISTRITO LOCAL",
    "CIRCUNSCRIPCION",
    "MUNICIPIO",
    "NUM_LISTA_O_FORMULA",
    "NOMBRE_CANDIDATO",
    "TIPO_CANDIDATO",
    "EDAD",
    "SEXO",
)
IDENTITY_ID_HEADERS = tuple("DISTRITOLOCAL" if h == "DISTRITO LOCAL" else h for h in ID_HEADERS)

# Sheet CANDIDATOS after the identification columns: header -> CurricularQuestionnaire field. REDES joins the six
# networks; every other column is one field.
NETWORKS_HEADER = "REDES"
CURRICULAR_COLUMNS = (
    ("DIRECCION_CASA_CAMPAÑA", "campaign_address"),
    ("TELEFONO", "public_phone"),
    ("CORREO_ELECTRONICO", "public_email"),
    ("PAGINA_WEB", "website"),
    (NETWORKS_HEADER, None),
    ("ESCOLARIDAD", "education_level"),
    ("ESTATUS_ESCOLARIDAD", "education_status"),
    ("CURSOS", "other_training"),
    ("HISTORIA_PROFESIONAL", "professional_history"),
    ("TRAYECTORIA_POLITICA", "political_trajectory"),
    ("MOTIVO_CARGO_PUBLICO", "motivation"),
    ("PROPUESTA_1", "proposal_1"),
    ("PROPUESTA_2", "proposal_2"),
    ("PROPUESTA_GENERO", "proposal_gender"),
)
CANDIDATES_HEADERS = ID_HEADERS + tuple(header for header, _ in CURRICULAR_COLUMNS)
NUMERIC_HEADERS = frozenset({"NUM_LISTA_O_FORMULA", "EDAD"})  # written as numbers; every other cell is text

# The headers of the 20 questions, verbatim from the INE's file: the default `IdentityQuestion.export_header` that
# questionnaires.identity_catalog seeds; an institute may change a process's headers in Gestión.
QUESTION_HEADERS = INE_QUESTION_HEADERS

NOT_APPLICABLE = "No aplica"  # a place column the cargo does not have
NOT_PROVIDED = "No proporcionó"  # an empty optional contact or text field of a captured questionnaire
UNANSWERED = " "  # an unanswered or skipped identity question: one space, never ''
WITHHELD = ""  # every identity cell of a row whose answers may not be published; curricular cells not public
NETWORK_SEPARATOR = ", "
MULTIPLE_SEPARATOR = ", "

SEX = {"M": "MUJER", "H": "HOMBRE", "X": "NO BINARIO"}
OWNER = {"M": "PROPIETARIA", "H": "PROPIETARIO", "X": "PROPIETARIE"}
ALTERNATE = "SUPLENTE"

# Where the project's catalog wording differs from the INE's: our label -> the INE's. Everything else is written
# as the catalog has it (Sí, No, Prefiero no contestar, the pueblos, countries and entities, …).
INE_LABELS = {
    "Preparatoria/Bachillerato": "Preparatoria",
    "$11,001–$25,000": "De $11,001 a $25,000",
    "$25,001–$50,000": "De $25,001 a $50,000",
    "$50,001–$75,000": "De $50,001 a $75,000",
    "$75,001–$112,000": "De $75,001 a $112,000",
    "Compañía o empresa registrada con 5 empleados o más": "Compañía o empresa registrada, con 5 empleados o más",
    "Persona queer o no binaria": "Queer",
    "Otro: especifique": "Otro",
    "Otra: especifique": "Otra",
}
# What readers also meet in real files, folded -> our label.
_READ_ALIASES = {
    "preparatoria": "Preparatoria/Bachillerato",
    "bachillerato": "Preparatoria/Bachillerato",
    "trunca": "Trunco",
    "queer": "Persona queer o no binaria",
    "no binaria": "Persona queer o no binaria",
    "otro": "Otro: especifique",
    "otra": "Otra: especifique",
}


# What a reader takes for an empty cell (after normalise_text): the markers above, '' and the single space.
ABSENT = frozenset({"", fold(NOT_APPLICABLE), fold(NOT_PROVIDED)})

# ENTIDAD as files write it beyond the official names (and their first words: «VERACRUZ», «COAHUILA»).
_ENTITY_ALIASES = {"estado de mexico": 15, "cdmx": 9, "distrito federal": 9}


def is_absent(value) -> bool:
    """«No aplica», «No proporcionó», '' or a blank cell: nothing was given."""
    return fold(normalise_text(value)) in ABSENT


def entity_number(text) -> int | None:
    """ENTIDAD («QUINTANA ROO», «VERACRUZ», «MEXICO», «23») -> 1..32, or None."""
    key = fold(text)
    if key.isdigit():
        return int(key) if 1 <= int(key) <= 32 else None
    for number, name in ENTITIES:
        if key == fold(name) or (key and fold(name).startswith(key + " ")):
            return number
    return _ENTITY_ALIASES.get(key)


def ine_label(label: str) -> str:
    """The INE's spelling of a catalog value of ours (an education level or status, an identity option)."""
    return INE_LABELS.get(label, label)


def ours(value: str, choices) -> str | None:
    """The value among `choices` (our catalog's labels) that an INE cell means, or None. Forgiving: case, accents,
    spaces, the INE's wording («De $11,001 a $25,000», «Trunca», «Queer», «Preparatoria»)."""
    key = fold(value)
    by_fold = {fold(choice): choice for choice in choices}
    for choice in choices:
        by_fold.setdefault(fold(ine_label(choice)), choice)
    if key in by_fold:
        return by_fold[key]
    alias = _READ_ALIASES.get(key)
    if alias is not None and alias in choices:
        return alias
    if alias is not None:  # «Otro» on a question whose catalog says «Otra: especifique», and the like
        for choice in choices:
            if fold(choice).startswith(fold(alias).split(":")[0]):
                return choice
    return None


@lru_cache(maxsize=4096)
def upper_plain(text: str) -> str:
    """Capitals without accents but keeping Ñ and Ü, as the INE writes ENTIDAD and MUNICIPIO («PEÑON BLANCO»)."""
    out = []
    for ch in unicodedata.normalize("NFC", text.upper()):
        if ch in "ÑÜ":
            out.append(ch)
            continue
        out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return " ".join("".join(out).split())


def cargo_label(cargo_name: str) -> str:
    """CARGO in capitals with accents: «Diputación local MR» -> «DIPUTACIÓN LOCAL MR»."""
    return " ".join(unicodedata.normalize("NFC", cargo_name).upper().split())


def district_label(number: int, head_town: str) -> str:
    """DISTRITO LOCAL as number-cabecera: «15-CHETUMAL» (the number alone without a cabecera)."""
    return f"{number}-{upper_plain(head_town)}" if head_town.strip() else str(number)


def position_label(position: str, sex: str) -> str:
    """TIPO_CANDIDATO: SUPLENTE for every suplente (the INE's own CANDIDATOS sheet gets women suplentes wrong)."""
    return ALTERNATE if position == "alternate" else OWNER.get(sex, OWNER["X"])


_DISTRICT = re.compile(r"^\s*(\d+)\s*(?:[-–.]\s*(.*))?$")


def parse_district(value: str) -> tuple[int, str] | None:
    """«15-CHETUMAL» -> (15, "CHETUMAL"); «3» -> (3, ""); None when the cell is not a district."""
    match = _DISTRICT.match(value or "")
    if not match:
        return None
    return int(match.group(1)), (match.group(2) or "").strip()


def normalise_text(value) -> str:
    """A long text as the reader keeps it and as a round trip compares it: CRLF and CR as line breaks, tabs and
    no-break spaces as spaces, runs of spaces collapsed, each line trimmed, no blank lines at either end."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ").replace("\u00a0", " ").replace("\u202f", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip("\n").strip()
