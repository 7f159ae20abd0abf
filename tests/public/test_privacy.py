"""Private data never reaches a public page or the public API (DOMAIN.md §6), whatever it contains.

Every URL of the public site and of the API (/api/v1/) is requested anonymously; no private contact datum of any
candidacy or actor, no account datum, no identity answer shown without consent and no consent evidence may appear in
the answer (HTML, JSON-LD, the PDF's text, the photo's bytes, the API's JSON). New public pages and API operations are
covered automatically: the lists come from the URLconf. A route with an `<int:pk>` converter is requested with the
published candidacy's pk, or with its contest's pk for the contest page; an API route with a `process_id` or a
`candidacy_id` with the candidacy's process or the candidacy; a route with any other parameter fails this test until
a value for it is added here.
"""

import datetime
import gzip
import itertools
import json
import subprocess

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.candidacies.models import Position
from conoceles.elections.models import Section
from conoceles.opendata.ine import IDENTITY_ID_HEADERS
from conoceles.opendata.records import Scope, records
from conoceles.opendata.releases import build_release, release_dir
from conoceles.opendata.writers import WORKBOOK
from conoceles.public.ballots import ballot_contests, ballot_key, shard_of
from conoceles.public.snapshot_files import current as current_snapshot
from conoceles.public.snapshot_files import file_for
from conoceles.public.statistics import identity_tables
from conoceles.questionnaires.identity_catalog import YES
from conoceles.questionnaires.models import ConsentFormat, ConsentItem, IdentityQuestion
from conoceles.questionnaires.services import (
    decide_consent_format,
    record_consent,
    save_identity_answers,
    seed_identity_questions,
    upload_consent_format,
)
from conoceles.snapshot.builder import build as build_snapshot
from tests.factories import CandidacyFactory, announce, build_world
from tests.public.profile_data import answer, answer_detail, consent, fill, notice, publish
from tests.uploads import minimal_pdf

pytestmark = pytest.mark.django_db

BALLOT_ROUTES = {"ballot_page", "ballot_lookup"}  # a ballot's key, a lookup file's number
CONTEST_ROUTES = {"contest", "contest_fragment"}  # `<int:pk>` is a Contest; every other `<int:pk>` is a Candidacy
PROCESS_ROUTES = {"archive_process"}  # `<int:pk>` is a process (the archive's page of the candidacy's process)


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False  # every request renders from the rows of this example
    settings.API_RATE_LIMIT = "0"  # hundreds of API requests from one address


def public_urls(candidacy=None, partner=None) -> list[str]:
    """Every route of the public namespace: parameterless ones always; with `candidacy`, also those with an
    `<int:pk>` (that candidacy, or its contest), the comparison of the candidacy with `partner` and its profile."""
    resolver = get_resolver().namespace_dict["public"][1]
    urls = []
    for p in resolver.url_patterns:
        if not (isinstance(p, URLPattern) and p.name):
            continue
        converters = dict(p.pattern.converters)
        if not converters and p.name not in BALLOT_ROUTES:
            urls.append(reverse(f"public:{p.name}"))
            continue
        if candidacy is None:
            continue
        if p.name == "ballot_page":  # the ballot of a sección where the candidacy runs
            section = Section.objects.get(process_id=candidacy.process_id, number=ballot_section(candidacy))
            urls.append(reverse("public:ballot_page", args=[ballot_key(ballot_contests(section))]))
        elif p.name == "ballot_lookup":  # the lookup file of that sección
            urls.append(reverse("public:ballot_lookup", args=[shard_of(ballot_section(candidacy))]))
        else:
            assert set(converters) == {"pk"}, f"public:{p.name} has parameters {set(converters)}: give it a value"
            pk = candidacy.contest_id if p.name in CONTEST_ROUTES else candidacy.pk
            pk = candidacy.process_id if p.name in PROCESS_ROUTES else pk
            urls.append(reverse(f"public:{p.name}", args=[pk]))
    if candidacy is not None and partner is not None:
        urls.append(f"{reverse('public:compare')}?c={candidacy.pk}&c={partner.pk}")
        urls.append(reverse("public:profile", args=[partner.pk]))  # shows the fórmula, so the candidacy too
    return urls


