"""The API's operations: each parses its parameters, asks the public site's own read path and answers its schema.

Candidacies come only from conoceles.public.search (the publication index, then the cards through the publication
gate), conoceles.public.profiles (the profile projection) and the slates of the ballot; statistics from the public
page's cached, suppressed tables; catalogs from their public fields. Nothing is published here that the site does not
show.
"""

import datetime
import math
import zoneinfo

from django.conf import settings
from django.utils import timezone
from ninja import Path, Query, Router

from conoceles.core.converters import MAX_ID
from conoceles.elections.models import Contest, ElectoralProcess
from conoceles.opendata.models import OpenDataRelease
from conoceles.public.ballots import ballot_contests
from conoceles.public.error_codes import PublicErrorCode
from conoceles.public.forms import BallotForm, SearchForm
from conoceles.public.profiles import public_profile, substitute_of
from conoceles.public.search import cards, search, slates
from conoceles.public.statistics import cached_statistics
from conoceles.review.search_index import changed_since_q

from . import projections
from .errors import ApiError
from .projections import Links
from .schemas import (
    COMMON_ERRORS,
    ActorOut,
    BallotOut,
    CandidacyOut,
    CandidacyPageOut,
    CandidacyQuery,
    ContestPageOut,
    ContestQuery,
    ErrorOut,
    ProcessDetailOut,
    ProcessOut,
    ReleaseOut,
    StatisticsOut,
    SubstitutedOut,
)

router = Router()

PROCESS_ID = Path(..., ge=1, le=MAX_ID, description="Identificador del proceso electoral (vea /processes).")
FIXED_CHOICE_FILTERS = ("grado", "edad", "sexo", "accion", "orden")
CONTEST_ORDER = ("cargo__order", "cargo__name", "district__number", "municipality__name", "circumscription", "pk")
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


def _process(process_id: int) -> ElectoralProcess:
    """A current (active) process: the archive of past ones is not public."""
    process = ElectoralProcess.objects.filter(pk=process_id, is_active=True).first()
    if process is None:
        detail = f"No hay un proceso electoral vigente número {process_id}."
        raise ApiError(404, PublicErrorCode.PROCESS_NOT_FOUND, detail)
    return process


def _page(total: int, query) -> dict:
    return {
        "page": query.page,
        "page_size": query.page_size,
        "total": total,
        "pages": math.ceil(total / query.page_size),
    }


