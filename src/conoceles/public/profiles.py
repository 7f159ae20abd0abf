"""THE public projection of a candidacy (DOMAIN.md §5, §6, §8): everything a public page, PDF or export may show.

`public_profile(pk)` (one fórmula, with the partner) and `public_profiles(ids)` (many, for compare) ask the
publication gate (review.publication) and copy into plain dataclasses only what is public: name, cargo and contest,
actor, age and sex, the public rubros' fields and the group badges of `public_groups`. Templates never touch a
model, so nothing private (private e-mail, identity answers, consent, account data) can reach them by accident.
A constant number of queries whatever the size of the election (see tests/public/test_profile.py).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape

from django.db import connection
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import normalize_newlines

from conoceles.candidacies.models import AffirmativeActionGroup, Candidacy, Position
from conoceles.core.compiled import CompiledQuery
from conoceles.elections.models import Contest
from conoceles.questionnaires.models import ConsentItem, CurricularQuestionnaire, IdentityAnswer
from conoceles.questionnaires.rubros import (
    LEVEL_FIELD,
    NOT_PROVIDED,
    RUBRO_NOT_PROVIDED,
    RUBROS,
    STATUS_FIELD,
    Kind,
)
from conoceles.questionnaires.services.consent import consents_for
from conoceles.review.publication import public_rubros, public_rubros_relation, published_candidacies

from .catalog import Catalog, catalog, group_yes_options

UNAVAILABLE = "Información no disponible por el momento."  # a rubro under review: none of its content is shown
NOT_APPLICABLE = "No aplica"


_PK = 2147483647


@cache
def _url_with_pk(name: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf, args=[_PK])


def pk_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), reversed once per URLconf and script prefix: a profile links itself, its partner
    and their photos."""
    return _url_with_pk(name, get_urlconf(), get_script_prefix()).replace(str(_PK), str(pk), 1)


@dataclass(frozen=True)
class PublicField:
    name: str
    label: str
    value: str  # the text shown: the captured value or NOT_PROVIDED
    provided: bool
    kind: str  # rubros.Kind: templates link URLs, e-mails and phones

    @property
    def is_link(self) -> bool:
        return self.provided and self.kind in (Kind.NETWORK, Kind.URL)

    @property
    def html(self) -> SafeString:
        """The value as the profile and the comparison show it: linked when it is a public address, a long text's
        lines kept. Built in Python, every value through html.escape (a template include per field cost a profile
        half of its rendering)."""
        value = escape(self.value)
        if not self.provided:
            return SafeString(f'<span class="text-body-secondary">{value}</span>')
        if self.is_link:
            return SafeString(f'<a href="{value}" rel="nofollow ugc noopener" class="text-break">{value}</a>')
        if self.kind == Kind.EMAIL:
            return SafeString(f'<a href="mailto:{value}" class="text-break">{value}</a>')
        if self.kind == Kind.PHONE:
            return SafeString(f'<a href="tel:{escape(self.value.replace(" ", ""))}">{value}</a>')
        if self.kind == Kind.LONG_TEXT:
            return SafeString(escape(normalize_newlines(self.value)).replace("\n", "<br>"))
        return SafeString(value)


@dataclass(frozen=True)
class PublicRubro:
    code: str
    label: str
    available: bool  # False: observed or under review; `fields` is empty and the page says UNAVAILABLE
    fields: tuple[PublicField, ...] = ()

    @property
    def empty(self) -> bool:
        """Available but nothing captured: the page says RUBRO_NOT_PROVIDED."""
        return self.available and not any(f.provided for f in self.fields)

    @property
    def message(self) -> str:
        return UNAVAILABLE if not self.available else RUBRO_NOT_PROVIDED if self.empty else ""

    @property
    def html(self) -> SafeString:
        """The rubro's fields as a definition list (a field whose label repeats the rubro's keeps it for screen
        readers only), or why there are none."""
        if self.message:
            return SafeString(f'<p class="text-body-secondary fst-italic mb-0">{escape(self.message)}</p>')
        items = []
        for f in self.fields:
            if f.kind == Kind.PHOTO:
                continue  # the profile's photo
            hidden = ' class="visually-hidden"' if f.label == self.label else ""
            items.append(f"<dt{hidden}>{escape(f.label)}</dt><dd>{f.html}</dd>")
        return SafeString(f'<dl class="rubro-fields mb-0">{"".join(items)}</dl>')


@dataclass(frozen=True)
class PublicActor:
    acronym: str
    name: str
    kind: str
    color: str
    emblem_url: str
    members: tuple[tuple[str, str], ...]  # (siglas, nombre) of a coalition's or candidatura común's parties