API_QUERIES = {"candidacies": "?page_size=500"}  # the whole list; the ballot's `seccion` is chosen below


def api_url(name: str, candidacy=None, **query) -> str:
    """The URL of API operation `name`, with the candidacy's process or itself for its path parameters."""
    pattern = next(p for p in get_resolver().namespace_dict["api-v1"][1].url_patterns if p.name == name)
    values = {"process_id": candidacy.process_id, "candidacy_id": candidacy.pk} if candidacy is not None else {}
    url = reverse(f"api-v1:{name}", kwargs={k: values[k] for k in pattern.pattern.converters})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def ballot_section(candidacy) -> int:
    """A sección on whose ballot the candidacy runs."""
    sections = Section.objects.filter(process_id=candidacy.process_id).order_by("number")
    return next(s.number for s in sections if candidacy.contest_id in {c.pk for c in ballot_contests(s)})


def api_urls(candidacy=None, partner=None) -> list[str]:
    """Every route of the API (namespace api-v1): parameterless ones always; with `candidacy`, those with a process or
    a candidacy id (its process, itself), the ballot of a sección where it runs, the list searched by its name, and its
    partner's profile."""
    urls = []
    for p in get_resolver().namespace_dict["api-v1"][1].url_patterns:
        converters = set(p.pattern.converters)
        assert converters <= {"process_id", "candidacy_id"}, f"api-v1:{p.name} has parameters {converters}: add them"
        if converters and candidacy is None:
            continue
        url = api_url(p.name, candidacy) + API_QUERIES.get(p.name, "")
        if p.name == "ballot":
            url += f"?seccion={ballot_section(candidacy)}"
        urls.append(url)
    if candidacy is not None:
        urls.append(api_url("candidacies", candidacy, q=candidacy.first_name))
    if partner is not None:
        urls.append(api_url("candidacy", partner))
    return urls


def about(candidacy, partner) -> set[str]:
    """The URLs that show this candidacy itself: its profile, PDF and photo, its comparison and its partner's
    profile (which shows the whole fórmula)."""
    return {
        *(reverse(f"public:{name}", args=[candidacy.pk]) for name in ("profile", "profile_pdf", "photo")),
        f"{reverse('public:compare')}?c={candidacy.pk}&c={partner.pk}",
        reverse("public:profile", args=[partner.pk]),
        api_url("candidacy", candidacy),
        api_url("candidacy", partner),
    }


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def readable(response) -> str:
    """What a reader (or a crawler) gets from a response, lower-cased: text of a PDF, raw bytes of an image."""
    content_type = response.get("Content-Type", "")
    if content_type == "application/pdf":
        return " ".join(pdf_text(response.content).split()).lower()  # a label may wrap across lines
    if content_type.startswith("image/"):
        return response.content.decode("latin-1").lower()
    if content_type.startswith("application/json"):  # as read, whatever escapes the encoder chose
        return json.dumps(json.loads(response.content), ensure_ascii=False).lower()
    return response.content.decode().lower()


def snapshot_pages() -> dict[str, str]:
    """Every file of the built snapshot (conoceles.snapshot) but the static files, as a reader gets it: path ->
    text (HTML, JSON; the bytes of the photos and the favicon), lower-cased."""
    folder = current_snapshot()
    pages = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not relative.startswith(("static/", "media/")):
            content = gzip.decompress(path.read_bytes()) if relative.endswith(".gz") else path.read_bytes()
            pages[relative] = content.decode("latin-1" if relative.endswith((".jpg", ".ico")) else "utf-8").lower()
    return pages


def snapshot_profile(candidacy) -> str:
    return (current_snapshot() / file_for(reverse("public:profile", args=[candidacy.pk]))).read_text().lower()


