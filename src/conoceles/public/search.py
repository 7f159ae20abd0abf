"""The public lists of candidacies (DOMAIN.md §8): the search with its filters and orderings, a sección's ballot and
one contest's slate.

Only published candidacies (conoceles.review.publication) ever come out of here, and data of a rubro (the photo of
"general", the grado of "education") is used, for showing or for filtering, only where that rubro is public.
Everything is filtered, ordered and paginated in the database, with a fixed number of queries per page: the search
on the narrow publication index (conoceles.review.search_index), then the page's cards through the publication gate.
"""

import datetime
from dataclasses import dataclass, field
from html import escape

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from conoceles.candidacies.models import Candidacy, Position
from conoceles.core.text import fold
from conoceles.elections.models import Contest, ElectoralProcess, PoliticalActor
from conoceles.review.models import PublicationEntry
from conoceles.review.publication import public_rubros, published_candidacies
from conoceles.review.search_index import name_matches, years_before

from .catalog import catalog
from .profiles import photo_version

PAGE_SIZE = 20
# Results a search offers at most (50 pages): past that a citizen narrows the search instead of paging, and the
# count stops there, so a broad search never counts every published candidacy.
MAX_RESULTS = 1000
# A name found by at most this many entries is looked up in SQLite's full-text index and those entries sorted; a
# commoner one (a 3-letter fragment) by reading the index in name order, which meets a page's worth of it soon.
NAME_MATCHES_LISTED = 2000

# value in the URL -> (label, youngest, oldest or None)
AGE_RANGES = {
    "18-29": ("De 18 a 29 años", 18, 29),
    "30-39": ("De 30 a 39 años", 30, 39),
    "40-49": ("De 40 a 49 años", 40, 49),
    "50-59": ("De 50 a 59 años", 50, 59),
    "60+": ("60 años o más", 60, None),
}

ANY_GROUP = "cualquiera"  # the "acción afirmativa" filter: registered under any group

# value in the URL -> (label, ordering of PublicationEntry); every ordering ends in the primary key (the candidacy's)
# so pages never overlap.
SORTS = {
    "nombre": ("Nombre", ("search_name", "pk")),
    "cargo": ("Cargo", ("cargo_order", "contest_name", "search_name", "pk")),
    "edad": ("Edad, de menor a mayor", ("-birth_key", "search_name", "pk")),
    "-edad": ("Edad, de mayor a menor", ("birth_key", "search_name", "pk")),
}
DEFAULT_SORT = "nombre"


def age_q(election_day: datetime.date, youngest: int, oldest: int | None) -> Q:
    """Candidacies whose age (Candidacy.age) is within [youngest, oldest], on the birth date's index when known."""
    by_birth = Q(birth_date__lte=years_before(election_day, youngest))
    declared = Q(birth_date__isnull=True, declared_age__gte=youngest)
    if oldest is not None:
        by_birth &= Q(birth_date__gt=years_before(election_day, oldest + 1))
        declared &= Q(declared_age__lte=oldest)
    return by_birth | declared


def published_in(process: ElectoralProcess) -> QuerySet:
    """The published candidacies of `process`, with what a card shows in the same query."""
    return (
        published_candidacies(queryset=Candidacy.objects.filter(process=process))
        .select_related("contest__cargo", "actor", "process")
        .annotate(photo_name=F("curricular__photo"), education=F("curricular__education_level"))
    )


def search(process: ElectoralProcess, criteria: dict, today: datetime.date | None = None) -> QuerySet:
    """The publication index entries of `process` public `today` matching `criteria` (the cleaned SearchForm),
    ordered; their pk is the candidacy's. Every column is copied from the candidacy and its contest, the grado only
    where rubro "education" is public."""
    today = today or timezone.localdate()
    # The conditions in the order a scan should test them (SQLite tests them as written): a name's words, which
    # reject most rows, first; the window, which every row of a current process passes, last.
    queryset = PublicationEntry.objects.all()
    words = fold(criteria.get("q") or "").split()
    for word in words:  # as Candidacy.objects.matching
        queryset = queryset.filter(search_name__contains=word)
    listed = name_matches(words, NAME_MATCHES_LISTED)
    if listed is not None:
        queryset = queryset.filter(pk__in=listed)
    if criteria.get("cargo"):
        queryset = queryset.filter(cargo_id=criteria["cargo"])
    kept = catalog(process) if criteria.get("actor") or criteria.get("distrito") else None
    if criteria.get("actor"):
        # A party also finds the candidacies of the coalitions and common candidacies it belongs to.
        queryset = queryset.filter(actor_id__in=kept.alliances.get(criteria["actor"], [criteria["actor"]]))
    if criteria.get("distrito"):
        district = kept.district_pks.get(criteria["distrito"])
        queryset = queryset.filter(district_id__in=[] if district is None else [district])
    if criteria.get("municipio"):
        queryset = queryset.filter(municipality_id=criteria["municipio"])
    if criteria.get("grado"):
        queryset = queryset.filter(education_level=criteria["grado"])
    if criteria.get("edad"):
        _, youngest, oldest = AGE_RANGES[criteria["edad"]]
        queryset = queryset.filter(birth_key__lte=years_before(process.election_day, youngest))
        if oldest is not None:
            queryset = queryset.filter(birth_key__gt=years_before(process.election_day, oldest + 1))
    if criteria.get("sexo"):
        queryset = queryset.filter(sex=criteria["sexo"])
    group = criteria.get("accion")
    if group == ANY_GROUP:
        queryset = queryset.exclude(affirmative_action="")
    elif group:
        queryset = queryset.filter(affirmative_action=group)
    queryset = queryset.filter(process=process).filter(starts__lte=today).filter(ends__gte=today)
    return queryset.order_by(*SORTS[criteria.get("orden") or DEFAULT_SORT][1])