@dataclass
class PublicProfile:
    pk: int
    name: str
    position: str  # Position value
    position_label: str  # Propietaria / Propietario / Suplente
    sex: str
    age: int | None
    cargo: str
    contest: str
    contest_pk: int
    district: str
    municipality: str
    formula_number: int
    actor: PublicActor
    consecutive_election: bool
    affirmative_action: str  # label of the group it was registered under, or ""
    groups: list[str]  # labels of the group badges (public_groups)
    photo_url: str  # "" when there is no photo or "general" is not public
    rubros: list[PublicRubro]
    partner: "PublicProfile | None" = field(default=None)

    @property
    def url(self) -> str:
        return pk_url("public:profile", self.pk)

    @property
    def is_owner(self) -> bool:
        return self.position == Position.OWNER


# --------------------------------------------------------------------------------------------
# Group badges (DOMAIN.md §6): the only identity datum that is ever public
# --------------------------------------------------------------------------------------------


def _chosen(options: tuple[int, ...], candidacies: tuple[int, ...]):
    """Which of `options` the `candidacies` chose."""
    chosen = IdentityAnswer.options.through.objects.filter(
        identityanswer__candidacy_id__in=candidacies, identityoption_id__in=options
    )
    return chosen.order_by().values_list("identityanswer__candidacy_id", "identityoption_id")


_CHOSEN = CompiledQuery(_chosen)  # compiled once per catalog and number of candidacies (conoceles.core.compiled)


def public_groups(candidacies: Iterable[Candidacy]) -> dict[int, list[str]]:
    """candidacy id -> the groups (AffirmativeActionGroup values, in the norm's order) shown as badges.

    A group is shown when (the candidate answered Sí to that group's identity question AND her consent in force
    to publish identity answers, item 2, is given) OR the candidacy was registered under that group's acción
    afirmativa (public by ruling of the INAI and TEPJF). Nothing else of the identity questionnaire is public.
    Two queries for any number of candidacies: the Sí answers, then the consents of those who gave one (one query
    when nobody did, as for most candidacies)."""
    candidacies = list(candidacies)
    shown: dict[int, set[str]] = {c.pk: set() for c in candidacies}
    for c in candidacies:
        if c.affirmative_action:
            shown[c.pk].add(c.affirmative_action)
    answered: dict[int, set[str]] = {}
    group_of = group_yes_options()  # the «Sí» options of the group questions, from the kept catalog
    if shown and group_of:  # no query at all for no candidacies or no group questions
        for candidacy_id, option in _CHOSEN.rows(tuple(group_of), list(shown)):
            answered.setdefault(candidacy_id, set()).add(group_of[option])
    if answered:
        for pk, items in consents_for(list(answered)).items():
            if items[ConsentItem.PUBLICATION] is True:
                shown[pk] |= answered[pk]
    order = AffirmativeActionGroup.values
    return {pk: sorted(groups, key=order.index) for pk, groups in shown.items()}


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _published_on(today: datetime.date):
    """The published candidacies with their contest and curricular questionnaire, in one query; the process, its
    cargos and capture rules, the actors with their parties, the distritos and municipios come from the process's
    kept catalog (conoceles.public.catalog, see _build): each model read with the row costs Django more to compile
    and build than PostgreSQL takes to run the query. No ordering: Candidacy's default one would join the contest's
    and the actor's tables again. Built once a day in each worker (the gate's conditions take a tenth of a profile
    to build); every use filters a copy."""
    return published_candidacies(today).select_related("contest", "curricular").order_by()


def _candidacies(**filters):
    """The published candidacies matching `filters`, with what a profile shows (_published_on)."""
    return _published_on(timezone.localdate()).filter(**filters)


def _formula_of(today: datetime.date, marks: tuple[int, ...]):
    """The published candidacies of the fórmula of candidacy `marks[0]`, each with its public rubros."""
    seat = Candidacy.objects.filter(pk=marks[0]).order_by()
    formula = published_candidacies(today).filter(
        contest_id=seat.values("contest_id")[:1],
        actor_id=seat.values("actor_id")[:1],
        formula_number=seat.values("formula_number")[:1],
    )
    return formula.annotate(shown=public_rubros_relation()).order_by().values_list("pk", "shown__rubro")


# Compiled once a day in each worker: compiling the gate's conditions for every profile took Django three times
# what the database takes to run them.
_FORMULA = CompiledQuery(_formula_of, maxsize=1)


