"""THE publication gate (DOMAIN.md §4 steps 6–7): what of a candidacy is on the public site, and when.

A candidacy is public when its registration is approved (never a substituted or cancelled one), its actor's
validation stands (CandidacyWorkflow in PUBLIC_CANDIDACY_STATES), its process has not taken the lifecycle step «fin
de la publicación» (conoceles.lifecycle: from then on nothing of the process is public) and today falls inside its
cargo's publication window (from `publication_start`, which must be set, through `publication_end` or, without one,
the process's `publication_last_day`: its end of publication, or election day).
A rubro of a public candidacy is shown unless it is observed, awaiting review or reopened (RubroState in
PUBLIC_RUBRO_STATES). Every public page, export and API asks here; nothing else repeats these rules.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import LifecycleStage, stages_from
from conoceles.questionnaires.rubros import get_rubro

from .models import RubroState
from .states import PUBLIC_CANDIDACY_STATES, PUBLIC_RUBRO_STATES

# The stages of a process whose publication is over: none of its candidacies is public any more.
ENDED = stages_from(LifecycleStage.PUBLICATION_ENDED)


def publishable_q(prefix: str = "") -> Q:
    """The condition without the dates: public on some day of its cargo's window (review.search_index indexes these)."""
    p = prefix
    return Q(
        **{
            f"{p}status": Candidacy.Status.APPROVED,
            f"{p}workflow__state__in": PUBLIC_CANDIDACY_STATES,
            f"{p}contest__cargo__publication_start__isnull": False,
        }
    ) & ~Q(**{f"{p}process__stage__in": ENDED})


def published_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """The condition on Candidacy (or, with `prefix` such as "candidacy__", on a model pointing to one)."""
    today = today or timezone.localdate()
    p = prefix
    return (
        publishable_q(prefix)
        & Q(**{f"{p}contest__cargo__publication_start__lte": today})
        & (
            Q(**{f"{p}contest__cargo__publication_end__gte": today})
            | Q(
                **{
                    f"{p}contest__cargo__publication_end__isnull": True,
                    f"{p}process__publication_end_date__gte": today,
                }
            )
            | Q(
                **{
                    f"{p}contest__cargo__publication_end__isnull": True,
                    f"{p}process__publication_end_date__isnull": True,
                    f"{p}process__election_day__gte": today,
                }
            )
        )
    )


def published_candidacies(today: datetime.date | None = None, queryset: QuerySet | None = None) -> QuerySet:
    """The candidacies on the public site `today` (of `queryset`, default every candidacy)."""
    queryset = Candidacy.objects.all() if queryset is None else queryset
    return queryset.filter(published_q(today))


def is_public(candidacy, rubro_code: str | None = None, today: datetime.date | None = None) -> bool:
    """Is the candidacy (or, with `rubro_code`, that rubro of it) on the public site `today`?"""
    if rubro_code is not None:
        get_rubro(rubro_code)
    if not published_candidacies(today).filter(pk=candidacy.pk).exists():
        return False
    if rubro_code is None:
        return True
    return rubro_code in public_rubros([candidacy.pk])[candidacy.pk]


def rubro_public_q(rubro_code: str) -> Q:
    """Candidacies whose `rubro_code` is shown: public_rubros as a condition, for lists and aggregates."""
    shown = RubroState.objects.filter(candidacy=OuterRef("pk"), rubro=rubro_code, state__in=PUBLIC_RUBRO_STATES)
    return Q(Exists(shown))


def public_rubros_relation() -> FilteredRelation:
    """The rubro states of a candidacy whose rubro is shown (public_rubros), as a relation a query of candidacies
    joins (`.annotate(shown=public_rubros_relation())`, then `shown__rubro`): one query for the profile."""
    return FilteredRelation("rubro_states", condition=Q(rubro_states__state__in=PUBLIC_RUBRO_STATES))


def public_rubros(candidacy_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """candidacy id -> the rubro codes shown of it, for candidacies already known to be published.

    One query for any number of candidacies. A rubro without a state row has never been validated: not shown."""
    ids = list(candidacy_ids)
    shown: dict[int, set[str]] = {pk: set() for pk in ids}
    rows = (
        RubroState.objects.filter(candidacy_id__in=ids, state__in=PUBLIC_RUBRO_STATES)
        .order_by()  # sets: the default ordering would only sort them
        .values_list("candidacy_id", "rubro")
    )
    for candidacy_id, rubro in rows:
        shown[candidacy_id].add(rubro)
    return {pk: frozenset(codes) for pk, codes in shown.items()}


def publication_window(candidacy) -> tuple[datetime.date | None, datetime.date]:
    """(start, end) of the candidacy's cargo publication: end is the process's last day of publication (its end of
    publication, or election day) when the cargo has none."""
    cargo = candidacy.contest.cargo
    return cargo.publication_start, cargo.publication_end or candidacy.process.publication_last_day
