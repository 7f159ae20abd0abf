"""The administration's dashboard (/gestion/panel/): where the admin lands, what is pending, capture progress in
aggregate queries, the next dated obligation and the ways to every staff area."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conoceles.candidacies.models import Candidacy
from conoceles.imports.models import ImportJob
from conoceles.questionnaires.models import ConsentFormat
from conoceles.review.models import CorrectionRequest, Observation
from tests.factories import announce
from tests.fixtures.accounts import STAFF_PASSWORD

pytestmark = pytest.mark.django_db
DASHBOARD = "/gestion/panel/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_admin_lands_on_the_dashboard_after_signing_in(client, admin_user, world):
    response = client.post(
        reverse("accounts:login"), {"username": admin_user.username, "password": STAFF_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == DASHBOARD
    assert response.status_code == 200
    assert "Panel de administración" in response.content.decode()


@pytest.mark.parametrize("who", ["reviewer", "party_user", "candidate_user"])
def test_only_the_administration_sees_the_dashboard(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(DASHBOARD).status_code == 403


def test_the_dashboard_counts_what_awaits_the_admin(staff_client, world, reviewer, party_user, candidacy):
    other = world.candidacy(contest="MR15")
    for target in (candidacy, other):
        Observation.objects.create(
            candidacy=target, rubros=["general"], rules=[4], comment="Foto.", proposed_by=reviewer
        )
    CorrectionRequest.objects.create(candidacy=candidacy, rubros=["general"], reason="Error.", requested_by=party_user)
    ConsentFormat.objects.create(candidacy=candidacy, evidence="consent/formato.pdf", uploaded_by=party_user)
    ImportJob.objects.create(
        process=world.process, kind=ImportJob.Kind.CANDIDACIES, file="imports/x.csv", original_name="registro.csv",
        status=ImportJob.Status.FAILED,
    )
    page = text(staff_client.get(DASHBOARD))
    assert "2 observaciones propuestas" in page
    assert "1 solicitud de corrección" in page
    assert "1 formato de consentimiento por revisar" in page
    assert "registro.csv Candidaturas aprobadas Falló" in page


def test_capture_progress_is_counted_with_thousands_separators(staff_client, world):
    contest, actor = world.contests["MR1"], world.actors["PAN"]
    Candidacy.objects.bulk_create(
        Candidacy(
            process=world.process, contest=contest, actor=actor, registration_id=f"R-{n}", formula_number=n + 1,
            position="owner", first_name="Ana", last_name="Pérez", sex="M", birth_date=datetime.date(1980, 1, 1),
        )
        for n in range(1200)
    )
    announce(world.process)
    page = text(staff_client.get(DASHBOARD))
    assert "1,200 candidaturas registradas" in page
    assert "Con cuestionario curricular capturado 0 0 %" in page


def test_capture_progress_costs_the_same_queries_whatever_the_number_of_candidacies(staff_client, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(DASHBOARD).status_code == 200
        return len(captured)

    world.candidacy()
    queries()  # the first visit creates the process's default capture rules
    few = queries()
    for n in range(5):
        world.candidacy(contest="MR15", first_name=f"Persona {n}")
    assert queries() == few


def test_the_next_dated_obligation_is_shown_first(staff_client, world):
    today = timezone.localdate()
    process = world.process
    process.capture_deadline = today + datetime.timedelta(days=3)
    process.election_day = today + datetime.timedelta(days=40)
    process.save()
    cargo = world.cargos["GUB"]
    cargo.publication_start = today + datetime.timedelta(days=10)
    cargo.save()
    announce(process, cargo)
    page = text(staff_client.get(DASHBOARD))
    assert "Lo siguiente: Fecha límite de captura" in page
    assert "(en 3 días)" in page
    assert page.index("Inicio de publicación: Gubernatura") < page.index("Jornada electoral")


def test_the_dashboard_links_every_staff_area(staff_client, world):
    body = staff_client.get(DASHBOARD).content.decode()
    for name, args in [
        ("gestion:dates", [world.process.pk]),
        ("gestion:review_rules", [world.process.pk]),
        ("gestion:capture_rules", [world.process.pk]),
        ("imports:list", []),
        ("review:decisions", []),
        ("review:queue", []),
        ("review:consent_formats", []),
        ("review:audit", []),
        ("staff_accounts:list", []),
        ("staff_accounts:generate", []),
        ("staff_accounts:login_log", []),
        ("candidacies:list", []),
        ("opendata:staff", []),
        ("public:statistics", []),
        ("admin:index", []),
    ]:
        assert f'href="{reverse(name, args=args)}"' in body, name


def test_without_a_process_the_dashboard_says_how_to_start(staff_client):
    response = staff_client.get(DASHBOARD)
    assert response.status_code == 200
    assert "Todavía no hay un proceso electoral vigente." in text(response)
    processes = staff_client.get("/gestion/proceso/")
    assert processes.status_code == 200
    assert "Todavía no hay un proceso electoral." in text(processes)
