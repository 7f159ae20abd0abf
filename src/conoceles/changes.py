"""What a write to published data sets off, said by the writer itself (as zulip's `do_*` actions do).

Every code path that writes a row the public site may show (PUBLIC_MODELS) calls `candidacies_changed` once its
writes are done, inside its own transaction: the workflow's `transition()`, the questionnaire services, the
importers, the demo and the Gestión admin (`PublicChangesAdmin`). Nothing listens to model signals. The call

- refreshes those candidacies' rows of the public search index (conoceles.review.search_index) at once, in the
  writer's transaction, so the index commits or rolls back with the change;
- bumps the public version, so every cached public page is stale (conoceles.public.caching): now, and again on
  commit, so that a page rendered meanwhile from the old rows is not kept under the new version;
- on commit, brings the static snapshot of the public site up to date (conoceles.snapshot: the changed profiles
  leave it at once, a task renders what the change touched);
- on commit, queues the assistants' re-scan (conoceles.screening.tasks) when the curricular text changed.

`tests/change_guard.py` fails any database test in which a writer of a public model returns without announcing its
change.
"""

from collections.abc import Iterable
from enum import StrEnum
from functools import partial

from django.db import transaction

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import Cargo, Contest, District, ElectoralProcess, Municipality, PoliticalActor, Section
from conoceles.opendata.models import OpenDataRelease
from conoceles.public.version import bump_publication_version
from conoceles.questionnaires.models import (
    CaptureRules,
    ConsentFormat,
    ConsentRecord,
    CurricularQuestionnaire,
    IdentityAnswer,
    IdentityOption,
    IdentityQuestion,
)
from conoceles.review.models import CandidacyWorkflow, RubroState
from conoceles.review.search_index import indexed_candidacies, rebuild_entries, refresh_entries
from conoceles.screening.tasks import scan_candidacy_task
from conoceles.snapshot.tasks import after_change, withdraw

# The rows a public page or file may show or depend on. A writer of any of them calls `candidacies_changed`.
PUBLIC_MODELS = (
    ElectoralProcess,
    District,
    Municipality,
    Section,
    Cargo,
    Contest,
    PoliticalActor,
    Candidacy,
    CaptureRules,
    CurricularQuestionnaire,
    IdentityQuestion,
    IdentityOption,
    IdentityAnswer,
    ConsentFormat,
    ConsentRecord,
    CandidacyWorkflow,
    RubroState,
    OpenDataRelease,
)


class Reason(StrEnum):
    """Why published data changed; `CAPTURE` (curricular text) also re-scans the candidacies."""

    CAPTURE = "capture"
    IDENTITY = "identity"
    CONSENT = "consent"
    WORKFLOW = "workflow"
    IMPORT = "import"
    ADMIN = "admin"
    DEMO = "demo"
    RELEASE = "release"  # a new open-data release: the list of releases changed
    LIFECYCLE = "lifecycle"  # a lifecycle step (conoceles.lifecycle): e.g. the end of publication


RESCANNED = frozenset({Reason.CAPTURE})


# Catalog rows that every page may show (a ballot page, the sección lookup, a contest's name on a profile): a change
# of one rebuilds the whole snapshot of the public site.
SITE_WIDE = (ElectoralProcess, District, Municipality, Section, Cargo, Contest)


class AfterCommit:
    """What runs once the writer's transaction commits (a class, so the test guard can recognise it)."""

    def __init__(self, candidacy_ids: list[int], reason: Reason, site_wide: bool = False):
        self.candidacy_ids, self.reason, self.site_wide = candidacy_ids, reason, site_wide

    def __call__(self):
        bump_publication_version()
        release = self.reason == Reason.RELEASE
        everything = self.site_wide or (not self.candidacy_ids and not release)
        after_change(self.candidacy_ids, everything=everything, release=release)
        if self.reason in RESCANNED:
            for candidacy_id in self.candidacy_ids:
                scan_candidacy_task.enqueue(candidacy_id)


def candidacies_changed(candidacy_ids: Iterable[int], *, reason: Reason, site_wide: bool = False) -> None:
    """Announce that published data of these candidacies changed (none: catalog rows every page may show, such as
    secciones, actors or the capture rules; `site_wide`: also such rows). Call it after the writes, inside their
    transaction."""
    ids = sorted(set(candidacy_ids))
    refresh_entries(ids)
    bump_publication_version()
    transaction.on_commit(AfterCommit(ids, Reason(reason), site_wide))


def rows_changed(*rows, changed_fields: Iterable[str] | None = None, reason: Reason) -> None:
    """`candidacies_changed` for rows written directly (a cargo, a contest, a candidacy, a sección...): the
    candidacies whose search-index entries copy what changed (`changed_fields`; None: any field may have)."""
    candidacies_changed(
        {pk for row in rows for pk in indexed_candidacies(row, changed_fields)},
        reason=reason,
        site_wide=any(isinstance(row, SITE_WIDE) for row in rows),
    )


def process_changed(process: ElectoralProcess | None, *, reason: Reason) -> int:
    """The same for a whole process written in bulk (the demo; None: every process, `manage.py rebuild_publication`
    after a change made outside the system): rebuild its index at once. Returns the index rows."""
    rows = rebuild_entries(process)
    bump_publication_version()
    transaction.on_commit(AfterCommit([], Reason(reason)))
    return rows


def process_withdrawn(process: ElectoralProcess, *, reason: Reason) -> int:
    """A whole process's candidacies leave the public site (conoceles.lifecycle, end of publication): on commit
    their profiles leave the static snapshot at once, before the full rebuild that `process_changed` queues; its
    search index is rebuilt (without them) and every cached page is stale. Returns the index rows left."""
    ids = list(Candidacy.objects.filter(process=process).values_list("pk", flat=True))
    transaction.on_commit(partial(withdraw, ids))
    return process_changed(process, reason=reason)


class PublicChangesAdmin:
    """Gestión admin of a model the public site shows: every save and delete announces what it changed."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # after save_model: the row, its m2m and inlines
        rows_changed(form.instance, changed_fields=form.changed_data if change else None, reason=Reason.ADMIN)

    def delete_model(self, request, obj):
        affected = indexed_candidacies(obj)
        super().delete_model(request, obj)
        candidacies_changed(affected, reason=Reason.ADMIN, site_wide=isinstance(obj, SITE_WIDE))

    def delete_queryset(self, request, queryset):
        affected = [pk for obj in queryset for pk in indexed_candidacies(obj)]
        super().delete_queryset(request, queryset)
        candidacies_changed(affected, reason=Reason.ADMIN, site_wide=issubclass(queryset.model, SITE_WIDE))
