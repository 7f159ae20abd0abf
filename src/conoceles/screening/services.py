"""Screening services: read the findings of the scanning engine (conoceles.screening.engine), which computes them.

Findings come grouped and ordered as the review screens show them; flags and filters answer in one query.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from conoceles.questionnaires.rubros import RUBROS

from .engine import RULE_COPY
from .models import Finding

_RUBRO_ORDER = {r.code: i for i, r in enumerate(RUBROS)}
_FIELD_ORDER = {f: i for i, f in enumerate(f.name for r in RUBROS for f in r.fields)}


def findings_for(candidacy) -> list[Finding]:
    """The candidacy's findings in questionnaire order (rubro, field), then by rule. The near-copies of one field
    are one item: the most similar pair, with the others in its `also` (most similar first)."""
    findings = Finding.objects.filter(candidacy=candidacy).select_related("other_candidacy", "other_candidacy__actor")
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
    return result


def flags_for(candidacy_ids: Iterable[int]) -> dict[int, set[int]]:
    """{candidacy id: the rules it has findings for}, in one query; candidacies without findings are absent."""
    flags: dict[int, set[int]] = defaultdict(set)
    rows = Finding.objects.filter(candidacy_id__in=list(candidacy_ids)).values_list("candidacy_id", "rule").distinct()
    for candidacy_id, rule in rows:
        flags[candidacy_id].add(rule)
    return dict(flags)


def candidacies_flagged(queryset, rule: int | None = None):
    """The candidacies of `queryset` with findings (of `rule` when given)."""
    findings = Finding.objects.filter(candidacy=OuterRef("pk"))
    if rule is not None:
        findings = findings.filter(rule=rule)
    return queryset.filter(Exists(findings))
