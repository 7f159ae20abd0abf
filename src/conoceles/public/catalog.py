"""What the public pages read of the current process and its catalogs, read once and kept in this worker's memory for
as long as the publication version stands.

The search form offers the process's cargos, actors, municipalities and grados, and a profile shows an actor with its
parties, a distrito and a municipio: the same few rows for every request, read again on each one. Here they are
read at the first request that needs them and kept under the publication version (conoceles.public.version), which
every writer of published data bumps (conoceles.changes), now and again on commit: the first request after a change
reads them again, and nothing read before a change outlives it. With more than one worker the version lives in Redis
(docs/despliegue.md), so every worker sees every change. Only catalogs are kept here, never what the publication
gate decides about a candidacy.
"""

from functools import cached_property

from django.db.models import Prefetch
from django.utils.choices import BaseChoiceIterator

from conoceles.elections.models import Cargo, District, ElectoralProcess, PoliticalActor
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import CaptureRules, IdentityOption, default_education_levels

from .version import publication_version

_NOT_READ = object()


class Choices(BaseChoiceIterator):
    """Choices already in Django's normal form, `(value, label)` or `(group, [(value, label), ...])`. Django normalizes
    a plain list again at every assignment to a field or widget (a call per option and label), which for the hundreds
    of municipalities of a large process cost more than the search itself; an iterator is taken as it is."""

    def __init__(self, items):
        self.items = list(items)
        self._rendered = None

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def rendered(self, render) -> str:
        """`render(self)`, made once for these choices (a <select>'s options, kept with the catalog)."""
        if self._rendered is None:
            self._rendered = render(self)
        return self._rendered


class Catalog:
    """The catalogs of one process as the public pages use them, each read on first use. Shared by the requests of a
    worker: what it hands out is not to be changed."""

    def __init__(self, process: ElectoralProcess):
        self.process = process
        self._kept = {}

    def keep(self, key, build):
        """What `build()` makes of this catalog, made once: `key` names it among what the pages keep."""
        if key not in self._kept:
            self._kept[key] = build()
        return self._kept[key]

    @cached_property
    def cargo_choices(self) -> list[tuple[int, str]]:
        return list(self.process.cargos.order_by("order", "name").values_list("pk", "name"))

    @cached_property
    def actors(self) -> list[PoliticalActor]:
        """The actors in their order, each with its parties (`members`, in the parties' order)."""
        members = Prefetch("members", queryset=PoliticalActor.objects.order_by("order", "acronym"))
        return list(self.process.actors.order_by("order", "acronym").prefetch_related(members))

    @cached_property
    def actors_by_pk(self) -> dict[int, PoliticalActor]:
        return {actor.pk: actor for actor in self.actors}

    @cached_property
    def actor_choices(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """Grouped by kind, as the search form offers them."""
        return [
            (label, [(a.pk, f"{a.acronym} – {a.name}") for a in self.actors if a.kind == kind])
            for kind, label in PoliticalActor.Kind.choices
            if any(a.kind == kind for a in self.actors)
        ]

    @cached_property
    def alliances(self) -> dict[int, list[int]]:
        """actor pk -> that actor and the coalitions and common candidacies it belongs to."""
        return {
            actor.pk: [actor.pk, *(other.pk for other in self.actors if actor in other.members.all())]
            for actor in self.actors
        }

    @cached_property
    def cargos(self) -> dict[int, Cargo]:
        """pk -> cargo, each with this process (a profile shows its cargo's name)."""
        cargos = Cargo.objects.filter(process=self.process).order_by()
        return {cargo.pk: cargo for cargo in cargos}

    @cached_property
    def municipality_choices(self) -> list[tuple[int, str]]:
        return list(self.process.municipalities.order_by("name").values_list("pk", "name"))

    @cached_property
    def municipality_names(self) -> dict[int, str]:
        return dict(self.municipality_choices)

    @cached_property
    def districts(self) -> dict[int, District]:
        """pk -> district (its number and cabecera). Not through `process.districts`: a related manager sets each
        row's process, which reads the deferred `process_id` with one query per row (13,329 at 200,000
        candidacies: 8 s after every publication)."""
        districts = District.objects.filter(process=self.process).only("number", "head_town").order_by()
        return {district.pk: district for district in districts}

    @cached_property
    def district_pks(self) -> dict[int, int]:
        """number -> pk (a number is unique in its process)."""
        return {district.number: pk for pk, district in self.districts.items()}

    @cached_property
    def capture_rules(self) -> CaptureRules:
        """The process's capture rules, or the defaults as capture would create them. Read, not capture_rules_for
        (which creates the rules): a citizen's GET writes nothing."""
        rules = CaptureRules.objects.filter(process=self.process).first()
        return rules if rules is not None else CaptureRules(process=self.process)

    @cached_property
    def education_levels(self) -> list[str]:
        return self.capture_rules.education_levels or default_education_levels()


class _Kept:
    """What this worker keeps, all of it for one publication version."""

    def __init__(self, version):
        self.version = version
        self.current = _NOT_READ
        self.catalogs: dict[int, Catalog] = {}
        self.group_yes_options = None


_kept = _Kept(None)


def _fresh() -> _Kept:
    global _kept
    version = publication_version()
    if _kept.version != version:
        _kept = _Kept(version)
    return _kept


def current_process() -> ElectoralProcess | None:
    """ElectoralProcess.objects.current(), kept."""
    kept = _fresh()
    if kept.current is _NOT_READ:
        kept.current = ElectoralProcess.objects.current()
    return kept.current


def group_yes_options() -> dict[int, str]:
    """option pk -> group (AffirmativeActionGroup value), for the «Sí» option of every question that identifies a group,
    of every process, kept: a profile's badges look its answers up here instead of joining the questionnaire."""
    kept = _fresh()
    if kept.group_yes_options is None:
        options = IdentityOption.objects.filter(label=YES).exclude(question__group="").order_by()
        kept.group_yes_options = dict(options.values_list("pk", "question__group"))
    return kept.group_yes_options


def catalog(process: ElectoralProcess | int) -> Catalog:
    """The kept catalog of `process` (or of the process with that pk, read with the catalog)."""
    kept = _fresh()
    pk = process if isinstance(process, int) else process.pk
    found = kept.catalogs.get(pk)
    if found is None:
        found = kept.catalogs[pk] = Catalog(
            ElectoralProcess.objects.get(pk=pk) if isinstance(process, int) else process
        )
    return found