def fetch_all(client, urls) -> dict[str, str]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
        pages[url] = readable(response)
    return pages


def published_formula(world, **owner):
    """A published owner and her published suplente."""
    candidacy = CandidacyFactory(contest=world.contests["MR1"], actor=world.actors["PAN"], formula_number=1, **owner)
    partner = CandidacyFactory(
        contest=world.contests["MR1"], actor=world.actors["PAN"], formula_number=1, position=Position.ALTERNATE
    )
    for c in (candidacy, partner):
        fill(c)
        publish(c)
    return candidacy, partner


def plant_published_candidacy(world, *, private_email, evidence_name, identity_detail):
    """A published owner (with a published suplente) carrying every kind of private datum."""
    candidacy, partner = published_formula(world, private_email=private_email)
    answer(candidacy, Group.LGBT, YES)  # Sí, but consent 2 refused below
    answer(candidacy, Group.INDIGENOUS, YES)
    answer_detail(candidacy, 3, identity_detail)  # "Otro: especifique" of the pueblo question
    consent(candidacy, True, item=ConsentItem.PROCESSING, evidence=evidence_name)
    consent(candidacy, False, item=ConsentItem.PUBLICATION, evidence=evidence_name)
    return candidacy, partner


emails = st.emails().filter(lambda e: len(e) < 60)


# Prefixed so that no word of the site itself («candidaturas», say) can pass for a leaked secret.
secret_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=10, max_size=18).map(lambda w: f"zq{w}")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    candidate_email=emails,
    actor_email=emails,
    account_email=emails,
    identity_detail=secret_words,
    evidence_word=secret_words,
)
def test_no_private_or_sensitive_datum_on_any_public_page(
    client, candidate_email, actor_email, account_email, identity_detail, evidence_word
):
    from django.db import transaction

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        world = build_world()
        candidacy = CandidacyFactory(
            contest=world.contests["GUB"], actor=world.actors["PAN"], private_email=candidate_email
        )
        # A sensitive identity answer ("Otro: especifique" of the pueblo question), given without consent.
        candidate = create_account("candidata", Role.CANDIDATE, password=None, candidacy=candidacy)
        seed_identity_questions(world.process)
        pueblo = IdentityQuestion.objects.get(process=world.process, number=3)
        other = pueblo.options.get(requires_detail=True)
        save_identity_answers(candidacy, {pueblo.pk: ([other.pk], identity_detail)}, by=candidate)

        # The same kinds of data on a published candidacy, whose profile, PDF, photo and comparison are requested.
        published, partner = plant_published_candidacy(
            world,
            private_email=f"x{candidate_email}",
            evidence_name=f"consent/{evidence_word}.pdf",
            identity_detail=f"{identity_detail}q",
        )

        actor = world.actors["MORENA"]
        actor.contact_email = actor_email
        actor.save()
        create_account("enlace-morena", Role.PARTY, password=None, actor=actor, email=account_email)
        urls = public_urls(published, partner) + api_urls(published, partner)
        assert urls, "the public site has pages"
        secrets = (
            candidate_email,
            f"x{candidate_email}",
            actor_email,
            account_email,
            "enlace-morena",
            identity_detail,
            evidence_word,
        )
        # Group names may appear elsewhere (search filters, statistics); never on this candidacy's own pages.
        unconsented_groups = (Group.LGBT.label, Group.INDIGENOUS.label)  # answered Sí, consent 2 refused
        own = about(published, partner)
        for url, page in fetch_all(client, urls).items():
            for secret in secrets + (unconsented_groups if url in own else ()):
                assert secret.lower() not in page, f"{secret} leaked on {url}"
        raise Undo


