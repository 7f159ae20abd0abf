"""Change propagation (conoceles.changes): every writer of published data announces the candidacies it changed, in
its own transaction; the announcement refreshes the search index at once, bumps the public version now and on
commit, and re-scans captured text after commit. Nothing listens to model signals any more.

WRITERS lists every writer of a public model; each case runs it and checks what it announced. A writer added later
without the call fails the test that exercises it (tests/change_guard.py); the self-test at the end shows that.
"""

import datetime
import weakref

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.test import RequestFactory
from django.urls import reverse

from conoceles.accounts.models import Role, User
from conoceles.candidacies.models import Candidacy
from conoceles.changes import PUBLIC_MODELS, AfterCommit, PublicChangesAdmin, Reason, candidacies_changed
from conoceles.elections.services import create_process
from conoceles.imports.services import import_rows
from conoceles.public.version import publication_version
from conoceles.questionnaires.models import ConsentFormat, IdentityQuestion
from conoceles.questionnaires.services import (
    capture_rules_for,
    decide_consent_format,
    publish_notice,
    record_consent,
    save_identity_answers,
    save_photo,
    save_rubro,
    seed_identity_questions,
    upload_consent_format,
)
from conoceles.review.models import PublicationEntry
from conoceles.review.services import rubro_states_of, workflow_of
from conoceles.review.states import State
from conoceles.review.workflow import transition
from tests.change_guard import unannounced_writes, watching_public_writes
from tests.factories import CandidacyFactory, build_world
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row
from tests.review.helpers import TEXTS
from tests.uploads import image_bytes, minimal_pdf, upload

pytestmark = pytest.mark.django_db

class Setting:
    """A small election with one candidacy of the PAN, its party's, the candidate's and the institute's accounts."""

    def __init__(self):
        self.world = build_world()
        self.candidacy = CandidacyFactory(contest=self.world.contests["MR1"], actor=self.world.actors["PAN"])
        self.party = User.objects.create_user("enlace-pan", password=None, role=Role.PARTY, actor=self.candidacy.actor)
        self.candidate = User.objects.create_user(
            "candidata", password=None, role=Role.CANDIDATE, candidacy=self.candidacy
        )
        self.reviewer = User.objects.create_user("revisora", password=None, role=Role.REVIEWER)
        self.admin = User.objects.create_user("instancia", password=None, role=Role.ADMIN)
        publish_notice(self.world.process, "integral", "Aviso integral.", by=self.admin)
        publish_notice(self.world.process, "simplificado", "Aviso simplificado.", by=self.admin)


def announced_since(start: int) -> list[AfterCommit]:
    return [callback for _, callback, _ in connection.run_on_commit[start:] if isinstance(callback, AfterCommit)]


def capture(s):
    save_rubro(s.candidacy, "motivation", {"motivation": "Servir a mi comunidad."}, by=s.party)
    return [s.candidacy.pk], Reason.CAPTURE


def photo(s):
    save_photo(s.candidacy, upload(image_bytes()), by=s.party)
    return [s.candidacy.pk], Reason.CAPTURE


def workflow_transition(s):
    for code, values in TEXTS.items():
        save_rubro(s.candidacy, code, values, by=s.party)
    transition(workflow_of(s.candidacy), State.VALIDATED, by=s.party)
    return [s.candidacy.pk], Reason.WORKFLOW


def draft_rows(s):
    rubro_states_of(s.candidacy)
    return [s.candidacy.pk], Reason.WORKFLOW


def identity(s):
    seed_identity_questions(s.world.process)
    question = IdentityQuestion.objects.get(process=s.world.process, number=1)
    save_identity_answers(s.candidacy, {question.pk: ([question.options.first().pk], "")}, by=s.candidate)
    return [s.candidacy.pk], Reason.IDENTITY


def own_consent(s):
    record_consent(s.candidacy, {1: True, 2: False, 3: False}, by=s.candidate)
    return [s.candidacy.pk], Reason.CONSENT


