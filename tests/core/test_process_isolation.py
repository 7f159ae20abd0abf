"""Two processes in one installation never mix (issue 15 points 1 and 6): an earlier process (2024, archived) and the
current one (2027), each with its own actors, contests and candidacies carrying planted markers, and every public
page, API response, snapshot file, staff screen, report and export of one is searched for the other's markers."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import Position
from conoceles.core.permissions import Action, can, candidacies_for
from conoceles.elections.models import LifecycleStage
from conoceles.opendata import exports, releases
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.public.snapshot_files import current as snapshot_folder
from conoceles.questionnaires.rubros import RUBROS
from conoceles.reports import services as report_services
from conoceles.reports.models import ReportKind
from conoceles.review.models import CandidacyWorkflow, RubroState, WorkflowEvent
from conoceles.review.states import State
from conoceles.snapshot import builder
from tests.factories import CandidacyFactory, build_world
from tests.opendata.test_privacy_files import texts_of_zip
from tests.public.profile_data import fill, publish
from tests.public.test_privacy import api_urls, public_urls
from tests.reports.helpers import pdf_text

pytestmark = pytest.mark.django_db

# Lower-case markers of each process: its actors', cargos' and contests' names carry the label, its candidacies'
# names and private data carry the rest.
OLD = ("zqantiguo", "zqantigua", "zqpreterita", "zqcorreo2024", "zqhistoria2024")
NEW = ("zqnuevo", "zqactual", "zqvigente", "zqcorreo2027", "zqhistoria2027")


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.PUBLIC_CACHE_ENABLED = False
    settings.API_RATE_LIMIT = "0"
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "conoceles").mkdir(parents=True)
    (settings.STATIC_ROOT / "conoceles" / "site.css").write_text("body{}")


class Installation:
    def __init__(self):
        self.old = build_world(
            "Proceso Electoral Local Ordinario 2024", election_day=datetime.date(2024, 6, 2), label=" Zqantiguo"
        )
        self.new = build_world("Proceso Electoral Local Ordinario 2027", label=" Zqnuevo")
        # The earlier process: captured and validated while it ran, now archived (its windows closed long ago).
        self.old_candidacy = CandidacyFactory(
            contest=self.old.contests["MR1"],
            actor=self.old.actors["PAN"],
            first_name="Zqantigua",
            last_name="Zqpreterita",
            private_email="zqcorreo2024@example.com",
        )
        fill(self.old_candidacy, professional_history="Zqhistoria2024 en la zona maya.")
        CandidacyWorkflow.objects.create(candidacy=self.old_candidacy, state=State.VALIDATED)
        for rubro in RUBROS:
            RubroState.objects.create(candidacy=self.old_candidacy, rubro=rubro.code, state=State.VALIDATED)
        process = self.old.process
        process.publication_end_date = datetime.date(2024, 6, 3)
        process.stage = LifecycleStage.ARCHIVED
        process.save()
        IdentityStatisticsRelease.objects.create(
            process=process,
            cut_at=timezone.make_aware(datetime.datetime(2024, 5, 20)),
            figures={"tables": [], "consented": 35, "k": 5},
        )
        # The current process: a published fórmula.
        self.new.open_publication()
        self.candidacy = CandidacyFactory(
            contest=self.new.contests["MR1"],
            actor=self.new.actors["PAN"],
            formula_number=1,
            first_name="Zqactual",
            last_name="Zqvigente",
            private_email="zqcorreo2027@example.com",
        )
        self.partner = CandidacyFactory(
            contest=self.new.contests["MR1"],
            actor=self.new.actors["PAN"],
            formula_number=1,
            position=Position.ALTERNATE,
        )
        for candidacy in (self.candidacy, self.partner):
            fill(candidacy, professional_history="Zqhistoria2027 en la zona maya.")
            publish(candidacy)
        self.old_party = create_account("enlace-2024", Role.PARTY, password=None, actor=self.old.actors["PAN"])
        self.new_party = create_account("enlace-2027", Role.PARTY, password=None, actor=self.new.actors["PAN"])
        self.old_candidate = create_account("cand-2024", Role.CANDIDATE, password=None, candidacy=self.old_candidacy)
        self.new_candidate = create_account("cand-2027", Role.CANDIDATE, password=None, candidacy=self.candidacy)
        for account, candidacy in ((self.old_party, self.old_candidacy), (self.new_party, self.candidacy)):
            WorkflowEvent.objects.create(candidacy=candidacy, to_state=State.VALIDATED, by=account)

    def markers_of(self, process):
        return OLD if process == self.old.process else NEW

    def other(self, process):
        return self.new.process if process == self.old.process else self.old.process


@pytest.fixture
def installation(db):
    return Installation()


def leaked(text: str, markers) -> list[str]:
    text = text.lower()
    return [m for m in markers if m in text]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def test_the_current_process_is_the_latest_active_one_and_the_earlier_one_is_in_the_archive(client, installation):
    home = body(client.get("/"))
    assert "zqactual" in home.lower() or installation.new.process.name in home
    assert reverse("public:archive") in home  # the footer links the archive, which is not empty
    archive = body(client.get(reverse("public:archive")))
    assert installation.old.process.name in archive and installation.new.process.name not in archive


def test_no_public_page_nor_api_response_of_the_current_process_shows_the_earlier_one(client, installation):
    urls = public_urls(installation.candidacy, installation.partner)
    urls += api_urls(installation.candidacy, installation.partner)
    urls += [reverse("public:archive"), reverse("opendata:index"), f"{reverse('public:search')}?q=Zq"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert leaked(body(response), OLD) == [], url


def test_the_earlier_processs_api_and_archive_page_show_nothing_of_the_current_one(client, installation):
    urls = [reverse("public:archive_process", args=[installation.old.process.pk])]
    urls += api_urls(installation.old_candidacy)
    for url in urls:
        response = client.get(url)
        assert leaked(body(response), NEW) == [], url
    page = body(client.get(urls[0]))
    assert installation.old.process.name in page
    # The archive shows no profile of the archived process: not its candidacies' names nor their data.
    assert leaked(page, ("zqantigua", "zqpreterita", "zqcorreo2024", "zqhistoria2024")) == []


def test_no_file_of_the_snapshot_shows_the_earlier_process_but_its_archive_page(installation):
    builder.build(workers=1)
    folder = snapshot_folder()
    archive_page = reverse("public:archive_process", args=[installation.old.process.pk]).strip("/")
    files = [p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] not in ("static",)]
    assert any(archive_page in p.as_posix() for p in files), "the archive's pages are in the snapshot"
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        assert leaked(text, ("zqantigua", "zqpreterita", "zqcorreo2024", "zqhistoria2024")) == [], path
        if archive_page not in path.as_posix() and "archivo" not in path.relative_to(folder).parts[:1]:
            assert leaked(text, OLD) == [], path


STAFF_SCREENS = [
    "gestion:dashboard",
    "gestion:statistics",
    "review:queue",
    "review:decisions",
    "review:audit",
    "review:consent_formats",
    "evaluation:queue",
    "staff_accounts:list",
    "staff_accounts:generate",
    "opendata:staff",
    "reports:list",
    "reports:avance",
    "candidacies:list",
    "imports:list",
]


@pytest.mark.parametrize("which", ["old", "new"])
def test_every_staff_screen_shows_only_the_selected_process(staff_client, installation, which):
    process = getattr(installation, which).process
    markers, others = installation.markers_of(process), installation.markers_of(installation.other(process))
    selected = staff_client.get(reverse("gestion:dashboard"), {"proceso": process.pk})
    assert selected.status_code == 200
    page = body(selected)
    assert 'name="proceso"' in page and f'value="{process.pk}" selected' in page  # the layout's selector
    for name in STAFF_SCREENS:
        response = staff_client.get(reverse(name))  # the selection is remembered in the session
        assert response.status_code == 200, name
        assert leaked(body(response), others) == [], name
    listed = body(staff_client.get(reverse("candidacies:list")))
    assert leaked(listed, markers[1:3]) != [], "the selected process's candidacies are listed"


def test_an_unknown_process_in_the_selector_is_a_404(staff_client, installation):
    assert staff_client.get(reverse("gestion:dashboard"), {"proceso": 999999}).status_code == 404


@pytest.mark.parametrize("which", ["old", "new"])
def test_reports_of_one_process_show_nothing_of_the_other(installation, which, tmp_path):
    process = getattr(installation, which).process
    others = installation.markers_of(installation.other(process))
    month = timezone.localdate().strftime("%Y-%m")
    for kind in ReportKind.values:
        params = {"month": month} if kind == ReportKind.MENSUAL else {}
        report = report_services.request_report(process, kind, params=params, background=False)
        report = report_services.generate(report)
        assert report.status == report.Status.DONE, (kind, report.error if hasattr(report, "error") else "")
        with report.pdf.open("rb") as f:
            assert leaked(pdf_text(f.read(), tmp_path), others) == [], kind
        with report.xlsx.open("rb") as f:
            for name, text in texts_of_zip(f.read()).items():
                assert leaked(text, others) == [], (kind, name)


@pytest.mark.parametrize("which", ["old", "new"])
def test_exports_of_one_process_show_nothing_of_the_other(staff_client, installation, which):
    process = getattr(installation, which).process
    markers, others = installation.markers_of(process), installation.markers_of(installation.other(process))
    export = exports.build_export(exports.request_export(process, exports.ZIP, by=None))
    with export.file.open("rb") as f:
        texts = texts_of_zip(f.read())
    assert any(leaked(text, markers[1:3]) for text in texts.values()), "the export holds its own process"
    for name, text in texts.items():
        assert leaked(text, others) == [], name
    statistics = staff_client.get(reverse("gestion:statistics_xlsx"), {"proceso": process.pk})
    assert statistics.status_code == 200
    for name, text in texts_of_zip(body_bytes(statistics)).items():
        assert leaked(text, others) == [], name


def body_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_the_open_data_release_of_the_current_process_holds_nothing_of_the_earlier_one(installation, tmp_path):
    release = releases.build_release(installation.new.process)
    zipped = (releases.release_dir(release) / release.zip_name).read_bytes()
    texts = texts_of_zip(zipped)
    assert any("zqactual" in text for text in texts.values())
    for name, text in texts.items():
        assert leaked(text, OLD) == [], name
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert archive.namelist()
    call_command("open_data_release", "--process", str(installation.old.process.pk), "--daily", stdout=io.StringIO())
    assert not installation.old.process.open_data_releases.exists()  # nothing published: no release of it


def test_party_and_candidate_accounts_belong_to_one_process(installation):
    old_party, new_party = installation.old_party, installation.new_party
    assert old_party.process == installation.old.process and new_party.process == installation.new.process
    assert installation.new_candidate.process == installation.new.process
    assert installation.old_candidate.process_id == installation.old.process.pk
    assert set(candidacies_for(old_party, Action.VIEW_CANDIDACY)) == {installation.old_candidacy}
    assert installation.candidacy in candidacies_for(new_party, Action.VIEW_CANDIDACY)
    assert not can(old_party, Action.CAPTURE_CANDIDACY, installation.candidacy)
    # A row whose actor is of another process (an inconsistent import, say): the actor's account of 2024 never
    # reaches a candidacy of 2027.
    stray = CandidacyFactory(contest=installation.new.contests["MR15"], actor=installation.old.actors["PAN"])
    assert not can(old_party, Action.VIEW_CANDIDACY, stray)
    assert not can(old_party, Action.CAPTURE_CANDIDACY, stray)
    assert stray not in candidacies_for(old_party, Action.VIEW_CANDIDACY)


def test_a_party_account_of_the_earlier_process_gets_404_on_the_current_processs_candidacies(client, installation):
    client.force_login(installation.old_party)
    assert client.get(reverse("candidacies:detail", args=[installation.candidacy.pk])).status_code == 404
    listed = body(client.get(reverse("candidacies:list")))
    assert leaked(listed, NEW) == [] and "zqpreterita" in listed.lower()
    # The process selector is the staff's: a party account cannot switch to another process.
    page = body(client.get(reverse("candidacies:list"), {"proceso": installation.new.process.pk}))
    assert 'name="proceso"' not in page and leaked(page, NEW) == []