def _moment(value: datetime.datetime) -> datetime.datetime:
    """`updated_since` as an aware instant (without a zone: the institute's), kept within reasonable years."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    try:
        value = value.astimezone(datetime.UTC)
    except OverflowError:
        return EARLIEST if value.year < 2000 else LATEST
    return min(max(value, EARLIEST), LATEST)


def _form_errors(form) -> list[dict]:
    return [
        {"parameter": name, "detail": f"«{name}»: {message}"}
        for name, messages in form.errors.items()
        for message in messages
    ]


@router.get(
    "/processes",
    response={200: list[ProcessOut], **COMMON_ERRORS},
    url_name="processes",
    summary="Procesos electorales vigentes",
    description="Los procesos que el sitio publica; `current` marca el que muestra su portada.",
)
def processes(request):
    current = ElectoralProcess.objects.current()
    rows = ElectoralProcess.objects.filter(is_active=True).order_by("-election_day", "pk")
    return [projections.process(row, current) for row in rows]


@router.get(
    "/processes/{process_id}",
    response={200: ProcessDetailOut, 404: ErrorOut, **COMMON_ERRORS},
    url_name="process",
    summary="Un proceso electoral y sus catálogos",
    description="Cargos, distritos, municipios y los valores que aceptan los filtros de `/candidacies`.",
)
def process(request, process_id: int = PROCESS_ID):
    found = _process(process_id)
    form = SearchForm(None, found)
    return {
        **projections.process(found, ElectoralProcess.objects.current()),
        "cargos": [projections.cargo(c) for c in found.cargos.order_by("order", "name", "pk")],
        "districts": [projections.district(d) for d in found.districts.order_by("number")],
        "municipalities": [projections.municipality(m) for m in found.municipalities.order_by("name", "pk")],
        "filters": {name: projections.choices(form.fields[name]) for name in FIXED_CHOICE_FILTERS},
    }


@router.get(
    "/processes/{process_id}/contests",
    response={200: ContestPageOut, 404: ErrorOut, **COMMON_ERRORS},
    url_name="contests",
    summary="Contiendas",
    description="Lo que elige cada boleta: un cargo en un lugar. En el orden de la boleta; los empates, por "
    "identificador.",
)
def contests(request, query: Query[ContestQuery], process_id: int = PROCESS_ID):
    rows = Contest.objects.filter(process=_process(process_id)).select_related("cargo", "district", "municipality")
    if query.cargo is not None:
        rows = rows.filter(cargo_id=query.cargo)
    rows = rows.order_by(*CONTEST_ORDER)
    total = rows.count()
    start = (query.page - 1) * query.page_size
    return {**_page(total, query), "results": [projections.contest(c) for c in rows[start : start + query.page_size]]}


@router.get(
    "/processes/{process_id}/actors",
    response={200: list[ActorOut], 404: ErrorOut, **COMMON_ERRORS},
    url_name="actors",
    summary="Actores políticos",
    description="Partidos, coaliciones, candidaturas comunes e independientes, en el orden del instituto.",
)
def actors(request, process_id: int = PROCESS_ID):
    rows = _process(process_id).actors.order_by("order", "acronym", "pk").prefetch_related("members")
    links = Links(request)
    return [projections.actor(row, links) for row in rows]


@router.get(
    "/processes/{process_id}/candidacies",
    response={200: CandidacyPageOut, 404: ErrorOut, **COMMON_ERRORS},
    url_name="candidacies",
    summary="Candidaturas publicadas",
    description="La búsqueda del sitio (/buscar/): los mismos filtros con los mismos nombres y valores, y los mismos "
    "resultados en el mismo orden, sin tope de resultados; más `updated_since` y páginas de hasta 500.",
)
def candidacies(request, query: Query[CandidacyQuery], process_id: int = PROCESS_ID):
    found = _process(process_id)
    form = SearchForm(query.search_data(), found)
    if not form.is_valid():
        errors = _form_errors(form)
        detail = " ".join(e["detail"] for e in errors)
        raise ApiError(422, PublicErrorCode.INVALID_FILTER, detail, {"errors": errors})
    entries = search(found, form.cleaned_data)
    if query.updated_since is not None:
        entries = entries.filter(changed_since_q(_moment(query.updated_since)))
    generated_at = timezone.now()
    total = entries.count()
    start = (query.page - 1) * query.page_size
    stamps = dict(entries.values_list("pk", "updated_at")[start : start + query.page_size])
    links = Links(request)
    return {
        **_page(total, query),
        "order": query.orden,
        "generated_at": generated_at,
        "results": [
            projections.card(c, links) | {"updated_at": stamps[c.pk]} for c in cards(found, list(stamps))
        ],
    }


@router.get(
    "/candidacies/{candidacy_id}",
    response={200: CandidacyOut, 404: ErrorOut, 410: SubstitutedOut, **COMMON_ERRORS},
    url_name="candidacy",
    summary="Una candidatura",
    description="Su perfil público, lo mismo que muestra /candidatura/ID/ y nada más, con quien completa su fórmula. "
    "Una candidatura sustituida responde 410 con la dirección de quien la sustituyó.",
)
def candidacy(request, candidacy_id: int = Path(..., ge=1, le=MAX_ID, description="Identificador de la candidatura.")):
    links = Links(request)
    found = public_profile(candidacy_id)
    if found is not None:
        return projections.profile(found, links)
    substitute = substitute_of(candidacy_id)
    if substitute is None:
        raise ApiError(404, PublicErrorCode.NOT_PUBLISHED, "Esta candidatura no está publicada.")
    # Nothing of the substituted person: only where to find whoever replaced her, as the profile page does.
    raise ApiError(
        410,
        PublicErrorCode.SUBSTITUTED,
        "Esta candidatura fue sustituida.",
        {"substitute": {"id": substitute.pk, "url": links.candidacy(substitute.pk)}},
    )


@router.get(
    "/processes/{process_id}/ballot",
    response={200: BallotOut, 404: ErrorOut, **COMMON_ERRORS},
    url_name="ballot",
    summary="Tu boleta por sección electoral",
    description="Las contiendas de la boleta de una sección y sus fórmulas publicadas, como /mi-boleta/.",
)
def ballot(
    request,
    process_id: int = PROCESS_ID,
    seccion: str = Query(..., max_length=10, description="Número de la sección electoral de la credencial para votar."),
):
    found = _process(process_id)
    form = BallotForm({"seccion": seccion}, found)
    if not form.is_valid():
        error = form.errors.as_data()["seccion"][0]
        message = form.errors["seccion"][0]
        if error.code == PublicErrorCode.UNKNOWN:
            raise ApiError(404, PublicErrorCode.UNKNOWN, message)
        known = error.code == PublicErrorCode.NOT_A_NUMBER
        code = PublicErrorCode.NOT_A_NUMBER if known else PublicErrorCode.INVALID_PARAMETER
        raise ApiError(422, code, message, {"errors": [{"parameter": "seccion", "detail": message}]})
    section = form.cleaned_data["seccion"]
    links = Links(request)
    return {
        "section": {
            "number": section.number,
            "district": projections.district(section.district),
            "municipality": projections.municipality(section.municipality),
        },
        "contests": [projections.slate(s, links) for s in slates(found, ballot_contests(section))],
    }


@router.get(
    "/processes/{process_id}/statistics",
    response={200: StatisticsOut, 404: ErrorOut, **COMMON_ERRORS},
    url_name="statistics",
    summary="Estadísticas públicas",
    description="Las tablas de /estadisticas/, con las mismas cifras reservadas: nunca las cifras internas.",
)
def statistics(request, process_id: int = PROCESS_ID):
    stats = cached_statistics(_process(process_id))
    return {
        "progress": [projections.table(t) for t in stats["progress"]],
        "profile": [projections.table(t) for t in stats["profile"]],
        "identity": [projections.table(t) for t in stats["identity"]],
        "consented": stats["consented"],
        "k": stats["k"],
        "rounding_base": stats["rounding_base"],
        "cut_at": stats["cut_at"],
        "next_cut_at": stats["next_cut_at"],
    }


@router.get(
    "/processes/{process_id}/releases",
    response={200: list[ReleaseOut], 404: ErrorOut, **COMMON_ERRORS},
    url_name="releases",
    summary="Versiones de datos abiertos",
    description="Las versiones publicadas de los datos abiertos del proceso, la más reciente primero.",
)
def releases(request, process_id: int = PROCESS_ID):
    rows = OpenDataRelease.objects.filter(process=_process(process_id)).select_related("process")
    links = Links(request)
    # OpenDataRelease.published_files: after the end of publication, only what the process keeps
    return [projections.release(row, links) for row in rows.order_by("-created_at", "-pk") if row.published_files]