def signed_format(s):
    consent_format = upload_consent_format(
        s.candidacy, {1: True, 2: True, 3: True}, upload(minimal_pdf(), "formato.pdf", "application/pdf"), by=s.party
    )
    decide_consent_format(ConsentFormat.objects.get(pk=consent_format.pk), accept=True, by=s.reviewer)
    return [s.candidacy.pk], Reason.CONSENT


def candidacy_import(s):
    rows = [candidacy_row("G-9", "GUB", actor="MORENA", name="Olga", last="Cen")]
    assert import_rows(s.world.process, "candidacies", CANDIDACY_HEADER, rows).ok
    return list(Candidacy.objects.filter(registration_id="G-9").values_list("pk", flat=True)), Reason.IMPORT


def cargo_import(s):
    header = ["CLAVE", "CARGO", "AMBITO", "ORDEN", "INICIO_PUBLICACION", "FIN_PUBLICACION"]
    row = ["DIP_MR", "Diputación local MR", "DISTRITO", "2", "2027-04-20", ""]
    assert import_rows(s.world.process, "cargos", header, [row]).ok
    return [s.candidacy.pk], Reason.IMPORT


def contest_import(s):
    header = ["CARGO", "DISTRITO", "MUNICIPIO", "CIRCUNSCRIPCION", "NOMBRE"]
    assert import_rows(s.world.process, "contests", header, [["DIP_MR", "1", "", "", "Distrito 1 – Cancún"]]).ok
    return [s.candidacy.pk], Reason.IMPORT


def geography_import(s):
    header = ["SECCION", "DISTRITO", "CABECERA", "CLAVE_MUNICIPIO", "MUNICIPIO"]
    assert import_rows(s.world.process, "geography", header, [["301", "1", "Cancún", "23005", "Benito Juárez"]]).ok
    return [], Reason.IMPORT


def actor_import(s):
    header = ["SIGLAS", "NOMBRE", "TIPO", "COLOR"]
    assert import_rows(s.world.process, "actors", header, [["PVEM", "Partido Verde", "Partido", "#00A650"]]).ok
    return [], Reason.IMPORT


def new_process(s):
    create_process(name="Proceso Extraordinario 2027", entity=23, election_day=datetime.date(2027, 12, 5))
    return [], Reason.ADMIN


def new_capture_rules(s):
    capture_rules_for(create_process(name="Otro proceso", entity=23, election_day=datetime.date(2028, 6, 4)))
    return [], Reason.ADMIN


WRITERS = [
    capture,
    photo,
    workflow_transition,
    draft_rows,
    identity,
    own_consent,
    signed_format,
    candidacy_import,
    cargo_import,
    contest_import,
    geography_import,
    actor_import,
    new_process,
    new_capture_rules,
]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__)
def test_every_writer_announces_the_candidacies_it_changed(writer):
    s = Setting()
    start, version = len(connection.run_on_commit), publication_version()
    expected_ids, reason = writer(s)
    announced = announced_since(start)
    assert announced, f"{writer.__name__} announced nothing"
    assert set(expected_ids) <= {pk for a in announced for pk in a.candidacy_ids}
    assert reason in {a.reason for a in announced}
    assert publication_version() > version  # stale at once, not only after the commit


def test_an_announcement_refreshes_the_index_now_and_bumps_again_on_commit(django_capture_on_commit_callbacks):
    s = Setting()
    for code, values in TEXTS.items():
        save_rubro(s.candidacy, code, values, by=s.party)
    cargo = s.candidacy.contest.cargo
    cargo.publication_start = datetime.date(2027, 4, 15)
    cargo.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition(workflow_of(s.candidacy), State.VALIDATED, by=s.party)
    assert PublicationEntry.objects.filter(pk=s.candidacy.pk).exists()  # inside the writer's transaction
    version = publication_version()
    after_commit = [c for c in callbacks if isinstance(c, AfterCommit)]
    assert after_commit and all(s.candidacy.pk in c.candidacy_ids for c in after_commit)
    for callback in after_commit:
        callback()
    assert publication_version() == version + len(after_commit)


def test_a_refused_write_announces_nothing():
    s = Setting()
    workflow = workflow_of(s.candidacy)
    start = len(connection.run_on_commit)
    with pytest.raises(ValidationError):
        transition(workflow, State.OBSERVED, by=s.party)  # not a change the table allows
    assert announced_since(start) == []


