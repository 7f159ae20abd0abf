"""What the API answers, field by field, with the Spanish descriptions the OpenAPI document and /api/v1/docs show.

Names are English like the code; values are what the public site shows. Every answer is serialized through these
schemas, so a field that is not declared here never leaves the server.
"""

import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from conoceles.candidacies.models import AffirmativeActionGroup, Sex
from conoceles.core.converters import MAX_ID
from conoceles.public.search import AGE_RANGES, ANY_GROUP, DEFAULT_SORT, SORTS

# Plain pydantic models, not ninja.Schema: answers are dicts built by conoceles.api.projections, which pydantic
# validates in its core; ninja.Schema would read each through its attribute getter (a third of a 500-card page).
Schema = BaseModel

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    code: str = Field(description="Código estable del motivo (p. ej. `not_published`, `rate_limited`).")
    detail: str = Field(description="El motivo, en español, para mostrarlo a una persona.")


class ParameterErrorOut(Schema):
    parameter: str = Field(description="El parámetro rechazado.")
    detail: str = Field(description="Por qué, en español.")


class ValidationErrorOut(ErrorOut):
    errors: list[ParameterErrorOut] = Field(description="Un motivo por parámetro rechazado.")


class SubstituteOut(Schema):
    id: int = Field(description="Identificador de la candidatura que la sustituyó.")
    url: str = Field(description="Su dirección en la API.")


class SubstitutedOut(ErrorOut):
    substitute: SubstituteOut | None = Field(
        description="La candidatura publicada que la sustituyó (null si la sustituta aún no está publicada)."
    )


# Every operation may answer these (the middleware's rate limit; the API's validation).
COMMON_ERRORS = {422: ValidationErrorOut, 429: ErrorOut}


# --------------------------------------------------------------------------------------------
# Processes and catalogs
# --------------------------------------------------------------------------------------------


class ProcessOut(Schema):
    id: int = Field(description="Identificador del proceso electoral.")
    name: str = Field(description="Nombre, p. ej. «Proceso Electoral Local Ordinario 2027».")
    entity: str = Field(description="Entidad federativa.")
    entity_code: int = Field(description="Clave INEGI de la entidad (1 a 32).")
    election_day: datetime.date = Field(description="Jornada electoral.")
    current: bool = Field(description="Es el proceso que muestra el sitio público.")


class CargoOut(Schema):
    id: int = Field(description="Identificador del cargo (filtro `cargo`).")
    code: str = Field(description="Clave corta, p. ej. DIP_MR.")
    name: str = Field(description="Nombre del cargo.")
    scope: str = Field(description="Ámbito: entity, district, municipality o list.")
    scope_label: str = Field(description="Ámbito, en español.")
    order: int = Field(description="Orden en la boleta.")
    publication_start: datetime.date | None = Field(description="Desde cuándo se publican sus candidaturas.")
    publication_end: datetime.date | None = Field(
        description="Hasta cuándo (null: el fin de la publicación del proceso o, sin él, la jornada electoral)."
    )


class DistrictOut(Schema):
    number: int = Field(description="Número del distrito electoral local (filtro `distrito`).")
    head_town: str = Field(description="Cabecera.")


class MunicipalityOut(Schema):
    id: int = Field(description="Identificador del municipio (filtro `municipio`).")
    inegi_key: str = Field(description="Clave INEGI de cinco dígitos.")
    name: str = Field(description="Nombre.")


class ChoiceOut(Schema):
    value: str = Field(description="El valor que acepta el filtro.")
    label: str = Field(description="Lo que significa, como lo muestra el sitio.")


class FilterChoicesOut(Schema):
    grado: list[ChoiceOut] = Field(description="Grados máximos de estudios del proceso.")
    edad: list[ChoiceOut] = Field(description="Rangos de edad.")
    sexo: list[ChoiceOut] = Field(description="Sexo.")
    accion: list[ChoiceOut] = Field(description="Acción afirmativa con la que se registró la candidatura.")
    orden: list[ChoiceOut] = Field(description="Órdenes de la lista.")


class ProcessDetailOut(ProcessOut):
    cargos: list[CargoOut] = Field(description="Cargos en disputa, en el orden de la boleta.")
    districts: list[DistrictOut] = Field(description="Distritos electorales locales.")
    municipalities: list[MunicipalityOut] = Field(description="Municipios, por nombre.")
    filters: FilterChoicesOut = Field(description="Los valores que aceptan los filtros de elección fija.")