def test_published_profile_pages_leak_nothing_and_show_consented_groups(
    client, world, django_capture_on_commit_callbacks
):
    published, partner = plant_published_candidacy(
        world,
        private_email="correo.privado@example.com",
        evidence_name="consent/formatofirmadosecreto.pdf",
        identity_detail="pueblosecretoinventado",
    )
    create_account("cuenta-candidata", Role.CANDIDATE, password=None, candidacy=published, email="cuenta@example.com")
    urls = public_urls(published, partner) + api_urls(published, partner)
    profile_url = reverse("public:profile", args=[published.pk])
    pdf_url = reverse("public:profile_pdf", args=[published.pk])
    assert {profile_url, pdf_url, reverse("public:photo", args=[published.pk])} <= set(urls)
    secrets = (
        "correo.privado@example.com",
        "formatofirmadosecreto",
        "pueblosecretoinventado",
        "cuenta-candidata",
        "cuenta@example.com",
    )
    own = about(published, partner)
    pages = fetch_all(client, urls)
    assert "application/ld+json" in pages[profile_url]  # the JSON-LD block is part of what was searched
    api_detail = api_url("candidacy", published)
    assert f'"id": {published.pk}' in pages[api_detail]  # the API's own answer about her was searched
    assert len([url for url in pages if url.startswith("/api/v1/")]) >= 10
    for url, page in pages.items():
        for secret in secrets + ((Group.LGBT.label,) if url in own else ()):
            assert secret.lower() not in page, f"{secret} leaked on {url}"
    # The snapshot of the public site: every file of it.
    build_snapshot(workers=1)
    files = snapshot_pages()
    own_files = {str(file_for(reverse("public:profile", args=[c.pk]))) for c in (published, partner)}
    assert own_files <= set(files) and any(name.startswith("boleta/") for name in files)
    for name, page in files.items():
        for secret in secrets + ((Group.LGBT.label,) if name in own_files else ()):
            assert secret.lower() not in page, f"{secret} leaked in the snapshot's {name}"

    # Positive control: with consent 2 given, the groups answered Sí appear (page, PDF, comparison and the
    # snapshot's page, updated by the change), the «especifique» detail and the evidence still never.
    with django_capture_on_commit_callbacks(execute=True):
        consent(published, True, item=ConsentItem.PUBLICATION)
        announce(published)
    assert Group.LGBT.label.lower() in snapshot_profile(published)
    for name, page in snapshot_pages().items():
        for secret in secrets:
            assert secret.lower() not in page, f"{secret} leaked in the snapshot's {name}"
    pages = fetch_all(client, urls)
    compare_url = f"{reverse('public:compare')}?c={published.pk}&c={partner.pk}"
    for url in (profile_url, pdf_url, compare_url):
        assert Group.LGBT.label.lower() in pages[url], url
        assert Group.INDIGENOUS.label.lower() in pages[url], url
    for url, page in pages.items():
        for secret in secrets:
            assert secret.lower() not in page, f"{secret} leaked on {url}"


def test_an_unpublished_candidacys_name_is_public_and_nothing_else_of_it(
    client, world, django_capture_on_commit_callbacks
):
    """Names of registered candidacies are public by law (the ballot shows every fórmula); their questionnaire,
    photo, identity answers and contact data follow the gate: on no page, API answer or snapshot file."""
    published, partner = published_formula(world)
    planted = CandidacyFactory(
        contest=published.contest, actor=world.actors["PT"], first_name="Registradasinpublicar",
        private_email="registrada.privada@example.com",
    )
    fill(planted, professional_history="zqtrayectoriaplantada", motivation="zqmotivoplantado")
    seed_identity_questions(world.process)
    answer(planted, Group.MIGRANT, YES)
    answer_detail(planted, 3, "zqpuebloplantado")
    consent(planted, True, item=ConsentItem.PUBLICATION)
    secrets = ("zqtrayectoriaplantada", "zqmotivoplantado", "zqpuebloplantado", "registrada.privada@example.com",
               reverse("public:profile", args=[planted.pk]), reverse("public:photo", args=[planted.pk]))
    contest_pages = [reverse(f"public:{name}", args=[published.contest_id]) for name in CONTEST_ROUTES]
    pages = fetch_all(client, public_urls(published, partner) + api_urls(published, partner))
    for url in contest_pages:
        assert "registradasinpublicar" in pages[url] and "información aún no publicada" in pages[url], url
    for url, page in pages.items():
        for secret in secrets:
            assert secret.lower() not in page, f"{secret} leaked on {url}"
    build_snapshot(workers=1)
    files = snapshot_pages()
    for url in contest_pages:
        assert "registradasinpublicar" in files[str(file_for(url))], url
    # A registration after the build (unpublished, like a substitution's newcomer) reaches the contest's files.
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = CandidacyFactory(contest=published.contest, actor=world.actors["MORENA"], first_name="Recienllegada")
        fill(newcomer, motivation="zqmotivonuevo")
        announce(newcomer)
    files = snapshot_pages()
    for url in contest_pages:
        assert "recienllegada" in files[str(file_for(url))], url
    for name, page in files.items():
        for secret in (*secrets, "zqmotivonuevo", reverse("public:profile", args=[newcomer.pk])):
            assert secret.lower() not in page, f"{secret} leaked in the snapshot's {name}"


