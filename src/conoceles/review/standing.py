"""Where a candidacy stands, as its actor sees it on the capture list: THE place that derives it (issue 14, point 4).

One word per candidacy from its workflow state (conoceles.review.workflow), its rubros' states, the publication gate
(conoceles.review.publication) and, before validation, its curricular completeness
(conoceles.questionnaires.completeness). `standing()` is the rule; `standings()` applies it to a queryset of any size
in one query plus two per batch of unvalidated candidacies (their completeness), so that the party's list can count
and filter thousands.
"""

import datetime
from itertools import islice

from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef

from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.completeness import curricular_completeness_for

from .models import RubroState
from .publication import published_q
from .states import TO_CORRECT_RUBRO_STATES, State

COMPLETENESS_BATCH = 2000


class Standing(models.TextChoices):
    CAPTURING = "en-captura", "En captura"
    COMPLETE = "completa", "Completa"
    VALIDATED = "validada", "Validada"
    PUBLISHED = "publicada", "Publicada"
    OBSERVED = "observada", "Observada"
    CORRECTED = "subsanada", "Subsanada, en revisión"
    CORRECTION_REQUESTED = "solicitud-de-correccion", "Solicitud de corrección"
    REOPENED = "por-validar-de-nuevo", "Corrección aprobada, por validar de nuevo"


def standing(
    workflow_state: str | None, *, observed: bool, corrected: bool, published: bool, complete: bool | None
) -> Standing:
    """The rule. What needs the actor first (an observation), then what awaits the Institute (a correction request,
    a corrected rubro), then validated (public or not); before validation, complete or still in capture.
    `complete` is only read for a candidacy not yet validated (draft, or no workflow row)."""
    if observed:
        return Standing.OBSERVED
    if workflow_state == State.CORRECTION_REQUESTED:
        return Standing.CORRECTION_REQUESTED
    if corrected:
        return Standing.CORRECTED
    if workflow_state == State.CORRECTION_APPROVED:
        return Standing.REOPENED
    if workflow_state in (None, State.DRAFT):
        return Standing.COMPLETE if complete else Standing.CAPTURING
    return Standing.PUBLISHED if published else Standing.VALIDATED


def _rubro_in(states) -> Exists:
    return Exists(RubroState.objects.filter(candidacy=OuterRef("pk"), state__in=states))


def standings(queryset, today: datetime.date | None = None) -> dict[int, Standing]:
    """candidacy id -> Standing for every candidacy of `queryset`."""
    rows = (
        queryset.order_by()
        .annotate(
            workflow_state=F("workflow__state"),
            observed=_rubro_in(TO_CORRECT_RUBRO_STATES),  # observed, or its correction rejected
            corrected=_rubro_in([State.CORRECTED]),
            published=ExpressionWrapper(published_q(today), output_field=BooleanField()),
        )
        .values_list("pk", "process_id", "workflow_state", "observed", "corrected", "published")
    )
    result: dict[int, Standing] = {}
    unvalidated: list[tuple[int, int]] = []
    for pk, process_id, workflow_state, observed, corrected, published in rows:
        if workflow_state in (None, State.DRAFT) and not observed and not corrected:
            unvalidated.append((pk, process_id))
            continue
        result[pk] = standing(
            workflow_state, observed=observed, corrected=corrected, published=bool(published), complete=None
        )
    pending = iter(unvalidated)
    while batch := list(islice(pending, COMPLETENESS_BATCH)):
        stubs = [Candidacy(pk=pk, process_id=process_id) for pk, process_id in batch]
        for pk, completeness in curricular_completeness_for(stubs).items():
            result[pk] = standing(
                None, observed=False, corrected=False, published=False, complete=completeness.complete
            )
    return result