def _published_formula(pk: int) -> dict[int, frozenset[str]]:
    """The published candidacies of the fórmula of candidacy `pk` (itself among them when published): pk -> the
    codes of its public rubros (public_rubros)."""
    shown: dict[int, set[str]] = {}
    for candidacy_id, rubro in _FORMULA.rows(timezone.localdate(), [pk]):
        codes = shown.setdefault(candidacy_id, set())
        if rubro is not None:
            codes.add(rubro)
    return {candidacy_id: frozenset(codes) for candidacy_id, codes in shown.items()}


def _rubros(questionnaire, shown: frozenset[str], kept: Catalog) -> list[PublicRubro]:
    level = getattr(questionnaire, LEVEL_FIELD, "") if questionnaire else ""
    rubros = []
    for rubro in RUBROS:
        if rubro.code not in shown:
            rubros.append(PublicRubro(rubro.code, rubro.label, available=False))
            continue
        fields = []
        for f in rubro.fields:
            if f.kind == Kind.PHOTO:
                continue  # shown as the profile's photo (photo_url)
            value = str(getattr(questionnaire, f.name, "") or "").strip() if questionnaire else ""
            if f.name == STATUS_FIELD and level and not kept.capture_rules.status_applies(level):
                value = value or NOT_APPLICABLE
            fields.append(PublicField(f.name, f.label, value or NOT_PROVIDED, bool(value), f.kind))
        has_photo = rubro.code == "general" and bool(questionnaire and questionnaire.photo)
        if has_photo and not any(f.provided for f in fields):
            # The photo alone counts as information given (the rubro is not "not provided").
            fields.append(PublicField("photo", "Fotografía", "Sí", True, Kind.PHOTO))
        rubros.append(PublicRubro(rubro.code, rubro.label, available=True, fields=tuple(fields)))
    return rubros


def _actor(actor) -> PublicActor:
    return PublicActor(
        acronym=actor.acronym,
        name=actor.name,
        kind=actor.get_kind_display(),
        color=actor.color,
        emblem_url=actor.emblem.url if actor.emblem else "",
        members=tuple((m.acronym, m.name) for m in sorted(actor.members.all(), key=lambda m: (m.order, m.acronym))),
    )


def _public_actor(candidacy, kept: Catalog) -> PublicActor:
    """The candidacy's actor, built once per catalog."""
    actors = kept.keep("public_actors", lambda: {actor.pk: _actor(actor) for actor in kept.actors})
    found = actors.get(candidacy.actor_id)
    return found if found is not None else _actor(candidacy.actor)  # an actor of another process: bad data


def _district(candidacy, kept: Catalog) -> str:
    contest = candidacy.contest
    if contest.district_id is None:
        return ""
    found = kept.districts.get(contest.district_id)
    return str(found if found is not None else contest.district)  # a distrito of another process: bad data


def _municipality(candidacy, kept: Catalog) -> str:
    contest = candidacy.contest
    if contest.municipality_id is None:
        return ""
    found = kept.municipality_names.get(contest.municipality_id)
    return found if found is not None else contest.municipality.name


def _profile(candidacy, questionnaire, shown: frozenset[str], groups: list[str], kept: Catalog) -> PublicProfile:
    contest = candidacy.contest
    photo_url = ""
    if "general" in shown and questionnaire is not None and questionnaire.photo:
        photo_url = f"{pk_url('public:photo', candidacy.pk)}?v={photo_version(questionnaire.photo.name)}"
    return PublicProfile(
        pk=candidacy.pk,
        name=candidacy.full_name,
        position=candidacy.position,
        position_label=candidacy.position_label,
        sex=candidacy.get_sex_display(),
        age=candidacy.age,
        cargo=contest.cargo.name,
        contest=contest.name,
        contest_pk=contest.pk,
        district=_district(candidacy, kept),
        municipality=_municipality(candidacy, kept),
        formula_number=candidacy.formula_number,
        actor=_public_actor(candidacy, kept),
        consecutive_election=candidacy.consecutive_election,
        affirmative_action=candidacy.get_affirmative_action_display() if candidacy.affirmative_action else "",
        groups=[AffirmativeActionGroup(g).label for g in groups],
        photo_url=photo_url,
        rubros=_rubros(questionnaire, shown, kept),
    )


def photo_version(name: str) -> str:
    """A stable token of the stored photo (re-encoded photos are saved under a new random name each time)."""
    return name.rsplit("/", 1)[-1].split(".", 1)[0]


