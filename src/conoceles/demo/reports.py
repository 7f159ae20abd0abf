"""The demo's reports: a month of visits to the public site (aggregate counts, as conoceles.public.visits keeps them),
then one report of each kind, generated through the reports' services, so a new user finds them in Informes."""

import datetime
import random

from django.utils import timezone

from conoceles.public.models import DailyVisit
from conoceles.reports.models import ReportKind
from conoceles.reports.services import generate, request_report

VISIT_DAYS = 30
PAGE_SHARE = {"profile": 0.45, "ballot_page": 0.2, "search": 0.15, "home": 0.1, "compare": 0.05, "statistics": 0.05}


def seed_demo_visits(seed: int, today: datetime.date | None = None) -> int:
    """A month of daily visits, growing towards today. Keeps days already counted."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    rows = []
    for back in range(VISIT_DAYS, 0, -1):
        day = today - datetime.timedelta(days=back)
        volume = rng.randint(800, 1200) * (VISIT_DAYS - back + 5) // 10
        rows += [DailyVisit(day=day, page=page, count=round(volume * share)) for page, share in PAGE_SHARE.items()]
    return len(DailyVisit.objects.bulk_create(rows, ignore_conflicts=True))


def seed_demo_reports(process, *, by, seed: int) -> str:
    seed_demo_visits(seed)
    month = f"{timezone.localdate():%Y-%m}"
    asked = [
        (ReportKind.AVANCE, {}),
        (ReportKind.OMISOS, {}),
        (ReportKind.FINAL, {"version": "completa"}),
        (ReportKind.FINAL, {"version": "publica"}),
        (ReportKind.MENSUAL, {"month": month}),
    ]
    made = []
    for kind, params in asked:
        report = generate(request_report(process, kind, by=by, params=params, background=False))
        made.append(f"{report.title} ({report.get_status_display().lower()})")
    return f"Informes generados: {', '.join(made)}."
