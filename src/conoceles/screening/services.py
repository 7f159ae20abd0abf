"""Screening services: read the findings of the scanning engine (conoceles.screening.engine), which computes them,
and let a reviewer dismiss a false positive.

Findings come grouped and ordered as the review screens show them; flags and filters answer in one query. A
dismissed finding (DismissedFinding) is left out everywhere until one of the compared texts changes.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from conoceles.core.permissions import Action, can
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.questionnaires.rubros import RUBROS
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.states import EventKind
from conoceles.review.workflow import log_event

from . import text as t
from .engine import RULE_COPY
from .models import DismissedFinding, Finding

_RUBRO_ORDER = {r.code: i for i, r in enumerate(RUBROS)}
_FIELD_ORDER = {f: i for i, f in enumerate(f.name for r in RUBROS for f in r.fields)}


def findings_for(candidacy) -> list[Finding]:
    """The candidacy's findings in questionnaire order (rubro, field), then by rule. The near-copies of one field
    are one item: the most similar pair, with the others in its `also` (most similar first)."""
    findings = (
        Finding.objects.shown().filter(candidacy=candidacy).select_related("other_candidacy", "other_candidacy__actor")
    )
    ordered = sorted(
        findings,
        key=lambda f: (_RUBRO_ORDER[f.rubro], _FIELD_ORDER[f.field], f.rule, -(f.score or 0), f.mark_start, f.pk),
    )
    result, copies = [], {}
    for finding in ordered:
        finding.also = []
        if finding.rule == RULE_COPY and finding.field in copies:
            copies[finding.field].also.append(finding)
            continue
        if finding.rule == RULE_COPY:
            copies[finding.field] = finding
        result.append(finding)
    _attach_sources([f for f in result if f.rule == RULE_COPY])
    return result


def _attach_sources(copies: list[Finding]) -> None:
    """Give each near-copy finding its `source`: (before, passage, after) of the other candidacy's text around the
    passage it shares, to show side by side with the candidacy's own."""
    if not copies:
        return
    ids = {f.candidacy_id for f in copies} | {f.other_candidacy_id for f in copies}
    fields = {f.field for f in copies} | {f.other_field for f in copies}
    texts = {row["candidacy_id"]: row for row in CurricularQuestionnaire.objects.filter(candidacy_id__in=ids).values(
        "candidacy_id", *fields
    )}
    for finding in copies:
        own = t.words(texts.get(finding.candidacy_id, {}).get(finding.field) or "")
        other = t.words(texts.get(finding.other_candidacy_id, {}).get(finding.other_field) or "")
        body, start, end = t.excerpt(other.text, *t.copied_span(other, own))
        finding.source = (body[:start], body[start:end], body[end:])


def dismiss_finding(finding: Finding, *, reason: str, by) -> DismissedFinding:
    """A reviewer dismisses a finding as a false positive, with a reason: audited (WorkflowEvent) and not shown
    again while the compared texts stay the same."""
    candidacy = finding.candidacy
    if not can(by, Action.REVIEW_CANDIDACY, candidacy):
        raise PermissionDenied("Su cuenta no puede descartar señalamientos.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Explique por qué descarta el señalamiento.", code=ReviewErrorCode.NO_REASON)
    with transaction.atomic():
        dismissed = DismissedFinding.objects.create(
            candidacy=candidacy,
            dismissal_key=finding.dismissal_key,
            rule=finding.rule,
            field=finding.field,
            excerpt=finding.excerpt,
            reason=reason,
            by=by,
        )
        log_event(
            candidacy,
            EventKind.FINDING_DISMISSED,
            by=by,
            rubro=finding.rubro,
            reason=f"Supuesto {finding.rule}, {finding.field_label}: «{finding.evidence}». {reason}",
        )
    return dismissed


def flags_for(candidacy_ids: Iterable[int]) -> dict[int, set[int]]:
    """{candidacy id: the rules it has findings for}, in one query; candidacies without findings are absent."""
    flags: dict[int, set[int]] = defaultdict(set)
    rows = Finding.objects.shown().filter(candidacy_id__in=list(candidacy_ids))
    rows = rows.values_list("candidacy_id", "rule").distinct()
    for candidacy_id, rule in rows:
        flags[candidacy_id].add(rule)
    return dict(flags)


def candidacies_flagged(queryset, rule: int | None = None):
    """The candidacies of `queryset` with findings (of `rule` when given)."""
    findings = Finding.objects.shown().filter(candidacy=OuterRef("pk"))
    if rule is not None:
        findings = findings.filter(rule=rule)
    return queryset.filter(Exists(findings))