def _build(
    candidacies: list[Candidacy], questionnaires: dict[int, CurricularQuestionnaire | None], shown=None
) -> dict[int, PublicProfile]:
    """The profiles of published `candidacies` (with their contests), whose curricular questionnaires are
    `questionnaires`; `shown`: their public rubros when already read."""
    shown = public_rubros([c.pk for c in candidacies]) if shown is None else shown
    groups = public_groups(candidacies)
    kept = {}  # each process's catalog, asked once (a look at the publication version)
    for c in candidacies:
        if c.process_id not in kept:
            kept[c.process_id] = catalog(c.process_id)
        c.process = kept[c.process_id].process
        cargo = kept[c.process_id].cargos.get(c.contest.cargo_id)
        if cargo is not None:  # else a cargo of another process (bad data): read with the contest
            c.contest.cargo = cargo
    return {c.pk: _profile(c, questionnaires[c.pk], shown[c.pk], groups[c.pk], kept[c.process_id]) for c in candidacies}


def public_profiles(ids: Iterable[int]) -> dict[int, PublicProfile]:
    """pk -> profile of each published candidacy among `ids` (others are left out), without partners."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    candidacies = list(_candidacies(pk__in=ids))
    return _build(candidacies, {c.pk: getattr(c, "curricular", None) for c in candidacies})


# What a profile reads of a candidacy, its contest and its questionnaire (the rest stays deferred).
_READ = {
    Candidacy: [
        "id",
        "process",
        "contest",
        "actor",
        "formula_number",
        "position",
        "first_name",
        "last_name",
        "second_last_name",
        "sex",
        "birth_date",
        "declared_age",
        "affirmative_action",
        "consecutive_election",
    ],
    Contest: ["id", "cargo", "district", "municipality", "name"],
    CurricularQuestionnaire: [
        "id",
        "candidacy",
        "photo",
        *(f.name for r in RUBROS for f in r.fields if f.kind != Kind.PHOTO),
    ],
}
_PATHS = {Candidacy: "", Contest: "contest__", CurricularQuestionnaire: "curricular__"}


@cache
def _read_attnames() -> dict:
    """model -> the attribute names of its fields in _READ, as Model.from_db takes them (worked out once)."""
    return {model: [model._meta.get_field(name).attname for name in names] for model, names in _READ.items()}


def _rows_of(_, marks: tuple[int, ...]):
    columns = [f"{_PATHS[model]}{name}" for model, names in _READ.items() for name in names]
    return Candidacy.objects.filter(pk__in=marks).order_by().values_list(*columns)


_ROWS = CompiledQuery(_rows_of)  # compiled once per number of candidacies (conoceles.core.compiled)


def _read(pks: list[int]) -> tuple[list[Candidacy], dict[int, CurricularQuestionnaire | None]]:
    """The candidacies `pks` with their contests, and their questionnaires (None: never captured), built from the
    rows as Django builds them from a query's (Model.from_db)."""
    attnames = _read_attnames()
    candidacies, questionnaires = [], {}
    for row in _ROWS.rows(None, pks):
        values = iter(row)
        built = {
            model: model.from_db(connection.alias, names, [next(values) for _ in names])
            for model, names in attnames.items()
        }
        candidacy, questionnaire = built[Candidacy], built[CurricularQuestionnaire]
        candidacy.contest = built[Contest]
        candidacies.append(candidacy)
        questionnaires[candidacy.pk] = questionnaire if questionnaire.pk is not None else None
    return candidacies, questionnaires


def public_profile(pk: int) -> PublicProfile | None:
    """The profile of candidacy `pk` with its fórmula partner (propietaria/o ↔ suplente) when that one is
    published too; None unless `pk` is published."""
    published = _published_formula(pk)
    if pk not in published:
        return None
    profiles = _build(*_read(list(published)), published)  # what the gate let through a moment ago, by pk
    profile = profiles.pop(pk, None)
    if profile is None:  # deleted since
        return None
    profile.partner = next(iter(profiles.values()), None)
    return profile


def substitute_of(pk: int) -> PublicProfile | None:
    """For the URL of a substituted candidacy: the profile of whoever replaced it (following a chain of
    substitutions), if published. None when `pk` was not substituted or its substitute is not public."""
    current = Candidacy.objects.filter(pk=pk, status=Candidacy.Status.SUBSTITUTED).only("pk").first()
    for _ in range(10):  # a chain of substitutions is short; never loop on bad data
        if current is None:
            return None
        successor = Candidacy.objects.filter(replaces_id=current.pk).only("pk", "status").first()
        if successor is not None and successor.status == Candidacy.Status.APPROVED:
            return public_profile(successor.pk)
        current = successor
    return None
