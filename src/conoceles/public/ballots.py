"""Ballots keyed by their contests (DOMAIN.md §8, «Tu boleta»).

Every sección of the same district and municipality votes on the same contests, so the site has one ballot page
per distinct *set of contests*, at `/boleta/<key>/`, the key being the contests' ids in ascending order joined by
"-" (`3-17-254`). A sección finds its ballot through the lookup `/boleta/secciones/<shard>.json` (`{"245": "3-17-254"}`
for the secciones numbered SHARD_SIZE × shard to SHARD_SIZE × shard + SHARD_SIZE - 1): the browser reads it without
the database, and the snapshot (conoceles.snapshot) writes it as a file. The form without JavaScript asks the
application, which redirects to the same page.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from conoceles.elections.models import Contest, District, ElectoralProcess, Municipality, Section

SHARD_SIZE = 1000
BALLOT_ORDER = ("cargo__order", "cargo__name", "circumscription", "name")


def ballot_key(contests) -> str:
    return "-".join(str(pk) for pk in sorted({contest.pk for contest in contests}))


def parse_key(key: str) -> list[int] | None:
    """The contest ids of a well-formed key (ascending, no repeats), else None."""
    try:
        ids = [int(part) for part in key.split("-")]
    except ValueError:
        return None
    return ids if ids and ids == sorted(set(ids)) and all(pk > 0 for pk in ids) else None


def in_ballot_order(contests) -> list[Contest]:
    def position(contest):
        return (contest.cargo.order, contest.cargo.name, contest.circumscription or 0, contest.name)

    return sorted(contests, key=position)


def ballot_contests(section: Section) -> list[Contest]:
    """The contests on the ballot of a sección, in the ballot's order: those of the whole entity and the RP lists,
    the diputación of its district and the ayuntamiento of its municipality."""
    return list(
        Contest.objects.filter(process_id=section.process_id)
        .filter(
            Q(district__isnull=True, municipality__isnull=True)
            | Q(district_id=section.district_id)
            | Q(municipality_id=section.municipality_id)
        )
        .select_related("cargo")
        .order_by(*BALLOT_ORDER)
    )


@dataclass
class Ballot:
    key: str
    contests: list[Contest]  # in the ballot's order
    district: District | None  # of the ballot's diputación MR, when it has one
    municipality: Municipality | None  # of its ayuntamiento, when it has one

    @property
    def place(self) -> str:
        """Where this ballot is voted, as far as its contests tell («Othón P. Blanco · Distrito 15 – Chetumal»)."""
        return " · ".join(str(p) for p in (self.municipality, self.district) if p) or "Todas las secciones"


def ballot_for_key(process: ElectoralProcess, key: str) -> Ballot | None:
    """The ballot of `key` when it is the ballot of some sección of `process`, else None."""
    ids = parse_key(key)
    if ids is None:
        return None
    contests = list(
        Contest.objects.filter(process=process, pk__in=ids).select_related("cargo", "district", "municipality")
    )
    if len(contests) != len(ids):
        return None
    district = next((c.district for c in contests if c.district_id), None)
    municipality = next((c.municipality for c in contests if c.municipality_id), None)
    sections = Section.objects.filter(process=process)
    if district is not None:
        sections = sections.filter(district=district)
    if municipality is not None:
        sections = sections.filter(municipality=municipality)
    section = sections.order_by("number").first()
    if section is None or ballot_key(ballot_contests(section)) != key:
        return None
    return Ballot(key, in_ballot_order(contests), district, municipality)


def section_keys(process: ElectoralProcess, sections=None) -> dict[int, str]:
    """sección number -> its ballot's key, for every sección of `process` (or of the queryset `sections`): two
    queries."""
    sections = Section.objects.filter(process=process) if sections is None else sections
    rows = list(sections.values_list("number", "district_id", "municipality_id"))
    contests = Contest.objects.filter(process=process)
    if len(rows) < SHARD_SIZE * 2:  # a few secciones: only the contests they can have
        districts, municipalities = {row[1] for row in rows}, {row[2] for row in rows}
        contests = contests.filter(
            Q(district__isnull=True, municipality__isnull=True)
            | Q(district_id__in=districts)
            | Q(municipality_id__in=municipalities)
        )
    entity, by_district, by_municipality = [], defaultdict(list), defaultdict(list)
    for pk, district_id, municipality_id in contests.values_list("pk", "district_id", "municipality_id"):
        if district_id is None and municipality_id is None:
            entity.append(pk)
        if district_id is not None:
            by_district[district_id].append(pk)
        if municipality_id is not None:
            by_municipality[municipality_id].append(pk)
    return {
        number: "-".join(str(pk) for pk in sorted({*entity, *by_district[district], *by_municipality[municipality]}))
        for number, district, municipality in rows
    }


def shard_of(number: int) -> int:
    return number // SHARD_SIZE


def lookup_shards(keys: dict[int, str]) -> dict[int, dict[str, str]]:
    """Every lookup file: shard -> {sección number as text: key}."""
    shards = defaultdict(dict)
    for number in sorted(keys):
        shards[shard_of(number)][str(number)] = keys[number]
    return dict(shards)


def section_lookup(process: ElectoralProcess, shard: int) -> dict[str, str]:
    """One lookup file, from the database (the live site; the snapshot computes every shard at once)."""
    first = shard * SHARD_SIZE
    sections = Section.objects.filter(process=process, number__gte=first, number__lt=first + SHARD_SIZE)
    return {str(number): key for number, key in sorted(section_keys(process, sections).items())}
