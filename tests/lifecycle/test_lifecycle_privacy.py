"""Issue 15, point 6 (first half): for each lifecycle step, what is readable and what is gone, over every output.

A published candidacy carries a unique marker in every kind of sensitive datum (identity «especifique» text,
private e-mail, account e-mail, evidence file name and content, login-log user agent: tests/lifecycle/
sensitive_scene.py), and the system makes its usual copies (open-data release, institute export, snapshot,
statistics cut, a generated report, an import file). Then, before any step and after each one (end of publication,
archive, bloqueo, cancelación), every output is read: the public pages and the API (the lists of
tests/public/test_privacy.py), every staff route of Gestión, Revisión, Captura and the other staff namespaces signed
in as admin, reviewer and analyst (and the capture screens as the party), the Django admin pages of the planted
rows, and every file under the media, private, open-data and snapshot folders (zip and workbook members, gzip).

Until bloqueo the staff read the data; from bloqueo on no screen nor export shows any of it, only the legal-claim
procedure, which records each consultation; after cancelación nothing anywhere holds it, the rows and files are
gone and the aggregates remain. A staff route whose parameter this test cannot fill fails it: add the value here.
"""

import contextlib
import gzip
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from conoceles.accounts.models import LoginEvent, Role, SensitiveDataAccess
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import LifecycleStage
from conoceles.public.models import IdentityStatisticsRelease
from conoceles.questionnaires.models import IdentityAnswer
from conoceles.questionnaires.services import accept_notice
from conoceles.reports.models import GeneratedReport
from tests.fixtures.accounts import STAFF_PASSWORD
from tests.lifecycle.sensitive_scene import MARKS, copies, plant
from tests.lifecycle.steps import take_step
from tests.public.test_privacy import api_urls, public_urls

pytestmark = pytest.mark.django_db

STEPS = (
    None,
    LifecycleStage.PUBLICATION_ENDED,
    LifecycleStage.ARCHIVED,
    LifecycleStage.LOCKED,
    LifecycleStage.CANCELLED,
)
STAFF_NAMESPACES = (
    "gestion",
    "review",
    "capture",
    "review_actor",
    "evaluation",
    "staff_accounts",
    "reports",
    "imports",
    "opendata",
    "candidacies",
    "notifications",
)
REASON = "Queja ante el órgano garante, expediente INAI-PDP-0042/2029: se pide el consentimiento otorgado."
NONE = 999_999_999  # rows that hold no sensitive datum (observations, deliverables, notices): any id answers 404
OK_STATUSES = {200, 302, 400, 403, 404, 405}
MARKED = tuple(MARKS.values())


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    settings.API_RATE_LIMIT = "0"


def texts_of_zip(content: bytes) -> str:
    parts = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            parts.append(name)
            parts.append(texts_of_zip(data) if name.endswith(".xlsx") else data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def as_text(name: str, content: bytes) -> str:
    """What a reader gets from a file or a response: its bytes as text, plus a PDF's text, the members of a zip or a
    workbook, a gzip's content."""
    if name.endswith(".gz"):
        content, name = gzip.decompress(content), name[:-3]
    text = [name, content.decode("latin-1")]
    if content[:4] == b"PK\x03\x04":
        text.append(texts_of_zip(content))
    if content[:5] == b"%PDF-":
        result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=False)
        text.append(result.stdout.decode(errors="replace"))
    if name.endswith(".json"):
        with contextlib.suppress(ValueError):
            text.append(json.dumps(json.loads(content), ensure_ascii=False))
    return "\n".join(text).lower()