# --------------------------------------------------------------------------------------------
# Consent belongs to the candidate: every ordering of her word, her party's format and the review
# --------------------------------------------------------------------------------------------

# She gives consent herself; she refuses; her party uploads a signed format saying yes; a reviewer decides on it;
# she withdraws (a withdrawal follows a consent she gave). Every ordering, the reviewer accepting or rejecting.
EVENTS = ("gives", "refuses", "format", "decision", "withdraws")
ORDERINGS = [
    order
    for order in itertools.permutations(EVENTS)
    if order.index("format") < order.index("decision") and order.index("gives") < order.index("withdraws")
]
SHOWN_GROUPS = (Group.LGBT, Group.MIGRANT)  # answered Sí; not registered under any acción afirmativa


def consent_allowed_by_section_6(done: list[str]) -> bool:
    """DOMAIN.md §6 as the issue states it, independently of the code: her own latest answer if she gave one;
    else a format's answer once a reviewer accepted it; else nothing (no consent)."""
    own = [e for e in done if e in ("gives", "refuses", "withdraws")]
    if own:
        return own[-1] == "gives"
    return "format" in done and "accept" in done


@pytest.mark.parametrize("decision", ["accept", "reject"])
@pytest.mark.parametrize("order", ORDERINGS, ids="-".join)
def test_every_ordering_of_her_word_her_partys_format_and_the_review(
    client, order, decision, world, django_capture_on_commit_callbacks
):
    notice(world.process)  # consent refers to the aviso integral in force
    candidacy, partner = published_formula(world)
    for group in SHOWN_GROUPS:
        answer(candidacy, group, YES)
    build_snapshot(workers=1)  # then every event reaches it through conoceles.changes, as in production
    candidate = create_account("la-candidata", Role.CANDIDATE, password=None, candidacy=candidacy)
    party = create_account("su-partido", Role.PARTY, password=None, actor=candidacy.actor)
    reviewer = create_account("la-revisora", Role.REVIEWER, password=None)
    profile_url = reverse("public:profile", args=[candidacy.pk])
    pdf_url = reverse("public:profile_pdf", args=[candidacy.pk])
    compare_url = f"{reverse('public:compare')}?c={candidacy.pk}&c={partner.pk}"
    partner_url = reverse("public:profile", args=[partner.pk])
    api_detail, api_partner = api_url("candidacy", candidacy), api_url("candidacy", partner)
    api_list = api_url("candidacies", candidacy, q=candidacy.first_name)
    labels = [group.label.lower() for group in SHOWN_GROUPS]

    done: list[str] = []
    for step, event in enumerate(order, start=1):
        try:
            with django_capture_on_commit_callbacks(execute=True):
                if event in ("gives", "refuses", "withdraws"):
                    given = event == "gives"
                    record_consent(candidacy, {1: True, 2: given, 3: given}, by=candidate)
                elif event == "format":
                    pdf = SimpleUploadedFile("formato.pdf", minimal_pdf(), content_type="application/pdf")
                    upload_consent_format(candidacy, {1: True, 2: True, 3: True}, pdf, by=party)
                else:
                    pending = ConsentFormat.objects.get(candidacy=candidacy, status=ConsentFormat.Status.PENDING)
                    decide_consent_format(pending, accept=decision == "accept", reason="No coincide.", by=reviewer)
        except (ValidationError, ConsentFormat.DoesNotExist):
            continue  # refused by the rules (her word already stands; no format to decide): nothing changed
        done.append(event)
        if event == "decision":
            done.append(decision)
        allowed = consent_allowed_by_section_6(done)
        where = f"after {done}"
        pages = {
            url: readable(client.get(url)) for url in (profile_url, compare_url, partner_url, api_detail, api_partner)
        }
        if step == len(order):  # the PDF (rendered, read back as text) at the end of every ordering
            pages[pdf_url] = readable(client.get(pdf_url))
        for url, page in pages.items():
            for label in labels:
                assert (label in page) is allowed, f"{label} on {url} {where}"
        for shown in (candidacy, partner):  # the snapshot's pages, brought up to date by the change
            for label in labels:
                assert (label in snapshot_profile(shown)) is allowed, f"{label} in the snapshot {where}"
        results = client.get(reverse("public:search"), {"q": candidacy.first_name}, headers={"HX-Request": "true"})
        assert candidacy.full_name in results.content.decode()
        for label in labels:
            assert allowed or label not in readable(results), f"{label} in the search {where}"
        listed = readable(client.get(api_list))
        assert f'"id": {candidacy.pk}' in listed
        for label in labels:
            assert label not in listed, f"{label} in the API's list {where}"  # a list item carries no group
        tables, _ = identity_tables(world.process, datetime.date.today(), 0)
        counted = {row.label: row.cells[-1].value for row in tables[0].rows}
        for group in SHOWN_GROUPS:
            assert counted[group.label] == (1 if allowed else 0), f"{group.label} in the statistics {where}"
        # The open data: the record every file of a release is written from (her identity cells, her groups) …
        record = next(r for r in records(world.process, Scope.PUBLIC) if r.pk == candidacy.pk)
        assert any(cell.strip() for cell in record.identity[len(IDENTITY_ID_HEADERS) :]) is allowed, where
        assert {g.lower() for g in record.own["grupos"]} == (set(labels) if allowed else set()), where
        if step == len(order):  # … and a whole release, workbook read back, at the end of every ordering
            release = build_release(world.process)
            sheet = openpyxl.load_workbook(release_dir(release) / WORKBOOK)["CUESTIONARIO IDENTIDAD"]
            row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[7] == candidacy.full_name)
            assert ("Sí" in row) is allowed, f"identity answers in the release's workbook {where}"
    # Her own word is always taken; her party's format only before she spoke, and then always reviewed.
    she_spoke_first = min(order.index(e) for e in ("gives", "refuses", "withdraws")) < order.index("format")
    assert [e for e in done if e not in ("accept", "reject")] == [
        e for e in order if not (she_spoke_first and e in ("format", "decision"))
    ]


def test_her_withdrawal_takes_effect_at_once_even_on_cached_pages(client, settings, world):
    settings.PUBLIC_CACHE_ENABLED = True  # as in production: pages are served from the shared cache
    candidacy, _ = published_formula(world)
    answer(candidacy, Group.MIGRANT, YES)
    candidate = create_account("la-candidata", Role.CANDIDATE, password=None, candidacy=candidacy)
    consent(candidacy, True, item=ConsentItem.PUBLICATION)  # given through an accepted format
    url = reverse("public:profile", args=[candidacy.pk])
    label = Group.MIGRANT.label.lower()
    assert label in readable(client.get(url))
    assert label in readable(client.get(url))  # now from the cache
    record_consent(candidacy, {2: False}, by=candidate)
    assert label not in readable(client.get(url))
