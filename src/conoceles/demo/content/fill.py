"""The demo election a week into campaigns: filled questionnaires, consent, validations and open publication.

`fill_demo_content(process, seed=..., by=admin)` writes, deterministically for a seed:

- the cargos' publication window opened (`open_publication`): it starts at the campaign start or a week ago,
  whichever is earlier, and ends on election day, so the public site has content on any day before the election;
- curricular questionnaires for about 85 % of the approved candidacies (a tenth of them left incomplete), with
  texts composed from phrase banks (`texts`), a grado and estatus from the process's CaptureRules catalogs, some
  public contact data (example.org addresses, 555 telephone numbers) and one of a few stored portraits (`photos`);
- identity answers for about 60 % of them, after their consent (items 1, 2 and 3);
- the actor's validation of about 75 % of the complete ones: workflow and rubro states validated, with the events
  the real transition writes (checked against its tables by tests/demo/test_workflow_rows.py);
- a few planted cases for the content-rule assistants (near-copied proposals, another party named, a rival
  candidate named, a campaign slogan), returned in `ContentResult.planted`.

Rows are written with multi-row INSERTs in chunks of contests (`conoceles.core.bulk`), never holding the whole
election in memory: for a 200,000-candidacy demo, about 75 s and 250 MB on a 2-core machine. This bypasses the
services and django-simple-history: generated demo data has no capture history, which is fine for a demonstration
(the validation events are written, as the workflow would).
"""

import datetime
import time

from django.utils import timezone

from conoceles.changes import Reason, process_changed, rows_changed
from conoceles.core.bulk import analyze
from conoceles.questionnaires.models import ConsentFormat, ConsentRecord, CurricularQuestionnaire, IdentityAnswer
from conoceles.review.models import CandidacyWorkflow, RubroState, WorkflowEvent

from .writer import ContentResult, ContentWriter

PUBLICATION_LEAD = datetime.timedelta(days=7)


def open_publication(process, today: datetime.date | None = None, *, by=None) -> int:
    """Start each cargo's publication at its campaign start or a week before `today`, whichever is earlier (the
    end stays: election day when none is set). Returns how many cargos changed."""
    today = today or timezone.localdate()
    earliest = today - PUBLICATION_LEAD
    changed = []
    for cargo in process.cargos.all():
        start = min(cargo.publication_start or earliest, earliest)
        if cargo.publication_end is not None and start > cargo.publication_end:
            continue
        if start != cargo.publication_start:
            cargo.publication_start = start
            cargo._history_user = by
            cargo.save(update_fields=["publication_start"])
            changed.append(cargo)
    rows_changed(*changed, reason=Reason.DEMO)
    return len(changed)


def fill_demo_content(process, *, seed: int, by, today: datetime.date | None = None) -> ContentResult:
    """Write the demo content of `process` (see the module docstring); `by` is the demo admin."""
    started = time.monotonic()
    open_publication(process, today, by=by)
    writer = ContentWriter(process, seed, by)
    writer.run()
    analyze(
        CurricularQuestionnaire,
        CandidacyWorkflow,
        RubroState,
        WorkflowEvent,
        ConsentFormat,
        ConsentRecord,
        IdentityAnswer,
        IdentityAnswer.options.through,
    )
    process_changed(process, reason=Reason.DEMO)  # after the multi-row INSERTs: the index of the whole process
    writer.result.seconds = time.monotonic() - started
    return writer.result