def _pk_url(name: str):
    """pk -> reverse(name, args=[pk]), reversing once for a whole list (a ballot links a thousand candidacies)."""
    token = "2147483647"
    pattern = reverse(name, args=[int(token)])
    return lambda pk: pattern.replace(token, str(pk))


def with_public_rubros(candidacies) -> list:
    """The candidacies as a list, each with what of its rubros it may show (one query for all of them):
    `photo_url` ("" unless rubro general is public and has a photo), `public_education` (the grado, "" unless
    rubro education is public), and its `profile_url`."""
    candidacies = list(candidacies)
    shown = public_rubros(c.pk for c in candidacies)
    profile_url, photo_url = _pk_url("public:profile"), _pk_url("public:photo")
    for candidacy in candidacies:
        rubros = shown[candidacy.pk]
        candidacy.profile_url = profile_url(candidacy.pk)
        candidacy.photo_url = ""
        if "general" in rubros and candidacy.photo_name:
            candidacy.photo_url = f"{photo_url(candidacy.pk)}?v={photo_version(candidacy.photo_name)}"
        candidacy.public_education = candidacy.education if "education" in rubros else ""
    return candidacies


class CappedPaginator(Paginator):
    """Pages over the first MAX_RESULTS ids, read in one query (at most MAX_RESULTS + 1 integers, so the count and
    the page cost one scan of the index); `truncated` says there are more."""

    def __init__(self, ids: QuerySet, per_page: int):
        found = list(ids[: MAX_RESULTS + 1])
        self.truncated = len(found) > MAX_RESULTS
        super().__init__(found[:MAX_RESULTS], per_page)


# What a card shows, on the site (cards_html) and in the API (conoceles.api.projections.card): nothing else is read.
CARD_FIELDS = (
    *("first_name", "last_name", "second_last_name", "sex", "position", "formula_number", "birth_date"),
    *("declared_age", "process_id", "actor_id", "contest__name", "contest__cargo__name", "contest__cargo__scope"),
)


def cards(process: ElectoralProcess, ids: list[int]) -> list[Candidacy]:
    """The published candidacies `ids`, in that order, with what their cards show (CARD_FIELDS). Through the
    publication gate, whatever the index said: a stale entry can at worst leave a card out, never show an unpublished
    one. The actors come from the kept catalog and the process is the one given: less for PostgreSQL to plan (the
    actor's join was half its planning time) and for Django to read."""
    actors = catalog(process).actors_by_pk
    rows = (
        published_candidacies(queryset=Candidacy.objects.filter(process=process, pk__in=ids))
        .select_related("contest__cargo")
        .only(*CARD_FIELDS)
        .annotate(photo_name=F("curricular__photo"), education=F("curricular__education_level"))
        .order_by()
    )
    found = {}
    for candidacy in rows:
        candidacy.process = process
        if candidacy.actor_id in actors:
            candidacy.actor = actors[candidacy.actor_id]
        found[candidacy.pk] = candidacy
    return with_public_rubros(found[pk] for pk in ids if pk in found)