class ActorOut(Schema):
    id: int = Field(description="Identificador del actor político (filtro `actor`).")
    kind: str = Field(description="party, coalition, common o independent.")
    kind_label: str = Field(description="Tipo, en español.")
    acronym: str = Field(description="Siglas.")
    name: str = Field(description="Nombre.")
    color: str = Field(description="Color, #RRGGBB.")
    emblem_url: str | None = Field(description="Emblema (null si no tiene).")
    member_ids: list[int] = Field(description="Partidos que integran una coalición o candidatura común.")


class CargoRefOut(Schema):
    id: int = Field(description="Identificador del cargo.")
    code: str = Field(description="Clave corta.")
    name: str = Field(description="Nombre.")


class ContestOut(Schema):
    id: int = Field(description="Identificador de la contienda.")
    name: str = Field(description="Nombre, p. ej. «Diputación local MR – Distrito 1 (Cancún)».")
    cargo: CargoRefOut = Field(description="Cargo que elige.")
    district: DistrictOut | None = Field(description="Distrito, si el cargo es distrital.")
    municipality: MunicipalityOut | None = Field(description="Municipio, si el cargo es municipal.")
    circumscription: int | None = Field(description="Circunscripción, donde la hay.")


class PageOut(Schema):
    page: int = Field(description="Número de esta página (desde 1).")
    page_size: int = Field(description="Resultados por página.")
    total: int = Field(description="Resultados en total.")
    pages: int = Field(description="Páginas en total (0 si no hay resultados).")


class ContestPageOut(PageOut):
    results: list[ContestOut] = Field(description="Las contiendas de esta página.")


# --------------------------------------------------------------------------------------------
# Candidacies
# --------------------------------------------------------------------------------------------


class NamedRefOut(Schema):
    id: int = Field(description="Identificador.")
    name: str = Field(description="Nombre.")


class ActorRefOut(Schema):
    id: int = Field(description="Identificador del actor político.")
    acronym: str = Field(description="Siglas.")
    name: str = Field(description="Nombre.")
    color: str = Field(description="Color, #RRGGBB.")


class CandidacyCardOut(Schema):
    id: int = Field(description="Identificador de la candidatura.")
    name: str = Field(description="Nombre completo.")
    position: str = Field(description="owner (propietaria/o) o alternate (suplente).")
    position_label: str = Field(description="Propietaria, Propietario o Suplente.")
    formula_number: int = Field(description="Número de fórmula o de lista.")
    sex: str = Field(description="Sexo, como lo muestra el perfil.")
    age: int | None = Field(description="Edad el día de la jornada electoral.")
    cargo: NamedRefOut = Field(description="Cargo.")
    contest: NamedRefOut = Field(description="Contienda.")
    actor: ActorRefOut = Field(description="Actor político que la postula.")
    education_level: str | None = Field(description="Grado máximo de estudios (null si ese rubro no es público).")
    photo_url: str | None = Field(description="Fotografía (null si no tiene o si sus datos generales no son públicos).")
    profile_url: str = Field(description="Su perfil en el sitio público.")
    url: str = Field(description="Su perfil en la API.")


class CandidacyListItemOut(CandidacyCardOut):
    updated_at: datetime.datetime = Field(description="Último cambio anunciado de sus datos públicos.")


class CandidacyPageOut(PageOut):
    order: str = Field(description="El orden de la lista (parámetro `orden`); los empates, por identificador.")
    generated_at: datetime.datetime = Field(
        description="Hora del servidor al responder: la base del siguiente `updated_since` (vea /api/v1/docs)."
    )
    results: list[CandidacyListItemOut] = Field(description="Las candidaturas de esta página.")


class PublicFieldOut(Schema):
    name: str = Field(description="Nombre del campo, p. ej. proposal_1.")
    label: str = Field(description="Etiqueta, en español.")
    value: str = Field(description="El valor, o «No proporcionó».")
    provided: bool = Field(description="La candidatura lo proporcionó.")
    kind: str = Field(description="Tipo: text, url, network, email, phone, choice, photo…")


class PublicRubroOut(Schema):
    code: str = Field(description="Clave del rubro, p. ej. proposals.")
    label: str = Field(description="Nombre del rubro.")
    available: bool = Field(description="false: el rubro está en revisión y no se muestra nada de él.")
    message: str = Field(description="Lo que el perfil dice en lugar del rubro (vacío si muestra sus campos).")
    fields: list[PublicFieldOut] = Field(description="Sus campos (vacío si no está disponible).")


class MemberOut(Schema):
    acronym: str = Field(description="Siglas.")
    name: str = Field(description="Nombre.")


