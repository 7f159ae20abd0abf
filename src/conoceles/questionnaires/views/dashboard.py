"""The capture dashboard (DOMAIN.md §4 step 4): the user's candidacies with their progress, where each stands
(conoceles.review.standing) with counts per standing, filters and pages; bulk validation is views.bulk.

Completeness always comes from conoceles.questionnaires.completeness. A candidate with one candidacy goes straight to
its overview (conoceles.questionnaires.views.curricular).
"""

from collections import Counter
from dataclasses import dataclass
from itertools import islice

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from conoceles.accounts.models import Role
from conoceles.candidacies.models import Candidacy
from conoceles.core.converters import parse_id
from conoceles.core.permissions import ALL, Action, can, candidacies_for, scope_of
from conoceles.elections.models import Cargo, Contest, ElectoralProcess
from conoceles.review.standing import Standing, standings

from ..completeness import annotate_completeness, completeness_for
from ..rubros import RUBROS, RUBROS_BY_CODE
from ..services import has_accepted_current

PAGE_SIZE = 25
MISSING_FILTER_BATCH = 2000  # candidacies whose completeness is computed at once for the "falta el rubro" filter

# The dashboard's order, also the order of "Siguiente candidatura".
ORDER = ("contest__cargo__order", "contest__name", "actor__order", "formula_number", "position", "pk")


def _candidacies():
    return Candidacy.objects.select_related("contest__cargo", "actor", "process")


@dataclass
class DashboardFilters:
    query: str = ""
    cargo: int | None = None
    contest: int | None = None
    status: str = ""
    missing: str = ""
    standing: str = ""

    @classmethod
    def from_request(cls, request, data=None) -> "DashboardFilters":
        """The filters of the list's query string (or of `data`, the bulk validation's form)."""
        data = request.GET if data is None else data
        status = data.get("estatus", "")
        missing = data.get("falta", "")
        standing = data.get("estado", "")
        return cls(
            query=data.get("q", "").strip(),
            cargo=parse_id(data.get("cargo")),
            contest=parse_id(data.get("contienda")),
            status=status if status in Candidacy.Status.values else "",
            missing=missing if missing in RUBROS_BY_CODE else "",
            standing=standing if standing in Standing.values else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.query or self.cargo or self.contest or self.status or self.missing or self.standing)

    def apply(self, candidacies):
        """The candidacies matching every filter but the standing, which `filtered` applies (it needs standings)."""
        candidacies = candidacies.matching(self.query)
        if self.cargo:
            candidacies = candidacies.filter(contest__cargo_id=self.cargo)
        if self.contest:
            candidacies = candidacies.filter(contest_id=self.contest)
        if self.status:
            candidacies = candidacies.filter(status=self.status)
        if self.missing:
            candidacies = candidacies.filter(pk__in=_missing_rubro_ids(candidacies, self.missing))
        return candidacies


def _missing_rubro_ids(candidacies, rubro_code: str) -> list[int]:
    """Ids of the candidacies whose rubro is incomplete, as completeness.py says (four queries per batch)."""
    ids = []
    rows = candidacies.order_by().values_list("pk", "process_id").iterator(chunk_size=MISSING_FILTER_BATCH)
    while chunk := list(islice(rows, MISSING_FILTER_BATCH)):
        stubs = [Candidacy(pk=pk, process_id=process_id) for pk, process_id in chunk]
        for pk, completeness in completeness_for(stubs).items():
            if not completeness.curricular.rubro(rubro_code).complete:
                ids.append(pk)
    return ids


def _filter_options(visible, filters: DashboardFilters) -> dict:
    cargos = Cargo.objects.filter(pk__in=visible.values("contest__cargo_id")).order_by("process_id", "order", "name")
    contests = Contest.objects.filter(pk__in=visible.values("contest_id"))
    if filters.cargo:
        contests = contests.filter(cargo_id=filters.cargo)
    return {
        "cargos": list(cargos),
        "contests": list(contests.order_by("process_id", "cargo__order", "name")),
        "statuses": Candidacy.Status.choices,
        "standings": Standing.choices,
        "rubros": RUBROS,
    }


def _notices_pending(user, candidacies) -> list:
    """The processes of these candidacies whose aviso de privacidad the user still has to accept (capturers only)."""
    processes = {c.process_id: c.process for c in candidacies if c.can_capture}
    return [p for p in processes.values() if not has_accepted_current(user, p)]


def filtered(user, filters: DashboardFilters, visible):
    """(the candidacies matching every filter, their standings or None, their counts per standing or None).

    The standings of the whole filtered list are derived for an actor or a candidate (a party's few thousand:
    one query and two per batch, conoceles.review.standing) to count them; for the institute's staff, who see every
    candidacy, only when they filter by standing."""
    candidacies = filters.apply(visible)
    if not filters.standing and scope_of(user, Action.VIEW_CANDIDACY) == ALL:
        return candidacies, None, None
    by_pk = standings(candidacies)
    counts = Counter(by_pk.values())
    if filters.standing:
        candidacies = candidacies.filter(pk__in=[pk for pk, s in by_pk.items() if s == filters.standing])
    return candidacies, by_pk, counts


@login_required
def dashboard(request):
    user = request.user
    if user.role == Role.CANDIDATE:
        own = list(candidacies_for(user, Action.CAPTURE_CANDIDACY).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            return redirect("capture:candidacy", own[0])
    visible = candidacies_for(user, Action.VIEW_CANDIDACY, _candidacies())
    filters = DashboardFilters.from_request(request)
    candidacies, by_pk, counts = filtered(user, filters, visible)
    page = Paginator(candidacies.order_by(*ORDER), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = annotate_completeness(page.object_list)
    if by_pk is None:
        by_pk = standings(Candidacy.objects.filter(pk__in=[c.pk for c in rows]))
    for candidacy in rows:
        candidacy.can_capture = can(user, Action.CAPTURE_CANDIDACY, candidacy)
        candidacy.can_validate = can(user, Action.VALIDATE_CANDIDACY, candidacy)
        candidacy.incomplete_rubros = [r for r in candidacy.completeness.curricular.rubros if not r.complete]
        candidacy.standing = Standing(by_pk[candidacy.pk])
    deadlines = list(
        ElectoralProcess.objects.filter(pk__in=visible.values("process_id"), capture_deadline__isnull=False)
        .order_by("capture_deadline", "pk")
    )
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "options": _filter_options(visible, filters),
        "standing_counts": [(s, counts[s]) for s in Standing] if counts is not None else None,
        "complete_count": counts[Standing.COMPLETE] if counts is not None else 0,
        "may_validate": scope_of(user, Action.VALIDATE_CANDIDACY) is not None,
        "deadline_processes": deadlines,
        "several_processes": len(deadlines) > 1,
        "has_any": filters.active or page.paginator.count > 0 or visible.exists(),
        "notices_pending": _notices_pending(user, rows),
    }
    return render(request, "questionnaires/capture/dashboard.html", context)