def test_no_model_signal_is_connected_by_the_project():
    """Only Django's own events (logins) go through signals; published data never does."""
    project = []
    for signal in (pre_save, post_save, pre_delete, post_delete, m2m_changed):
        for _, reference, *_ in signal.receivers:
            function = reference() if isinstance(reference, weakref.ReferenceType) else reference
            module = getattr(function, "__module__", "") or ""
            if module.startswith("conoceles"):
                project.append(f"{module}.{function.__qualname__}")
    assert project == []


# --------------------------------------------------------------------------------------------
# The Gestión admin
# --------------------------------------------------------------------------------------------


def _can_write(model_admin, request) -> bool:
    return (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )


def test_every_gestion_admin_that_can_write_a_public_model_announces_its_changes(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    silent = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model in PUBLIC_MODELS
        and _can_write(model_admin, request)
        and not isinstance(model_admin, PublicChangesAdmin)
    ]
    assert silent == []


def test_editing_a_cargos_window_in_gestion_refreshes_its_candidacies_entries(admin_client):
    s = Setting()
    for code, values in TEXTS.items():
        save_rubro(s.candidacy, code, values, by=s.party)
    transition(workflow_of(s.candidacy), State.VALIDATED, by=s.party)
    for rubro in rubro_states_of(s.candidacy).values():
        if rubro.state == State.DRAFT:
            transition(rubro, State.VALIDATED, by=s.party)
    cargo = s.candidacy.contest.cargo
    assert not PublicationEntry.objects.filter(pk=s.candidacy.pk).exists()  # no window yet
    data = {
        "process": cargo.process_id,
        "code": cargo.code,
        "name": cargo.name,
        "scope": cargo.scope,
        "order": cargo.order,
        "publication_start": "2027-04-15",
        "publication_end": "",
    }
    version = publication_version()
    response = admin_client.post(reverse("admin:elections_cargo_change", args=[cargo.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = PublicationEntry.objects.get(pk=s.candidacy.pk)
    assert entry.starts == datetime.date(2027, 4, 15)
    assert publication_version() > version
    response = admin_client.post(
        reverse("admin:elections_cargo_change", args=[cargo.pk]), {**data, "name": "Diputación de mayoría"}
    )
    assert response.status_code == 302
    assert PublicationEntry.objects.get(pk=s.candidacy.pk).starts == datetime.date(2027, 4, 15)


def test_deleting_a_contest_in_gestion_takes_its_entries_and_bumps_the_version(admin_client):
    s = Setting()
    contest = s.world.contests["MR15"]
    version = publication_version()
    response = admin_client.post(reverse("admin:elections_contest_delete", args=[contest.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert publication_version() > version


# --------------------------------------------------------------------------------------------
# The guard itself (tests/change_guard.py)
# --------------------------------------------------------------------------------------------


def test_the_guard_names_a_writer_that_forgets_to_announce(monkeypatch):
    s = Setting()
    monkeypatch.setattr("conoceles.review.workflow.candidacies_changed", lambda ids, *, reason: None)
    for code, values in TEXTS.items():
        save_rubro(s.candidacy, code, values, by=s.party)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic(), watching_public_writes():
        transition(workflow_of(s.candidacy), State.VALIDATED, by=s.party)
        forgotten = unannounced_writes()
        raise Undo  # the savepoint takes the forgetful write away, so this test's own guard stays quiet
    writers = {(w.writer, w.table) for w in forgotten}
    assert writers == {("conoceles.review.workflow.transition", "review_candidacyworkflow")}


def test_the_guard_does_not_blame_a_test_for_its_own_factories():
    with transaction.atomic(), watching_public_writes():
        CandidacyFactory(contest=build_world().contests["GUB"])
        assert unannounced_writes() == []


def test_an_announcement_clears_the_writes_before_it():
    s = Setting()
    with transaction.atomic(), watching_public_writes():
        save_rubro(s.candidacy, "motivation", {"motivation": "Agua para todos."}, by=s.party)
        assert unannounced_writes() == []
    candidacies_changed([], reason=Reason.ADMIN)