def read(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return as_text(response.get("Content-Disposition", "") or response.get("Content-Type", ""), content)


def files_under(root: Path) -> dict[str, str]:
    return {str(p): as_text(p.name, p.read_bytes()) for p in Path(root).rglob("*") if p.is_file()}


def fill(namespace: str, name: str, param: str, scene, made) -> object:
    """The value of route parameter `param`: the planted rows (or NONE for rows that hold no sensitive datum)."""
    candidacy, process = scene.candidacy, scene.world.process
    if param == "pk":
        by_route = {
            ("review", "decide_observation"): NONE,
            ("review", "decide_correction"): NONE,
            ("review", "consent_format"): scene.consent_format.pk,
            ("review", "decide_consent_format"): scene.consent_format.pk,
            ("review", "consent_format_page"): scene.consent_format.pk,
            ("opendata", "export_file"): made["export"].pk,
        }
        by_namespace = {
            "gestion": process.pk,
            "staff_accounts": scene.account.pk,
            "reports": made["report"].pk,
            "imports": made["import"].pk,
            "notifications": NONE,
        }
        return by_route.get((namespace, name), by_namespace.get(namespace, candidacy.pk))
    values = {
        "process_id": process.pk,
        "record_id": scene.record.pk,
        "format_id": scene.consent_format.pk,
        "rubro_code": "general",
        "page": 1,
        "deliverable_pk": NONE,
        "finding_pk": NONE,
        "kind": "candidacies",
        "process": process.pk,
        "name": made["release"].name,
        "extension": "pdf",
    }
    assert param in values, f"{namespace}:{name} has a parameter «{param}» this test cannot fill: add it here"
    return values[param]


def staff_urls(scene, made) -> list[str]:
    urls = []
    resolver = get_resolver()
    for namespace in STAFF_NAMESPACES:
        for pattern in resolver.namespace_dict[namespace][1].url_patterns:
            if not (isinstance(pattern, URLPattern) and pattern.name):
                continue
            if namespace == "opendata" and pattern.name == "file":  # the public release files: read from disk below
                continue
            params = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
            kwargs = {p: fill(namespace, pattern.name, p, scene, made) for p in params}
            urls.append(reverse(f"{namespace}:{pattern.name}", kwargs=kwargs))
    return urls


def admin_urls(scene) -> list[str]:
    c, account = scene.candidacy, scene.account
    return [
        reverse("admin:candidacies_candidacy_change", args=[c.pk]),
        reverse("admin:candidacies_candidacy_history", args=[c.pk]),
        reverse("admin:candidacies_candidacy_changelist") + f"?q={c.registration_id}",
        reverse("admin:accounts_user_change", args=[account.pk]),
        reverse("admin:accounts_user_changelist") + "?q=zqcorreocuenta",
        reverse("admin:accounts_loginevent_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:questionnaires_consentrecord_changelist"),
        reverse("admin:questionnaires_consentrecord_change", args=[scene.record.pk]),
    ]


def crawl(client, urls) -> dict[str, str]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in OK_STATUSES, f"{url} answered {response.status_code}"
        if response.status_code == 200:
            pages[url] = read(response)
    return pages


def found(outputs: dict[str, str], marks=MARKED) -> dict[str, list[str]]:
    """Marker -> where it was read."""
    return {m: where for m in marks if (where := [k for k, text in outputs.items() if m.lower() in text])}


def test_each_lifecycle_step_leaves_readable_exactly_what_it_should(
    world, notices, admin_user, reviewer, settings, django_capture_on_commit_callbacks
):
    scene = plant(world)
    made = copies(scene, admin_user)
    analyst = create_account("analista", Role.ANALYST, password=STAFF_PASSWORD, must_change_password=False)
    for notice in notices.values():
        accept_notice(scene.party, notice)
    clients = {}
    for who, user in (("admin", admin_user), ("reviewer", reviewer), ("analyst", analyst), ("party", scene.party)):
        clients[who] = Client()
        clients[who].force_login(user)
    anonymous = Client()
    process = scene.world.process
    legal = reverse("gestion:locked_data", args=[process.pk])
    legal_file = reverse("gestion:locked_file", args=[process.pk])
    claim = {"reason": REASON, "registration_id": scene.candidacy.registration_id}
    public = public_urls(scene.candidacy, scene.partner) + api_urls(scene.candidacy, scene.partner)
    staff, admin = staff_urls(scene, made), admin_urls(scene)
    assert any("/identidad/" in url for url in staff) and any("/evidencia/" in url for url in staff)
    roots = {
        "media": settings.MEDIA_ROOT,
        "private": settings.PRIVATE_MEDIA_ROOT,
        "open data": settings.OPEN_DATA_ROOT,
        "snapshot": settings.SNAPSHOT_ROOT,
    }

    for step in STEPS:
        if step is not None:
            with django_capture_on_commit_callbacks(execute=True):  # as once the runner's transaction commits
                take_step(process, step)
        label = step or "active"
        screens = {}
        for who in ("admin", "reviewer", "analyst"):
            screens.update({f"{who} {u}": t for u, t in crawl(clients[who], staff).items()})
        screens.update({f"admin {u}": t for u, t in crawl(clients["admin"], admin).items()})
        capture = {f"party {u}": t for u, t in crawl(clients["party"], staff).items()}
        outside = {f"public {u}": t for u, t in crawl(anonymous, public).items()}
        files = {name: {p: t for p, t in files_under(root).items()} for name, root in roots.items()}

        # Never, at any step: public pages, the API, public media, the open data and the snapshot.
        for where in (outside, files["media"], files["open data"], files["snapshot"]):
            assert found(where) == {}, (label, found(where))

        if step in (None, LifecycleStage.PUBLICATION_ENDED, LifecycleStage.ARCHIVED):
            # Conservation: the staff read each datum in its screen; the files are kept.
            seen = found(screens)
            for mark in ("private_email", "account_email", "user_agent", "evidence_content"):
                assert MARKS[mark] in seen, (label, mark)
            assert found(files["private"], (MARKS["evidence_name"], MARKS["evidence_content"])), label
            assert IdentityAnswer.objects.filter(candidacy=scene.candidacy, detail=MARKS["detail"]).exists()
            if step is None:  # the person who captures reads the identity answer (the party; archive closes it)
                assert MARKS["detail"] in found(capture), label
            assert not SensitiveDataAccess.objects.filter(what=SensitiveDataAccess.What.LOCKED_DATA_VIEWED).exists()

        elif step == LifecycleStage.LOCKED:
            # Bloqueo: no screen, export or admin page shows any of it…
            assert found(screens) == {}, found(screens)
            assert found(capture) == {}, found(capture)
            # …the data is kept (private storage, rows)…
            assert found(files["private"], (MARKS["evidence_name"], MARKS["evidence_content"]))
            assert IdentityAnswer.objects.filter(candidacy=scene.candidacy, detail=MARKS["detail"]).exists()
            # …and only the legal-claim procedure reads it, for admin only, each consultation recorded.
            assert clients["reviewer"].post(legal, claim).status_code == 403
            page = read(clients["admin"].post(legal, claim))
            for mark in ("detail", "private_email", "account_email", "user_agent"):
                assert MARKS[mark] in page, mark
            evidence = clients["admin"].post(legal_file, {**claim, "kind": "registro", "file": scene.record.pk})
            assert MARKS["evidence_content"] in read(evidence)
            recorded = SensitiveDataAccess.objects.filter(process=process, reason=REASON)
            assert sorted(recorded.values_list("what", flat=True)) == ["locked_data_viewed", "locked_file_downloaded"]
            log = read(clients["admin"].get(reverse("staff_accounts:sensitive_log")))
            assert "inai-pdp-0042/2029" in log

        else:
            # Cancelación: nothing anywhere, not even for the legal procedure; the rows and files are gone.
            everything = {**screens, **capture, **files["private"]}
            assert found(everything) == {}, found(everything)
            page = read(clients["admin"].post(legal, claim))
            assert "ya no existen" in page and found({"legal": page}) == {}
            assert not IdentityAnswer.objects.filter(candidacy__process=process).exists()
            assert not IdentityAnswer.history.filter(candidacy__process=process).exists()
            assert not Candidacy.history.filter(process=process).exclude(private_email="").exists()
            assert not LoginEvent.objects.filter(username=scene.account.username).exists()
            # What stays: the aggregated statistics and the reports already generated, and the audit of access.
            assert IdentityStatisticsRelease.objects.filter(pk=made["statistics"].pk).exists()
            report = GeneratedReport.objects.get(pk=made["report"].pk)
            assert report.pdf.storage.exists(report.pdf.name)
            assert SensitiveDataAccess.objects.filter(process=process, reason=REASON).count() == 2
    assert django_settings.LOGIN_LOG_RETENTION_DAYS >= 1
