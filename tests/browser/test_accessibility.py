"""Every public page passes axe-core (no serious or critical violation) at 1280 px and at 360 px, and fits a 360 px
wide phone.

The pages come from the public URLconf, as tests/public/test_privacy.py does, so a new route is checked as soon as
it exists: routes with a converter get a sample argument (a published candidacy, a contest), and some get extra
query strings (search with results and without, ballot with a known and an unknown sección, compare). Responses
that are not HTML (the photo, the PDF) are not web pages and are left out. Data: the demo election.
"""

import datetime
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Page

from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.elections.services import create_process
from conoceles.public.ballots import ballot_contests, ballot_key
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.public.statistics.cuts import identity_release
from conoceles.public.version import bump_publication_version
from conoceles.review.publication import published_candidacies

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# Elements wider than the viewport, for the failure message (a page that scrolls sideways on a phone).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;  // does not scroll sideways
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScroller = e => {
    for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1);
  const culprits = wide.filter(e => !inScroller(e));
  return (culprits.length ? culprits : wide).slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (e.className ? '.' + [...e.classList].join('.') : ''));
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("demo", "--candidacies", "300", stdout=io.StringIO())
    call_command("open_data_release", stdout=io.StringIO())
    current = ElectoralProcess.objects.current()
    # An earlier process in the public archive (/archivo/<id>/), with the statistics it published.
    earlier = create_process(
        name="Proceso Electoral Local Ordinario 2024", entity=current.entity, election_day=datetime.date(2024, 6, 2)
    )
    earlier.stage = LifecycleStage.PUBLICATION_ENDED  # the lifecycle's step
    earlier.save()
    IdentityStatisticsRelease.objects.create(
        process=earlier,
        cut_at=timezone.make_aware(datetime.datetime(2024, 5, 20)),
        figures=identity_release(current).figures,
    )
    bump_publication_version()  # announced as the lifecycle step does (without rebuilding the demo's snapshot)
    return current


# Not pages: the sección lookup (JSON) and a contest's fragment, checked where ballot.js puts it (the ballot page).
NOT_PAGES = {"ballot_lookup", "contest_fragment"}


def public_pages(process) -> list[str]:
    """Every public route, with sample arguments and the query strings that show its other states."""
    published = list(published_candidacies().filter(process=process).order_by("pk")[:3])
    assert len(published) >= 2, "the demo publishes candidacies"
    first = published[0]
    section = process.sections.filter(district=first.contest.district or process.districts.first()).first()
    with_photo = published_candidacies().filter(process=process).exclude(curricular__photo="").first() or first
    key = ballot_key(ballot_contests(section))
    samples = {
        "contest": {"pk": first.contest_id},
        "photo": {"pk": with_photo.pk},
        "ballot_page": {"key": key},
        "archive_process": {"pk": ElectoralProcess.objects.exclude(pk=process.pk).get().pk},
    }
    variants = {
        "search": ["", f"?q={first.first_name.split()[0]}", "?q=zzqxjw", f"?cargo={first.contest.cargo_id}&sexo=M"],
        "ballot": ["", f"?seccion={section.number}", "?seccion=99999"],
        "compare": ["", "?c=" + "&c=".join(str(c.pk) for c in published[:2])],
    }
    resolver = get_resolver().namespace_dict["public"][1]
    urls = []
    for pattern in resolver.url_patterns:
        if not isinstance(pattern, URLPattern) or not pattern.name or pattern.name in NOT_PAGES:
            continue
        kwargs = samples.get(pattern.name, {name: first.pk for name in pattern.pattern.converters})
        path = reverse(f"public:{pattern.name}", kwargs=kwargs)
        urls += [path + query for query in variants.get(pattern.name, [""])]
    return [*urls, reverse("opendata:index")]


def describe(violation) -> str:
    targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"


def test_every_public_page_is_accessible_at_both_widths_and_fits_a_phone(live_server, demo, page: Page):
    axe = Axe()
    problems, checked = [], 0
    for url in public_pages(demo):
        head = page.request.get(live_server.url + url)
        assert head.status == 200, f"{url} answered {head.status}"
        if not head.headers.get("content-type", "").startswith("text/html"):
            continue
        checked += 1
        for viewport in (DESKTOP, PHONE):  # a layout of its own at each width (sticky columns, folded contests)
            page.set_viewport_size(viewport)
            page.goto(live_server.url + url)
            violations = axe.run(page).response["violations"]
            width = viewport["width"]
            problems += [f"{url} at {width} px: {describe(v)}" for v in violations if v["impact"] in SERIOUS]
        wide = page.evaluate(OVERFLOWING)
        if wide is not None:
            problems.append(f"{url}: scrolls sideways at 360 px; widest: {', '.join(wide) or '?'}")
    assert checked >= 10, f"only {checked} HTML pages were checked"
    assert not problems, "\n".join(problems)
