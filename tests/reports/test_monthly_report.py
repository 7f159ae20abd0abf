"""The monthly implementation report's builder (reports/builders/mensual.py): the activity of one local calendar month,
from the audit records, in a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conoceles.accounts.models import AccountEvent, LoginEvent, Role
from conoceles.candidacies.models import Candidacy
from conoceles.imports.models import ImportJob
from conoceles.questionnaires.models import CurricularQuestionnaire, IdentityAnswer
from conoceles.reports.builders import builder
from conoceles.review.models import WorkflowEvent
from conoceles.review.states import EventKind, State
from tests.factories import CandidacyFactory, make_user
from tests.public.published import answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("questions")]


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def stamp(model, field: str, when, **lookup) -> None:
    """Set the time of rows already written (the logs refuse updates through their own managers)."""
    model._base_manager.filter(**lookup).update(**{field: when})


def activity(world, when, number: int, admin) -> Candidacy:
    """One of each thing the report counts, all at `when`: an import, an account created and delivered with two logins
    and a lockout, a failed login with an unknown name, a curricular questionnaire saved twice, an identity answer,
    a validation, an observation proposed, a correction request and a substitution."""
    c = world.candidacy("RP", "MORENA", formula_number=number, sex="M")
    user = make_user(f"cand-{number}", Role.CANDIDATE, candidacy=c)
    job = ImportJob.objects.create(
        process=world.process, kind=ImportJob.Kind.CANDIDACIES, file="x.csv", original_name="x.csv",
        status=ImportJob.Status.APPLIED, rows_total=10, applied_at=when,
    )  # fmt: skip
    ImportJob.objects.create(
        process=world.process, kind=ImportJob.Kind.ACTORS, file="y.csv", original_name="y.csv",
        status=ImportJob.Status.FAILED, rows_total=3,
    )  # fmt: skip  (not applied: not counted)
    for kind in (AccountEvent.Kind.CREATED, AccountEvent.Kind.CREDENTIALS_ISSUED):
        AccountEvent.objects.create(user=user, by=admin, kind=kind)
    for kind in (LoginEvent.Kind.LOGIN, LoginEvent.Kind.LOGIN, LoginEvent.Kind.LOCKED):
        LoginEvent.objects.create(user=user, username=user.username, kind=kind)
    unknown = LoginEvent.objects.create(username=f"nadie-{number}", kind=LoginEvent.Kind.FAILED)
    questionnaire = CurricularQuestionnaire(candidacy=c, motivation="Servir")
    questionnaire._history_user = user
    questionnaire.save()
    questionnaire.proposal_1 = "Agua"
    questionnaire._history_user = user
    questionnaire.save()
    answer(c, 11)
    for kind, rubro, states in (
        (EventKind.TRANSITION, "", (State.DRAFT, State.VALIDATED)),
        (EventKind.OBSERVATION_PROPOSED, "", ("", "")),
        (EventKind.CORRECTION_REQUESTED, "", ("", "")),
        (EventKind.TRANSITION, "general", (State.DRAFT, State.VALIDATED)),  # a rubro: not a candidacy's validation
    ):
        WorkflowEvent.objects.create(
            candidacy=c, kind=kind, rubro=rubro, from_state=states[0], to_state=states[1], by=admin
        )
    c.status = Candidacy.Status.SUBSTITUTED
    c.save()

    stamp(ImportJob, "created_at", when, pk=job.pk)
    stamp(AccountEvent, "at", when, user=user)
    stamp(LoginEvent, "at", when, user=user)
    stamp(LoginEvent, "at", when, pk=unknown.pk)
    stamp(CurricularQuestionnaire.history.model, "history_date", when, candidacy_id=c.pk)
    stamp(IdentityAnswer.history.model, "history_date", when, candidacy_id=c.pk)
    stamp(WorkflowEvent, "at", when, candidacy=c)
    stamp(Candidacy.history.model, "history_date", when, id=c.pk)
    return c


def build(world, month, cut_at=None):
    seen = []
    document = builder("mensual")(
        world.process, cut_at or local(2027, 7, 1), {"month": month}, lambda p, s: seen.append(p)
    )
    assert seen and seen == sorted(seen) and seen[-1] < 85  # 85 and on: the PDF and the XLSX (services)
    return document


def tables(document) -> dict:
    return {table.key: table for section in document.sections for table in section.tables}


@pytest.fixture
def planted(world, admin_user):
    """March's last minutes, April's first and last minutes, May's first minutes (local time, UTC−6)."""
    activity(world, local(2027, 3, 31, 23, 30), 1, admin_user)  # already 1 April in UTC
    activity(world, local(2027, 4, 1, 0, 30), 2, admin_user)
    activity(world, local(2027, 4, 30, 23, 30), 3, admin_user)  # already 1 May in UTC
    activity(world, local(2027, 5, 1, 0, 10), 4, admin_user)
    # Another process's party, in April: none of its activity counts here.
    outsider = CandidacyFactory(first_name="Ajena")
    party = make_user("enlace-ajeno", Role.PARTY, actor=outsider.actor)
    LoginEvent.objects.create(user=party, username=party.username, kind=LoginEvent.Kind.LOGIN)
    stamp(LoginEvent, "at", local(2027, 4, 10), user=party)
    WorkflowEvent.objects.create(
        candidacy=outsider, kind=EventKind.OBSERVATION_PROPOSED, by=admin_user
    )  # created now, in no planted month
    return world