def cards_html(candidacies: list[Candidacy]) -> list[SafeString]:
    """The search results (candidacies from `cards`), each with its «comparar» checkbox. Built in Python, every
    value through html.escape: a page's 20 cards through a template cost a third of a cold search (0.15 ms each;
    0.02 here)."""
    emblems = {}  # actor pk -> its emblem's <img>, built once per page
    shown = []
    for c in candidacies:
        name, contest, actor = escape(c.full_name), c.contest, c.actor
        if c.photo_url:
            photo = (
                f'<img src="{escape(c.photo_url)}" alt="Fotografía de {name}" width="64" height="80" loading="lazy"'
                ' class="rounded flex-shrink-0 object-fit-cover">'
            )
        else:
            photo = (
                '<div class="rounded flex-shrink-0 bg-body-secondary d-flex align-items-center justify-content-center'
                ' text-body-secondary small text-center" style="width:64px;height:80px">Sin foto</div>'
            )
        if contest.cargo.scope == "list" or c.formula_number > 1:
            position = f"Fórmula {c.formula_number}, {c.position_label.lower()}"
        else:
            position = c.position_label
        where = contest.name if contest.cargo.name in contest.name else f"{contest.cargo.name} · {contest.name}"
        if actor.pk not in emblems:
            emblems[actor.pk] = (
                f'<img src="{escape(actor.emblem.url)}" alt="Emblema de {escape(actor.name)}" height="20"'
                ' class="flex-shrink-0">'
                if actor.emblem
                else ""
            )
        education = f'<p class="small mb-1">Estudios: {escape(c.public_education)}</p>' if c.public_education else ""
        shown.append(
            SafeString(
                f'<article class="card h-100"><div class="card-body d-flex gap-3">{photo}'
                '<div class="min-w-0 flex-grow-1">'
                f'<h3 class="h6 mb-1 text-break"><a href="{escape(c.profile_url)}">{name}</a></h3>'
                f'<p class="small mb-1">{escape(position)}</p>'
                f'<p class="small mb-1 text-break">{escape(where)}</p>'
                '<p class="small mb-1 d-flex align-items-center gap-1 flex-wrap">'
                '<span class="d-inline-block rounded-circle border flex-shrink-0"'
                f' style="width:.9rem;height:.9rem;background-color:{escape(actor.color)}" aria-hidden="true"></span>'
                f'{emblems[actor.pk]}<abbr title="{escape(actor.name)}">{escape(actor.acronym)}</abbr></p>'
                f'{education}<div class="form-check mt-2">'
                f'<input class="form-check-input" type="checkbox" name="c" value="{c.pk}" id="comparar-{c.pk}">'
                f'<label class="form-check-label" for="comparar-{c.pk}">Comparar'
                f' <span class="visually-hidden">a {name}</span></label></div>'
                "</div></div></article>"
            )
        )
    return shown


def search_page(process: ElectoralProcess, criteria: dict, number) -> Page:
    # Two steps: the ordered page of ids from the publication index, then the cards of those 20 only.
    page = CappedPaginator(search(process, criteria).values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    page.object_list = cards(process, list(page.object_list))
    page.cards = cards_html(page.object_list)
    return page


# --------------------------------------------------------------------------------------------
# Slates: a contest's registered fórmulas by actor, published candidacies with what the gate lets them show
# --------------------------------------------------------------------------------------------


@dataclass
class RegisteredName:
    """A registered candidacy that is not published: its name and place on the ballot, which are public by law
    (DOMAIN.md §8), and nothing of its questionnaire (no photo, no profile, no age)."""

    pk: int
    full_name: str
    position_label: str
    contest_id: int
    actor: PoliticalActor
    formula_number: int
    position: str
    published = False
    profile_url = ""
    photo_url = ""

    @classmethod
    def of(cls, candidacy: Candidacy) -> "RegisteredName":
        c = candidacy
        return cls(c.pk, c.full_name, c.position_label, c.contest_id, c.actor, c.formula_number, c.position)


@dataclass
class Formula:
    number: int
    owner: Candidacy | RegisteredName | None = None
    alternate: Candidacy | RegisteredName | None = None

    @property
    def members(self) -> list[Candidacy | RegisteredName]:
        return [c for c in (self.owner, self.alternate) if c is not None]

    @property
    def published_members(self) -> list[Candidacy]:
        return [c for c in self.members if c.published]


@dataclass
class ActorSlate:
    actor: PoliticalActor
    formulas: list[Formula] = field(default_factory=list)


@dataclass
class ContestSlate:
    contest: Contest
    actors: list[ActorSlate] = field(default_factory=list)

    @property
    def candidacy_count(self) -> int:
        """The published candidacies."""
        return sum(len(f.published_members) for a in self.actors for f in a.formulas)

    @property
    def registered_count(self) -> int:
        return sum(len(f.members) for a in self.actors for f in a.formulas)


def slates(process: ElectoralProcess, contests: list[Contest], registered: bool = False) -> list[ContestSlate]:
    """Each contest with its published candidacies grouped by actor (in the actors' order) and fórmula; with
    `registered`, also every other registered candidacy (approved, not substituted nor cancelled) as a
    RegisteredName, so a voter sees every fórmula on the ballot."""
    by_contest = {contest.pk: ContestSlate(contest) for contest in contests}
    candidacies = with_public_rubros(published_in(process).filter(contest_id__in=list(by_contest)))
    for candidacy in candidacies:
        candidacy.published = True
    if registered:
        unpublished = (
            Candidacy.objects.active()
            .filter(process=process, contest_id__in=list(by_contest))
            .exclude(pk__in=[c.pk for c in candidacies])
            .select_related("actor")
        )
        candidacies += [RegisteredName.of(candidacy) for candidacy in unpublished]
    candidacies.sort(key=lambda c: (c.contest_id, c.actor.order, c.actor.acronym, c.actor.pk, c.formula_number, c.pk))
    for candidacy in candidacies:
        slate = by_contest[candidacy.contest_id]
        if not slate.actors or slate.actors[-1].actor.pk != candidacy.actor.pk:
            slate.actors.append(ActorSlate(candidacy.actor))
        formulas = slate.actors[-1].formulas
        if not formulas or formulas[-1].number != candidacy.formula_number:
            formulas.append(Formula(candidacy.formula_number))
        if candidacy.position == Position.OWNER:
            formulas[-1].owner = candidacy
        else:
            formulas[-1].alternate = candidacy
    return list(by_contest.values())