class ProfileActorOut(Schema):
    acronym: str = Field(description="Siglas.")
    name: str = Field(description="Nombre.")
    kind: str = Field(description="Tipo de actor, en español.")
    color: str = Field(description="Color, #RRGGBB.")
    emblem_url: str | None = Field(description="Emblema (null si no tiene).")
    members: list[MemberOut] = Field(description="Partidos de una coalición o candidatura común.")


class ProfileOut(Schema):
    id: int = Field(description="Identificador de la candidatura.")
    name: str = Field(description="Nombre completo.")
    position: str = Field(description="owner o alternate.")
    position_label: str = Field(description="Propietaria, Propietario o Suplente.")
    sex: str = Field(description="Sexo.")
    age: int | None = Field(description="Edad el día de la jornada electoral.")
    cargo: str = Field(description="Cargo.")
    contest: NamedRefOut = Field(description="Contienda.")
    district: str = Field(description="Distrito de la contienda (vacío si no es distrital).")
    municipality: str = Field(description="Municipio de la contienda (vacío si no es municipal).")
    formula_number: int = Field(description="Número de fórmula o de lista.")
    actor: ProfileActorOut = Field(description="Actor político que la postula.")
    consecutive_election: bool = Field(description="Busca la elección consecutiva.")
    affirmative_action: str = Field(description="Grupo de la acción afirmativa con que se registró (vacío: ninguna).")
    groups: list[str] = Field(
        description="Grupos en situación de discriminación que el perfil muestra: los que la persona autorizó "
        "publicar y el de su acción afirmativa. Nada más del cuestionario de identidad es público."
    )
    photo_url: str | None = Field(description="Fotografía (null si no tiene o si sus datos generales no son públicos).")
    profile_url: str = Field(description="Su perfil en el sitio público.")
    pdf_url: str = Field(description="Su perfil en PDF.")
    url: str = Field(description="Esta dirección.")
    rubros: list[PublicRubroOut] = Field(description="El cuestionario curricular, rubro por rubro.")


class CandidacyOut(ProfileOut):
    partner: ProfileOut | None = Field(
        description="Quien completa la fórmula (propietaria/o o suplente), si también está publicada."
    )


# --------------------------------------------------------------------------------------------
# Ballot, statistics, open data
# --------------------------------------------------------------------------------------------


class SectionOut(Schema):
    number: int = Field(description="Sección electoral.")
    district: DistrictOut = Field(description="Su distrito electoral local.")
    municipality: MunicipalityOut = Field(description="Su municipio.")


class FormulaOut(Schema):
    number: int = Field(description="Número de fórmula o de lista.")
    owner: CandidacyCardOut | None = Field(description="Propietaria o propietario (null si no está publicada/o).")
    alternate: CandidacyCardOut | None = Field(description="Suplente (null si no está publicada/o).")


class ActorSlateOut(Schema):
    actor: ActorRefOut = Field(description="Actor político.")
    formulas: list[FormulaOut] = Field(description="Sus fórmulas en la contienda.")


class BallotContestOut(Schema):
    id: int = Field(description="Identificador de la contienda.")
    name: str = Field(description="Nombre.")
    cargo: NamedRefOut = Field(description="Cargo.")
    candidacy_count: int = Field(description="Candidaturas publicadas en ella.")
    actors: list[ActorSlateOut] = Field(description="Por actor político, en el orden de la boleta.")


class BallotOut(Schema):
    section: SectionOut = Field(description="La sección consultada.")
    contests: list[BallotContestOut] = Field(description="Las contiendas de su boleta, en el orden de la boleta.")


class CellOut(Schema):
    value: int | None = Field(description="La cifra (null si está reservada).")
    hidden: Literal["", "small", "complementary"] = Field(
        description="Vacío: se muestra. small: de 1 a k−1, reservada. complementary: reservada para que no se "
        "calcule una pequeña."
    )


class StatisticsRowOut(Schema):
    label: str = Field(description="Concepto de la fila.")
    cells: list[CellOut] = Field(description="Una por columna, el total al final si la tabla lo tiene.")


class StatisticsTableOut(Schema):
    key: str = Field(description="Clave estable de la tabla.")
    title: str = Field(description="Título.")
    columns: list[str] = Field(description="Columnas.")
    rows: list[StatisticsRowOut] = Field(description="Filas.")
    total: StatisticsRowOut | None = Field(description="Fila de totales, si la tiene.")
    note: str = Field(description="Nota de la tabla.")