def test_only_the_asked_months_activity_counts_with_local_boundaries(planted):
    document = build(planted, "2027-04")
    t = tables(document)
    assert "abril de 2027" in document.title and planted.process.name in document.title
    assert t["importaciones"].rows == [["Candidaturas aprobadas", 2, 20]]
    assert t["cuentas"].rows == [["Persona candidata", 2, 2, 0]]
    assert t["ingresos"].rows == [["Persona candidata", 2, 4, 0, 2], ["Sin cuenta", 0, 0, 2, 0]]
    assert t["ingresos"].total == ["Total", 2, 4, 2, 2]
    assert t["captura"].rows[0][:3] == ["Persona candidata", 2, 4]
    assert t["sustituciones"].rows == [["Diputación local RP", 2]]
    review = {row[0]: row[1:] for row in t["revision"].rows}
    assert t["revision"].columns == ["", "Del 1 al 7", "Del 8 al 14", "Del 15 al 21", "Del 22 al 28", "Del 29 al 30",
                                     "Total"]  # fmt: skip
    assert review["Candidaturas validadas por su actor político"] == [1, 0, 0, 0, 1, 2]
    assert review["Observaciones propuestas"] == [1, 0, 0, 0, 1, 2]
    assert review["Solicitudes de corrección presentadas"] == [1, 0, 0, 0, 1, 2]
    assert review["Observaciones aprobadas"] == [0, 0, 0, 0, 0, 0]
    weeks = t["semanas"].rows
    assert weeks[0] == ["Del 1 al 7", 2, 1, 1, 2, 1, 1, 1, 1]
    assert weeks[1][1:] == [0] * 8 and weeks[4][1:] == weeks[0][1:]
    summary = dict(document.summary)
    assert summary["Importaciones aplicadas"] == 2
    assert summary["Cuentas que ingresaron"] == 2
    assert summary["Cuestionarios curriculares iniciados"] == 2
    assert summary["Cuestionarios de identidad iniciados"] == 2
    assert summary["Candidaturas validadas"] == 2
    assert summary["Sustituciones"] == 2

    march = build(planted, "2027-03")
    assert dict(march.summary)["Cuestionarios curriculares iniciados"] == 1
    assert tables(march)["semanas"].rows[-1][0] == "Del 29 al 31"
    assert tables(march)["semanas"].rows[-1][1] == 2  # the two logins of 31 March, 23:30


def test_a_month_not_over_counts_up_to_the_cut(planted):
    document = build(planted, "2027-04", cut_at=local(2027, 4, 15, 12))
    assert dict(document.summary)["Sustituciones"] == 1
    assert "hasta el corte del 15/04/2027 12:00" in document.sections[0].text
    assert "del 1 al 30 de abril de 2027" in build(planted, "2027-04").sections[0].text


@pytest.mark.parametrize("month", ["2027-13", "abril", "", None, "2027-4"])
def test_a_month_must_be_written_aaaa_mm(world, month):
    with pytest.raises(ValidationError) as error:
        builder("mensual")(world.process, timezone.now(), {"month": month}, lambda p, s: None)
    assert error.value.code == "bad_month"


def test_the_report_takes_a_fixed_number_of_queries(world, admin_user):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build(world, "2027-04")
        return len(captured)

    activity(world, local(2027, 4, 2), 1, admin_user)
    few = queries()
    for n in range(2, 12):
        activity(world, local(2027, 4, n + 2), n, admin_user)
    assert queries() == few <= 12