class StatisticsOut(Schema):
    progress: list[StatisticsTableOut] = Field(description="Avance de captura (se actualiza cada pocos minutos).")
    profile: list[StatisticsTableOut] = Field(description="Formación, edad y sexo de las candidaturas publicadas.")
    identity: list[StatisticsTableOut] = Field(
        description="Grupos en situación de discriminación e ingresos: solo en cada corte, redondeadas al azar a "
        "múltiplos de `rounding_base`, con las celdas pequeñas reservadas."
    )
    consented: int = Field(description="Candidaturas publicadas que autorizaron el uso estadístico (en el corte).")
    k: int = Field(description="Una cifra de 1 a k−1 se reserva.")
    rounding_base: int = Field(description="Base del redondeo de las cifras de identidad.")
    cut_at: datetime.datetime = Field(description="Corte en vigor de las cifras de identidad.")
    next_cut_at: datetime.datetime = Field(description="Siguiente corte.")


class ReleaseFileOut(Schema):
    name: str = Field(description="Nombre del archivo dentro del zip.")
    size: int | None = Field(description="Tamaño en bytes.")
    sha256: str = Field(description="Su SHA-256.")


class ReleaseOut(Schema):
    name: str = Field(description="Nombre de la versión (la fecha de los datos, p. ej. 2027-05-02).")
    data_date: datetime.date = Field(description="Fecha de los datos.")
    created_at: datetime.datetime = Field(description="Cuándo se generó.")
    size: int = Field(description="Tamaño del zip en bytes.")
    sha256: str = Field(description="SHA-256 del zip.")
    candidacies: int = Field(description="Candidaturas publicadas que contiene.")
    files: list[ReleaseFileOut] = Field(description="Los archivos del zip que se descargan.")
    changes: dict = Field(description="Resumen de cambios respecto de la versión anterior.")
    download_url: str = Field(
        description="Dirección de descarga del zip (vacía si ya no se descarga: datos personales cancelados)."
    )


# --------------------------------------------------------------------------------------------
# Query parameters
# --------------------------------------------------------------------------------------------


def _choices(values) -> type:
    return Literal[tuple(values)]  # type: ignore[return-value]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Página, desde 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Resultados por página, de 1 a {MAX_PAGE_SIZE}."
    )

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value, info):
        """`?cargo=` (an empty field of the site's form) means no filter, as on the site."""
        if value == "":
            return cls.model_fields[info.field_name].default
        return value


class ContestQuery(PageQuery):
    cargo: int | None = Field(None, ge=1, le=MAX_ID, description="Solo las de este cargo (su `id`).")


class CandidacyQuery(PageQuery):
    """The filters of the public search (conoceles.public.forms.SearchForm), with its names and values."""

    q: str | None = Field(None, max_length=120, description="Nombre o parte de él; sin importar acentos ni mayúsculas.")
    cargo: int | None = Field(None, ge=1, le=MAX_ID, description="Cargo (su `id`).")
    actor: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Actor político (su `id`). Un partido incluye las coaliciones y candidaturas comunes de que forma "
        "parte.",
    )
    distrito: int | None = Field(None, ge=1, le=99_999, description="Número del distrito electoral local.")
    municipio: int | None = Field(None, ge=1, le=MAX_ID, description="Municipio (su `id`).")
    grado: str | None = Field(None, max_length=80, description="Grado máximo de estudios, como lo lista el proceso.")
    edad: _choices(AGE_RANGES) | None = Field(None, description="Rango de edad el día de la jornada electoral.")
    sexo: _choices(Sex.values) | None = Field(None, description="M mujer, H hombre, X no binario.")
    accion: _choices([ANY_GROUP, *AffirmativeActionGroup.values]) | None = Field(
        None,
        description="Registradas por acción afirmativa: de un grupo, o de cualquiera (`cualquiera`).",
    )
    orden: _choices(SORTS) = Field(
        DEFAULT_SORT, description="nombre, cargo, edad (menor a mayor) o -edad; los empates, por identificador."
    )
    updated_since: datetime.datetime | None = Field(
        None,
        description="Solo las candidaturas cuyos datos públicos cambiaron desde ese momento (ISO 8601; sin zona: "
        "hora del instituto), incluidas las que empezaron a publicarse desde entonces.",
    )

    def search_data(self) -> dict[str, str]:
        """The values as the search form reads them from a URL."""
        names = ("q", "cargo", "actor", "distrito", "municipio", "grado", "edad", "sexo", "accion", "orden")
        values = {name: getattr(self, name) for name in names}
        return {name: str(value) for name, value in values.items() if value not in (None, "")}
