"""Migration 0003: signed formats recorded before the institute reviewed them counted at once, whoever uploaded
them. After the migration each one is a pending ConsentFormat: it counts only once a reviewer accepts it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.questionnaires.models import PrivacyNotice
from conoceles.questionnaires.services import current_consent
from tests.factories import CandidacyFactory, build_world

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("questionnaires", "0001_initial")]
AFTER = [("questionnaires", "0004_consent_signed_format_has_format")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_legacy_signed_formats_become_pending_formats():
    world = build_world()  # tables these migrations do not touch: written with today's models
    candidacy = CandidacyFactory(process=world.process, contest=world.contests["MR1"], actor=world.actors["PAN"])
    party = create_account("partido", Role.PARTY, password=None, actor=candidacy.actor)
    candidate = create_account("candidata", Role.CANDIDATE, password=None, candidacy=candidacy)
    notice = PrivacyNotice.objects.create(process=world.process, kind="integral", version=1, text="Aviso")
    old = migrate(BEFORE)
    try:
        Record = old.get_model("questionnaires", "ConsentRecord")
        common = {"candidacy_id": candidacy.pk, "notice_id": notice.pk}
        Record.objects.create(**common, item=1, given=False, recorded_by_id=candidate.pk, method="direct")
        for item in (1, 2, 3):  # one format, three answers
            Record.objects.create(
                **common,
                item=item,
                given=True,
                recorded_by_id=party.pk,
                method="signed_format",
                evidence="consent/a.pdf",
            )

        new = migrate(AFTER)
        Format = new.get_model("questionnaires", "ConsentFormat")
        Record = new.get_model("questionnaires", "ConsentRecord")
        (legacy,) = Format.objects.all()
        assert (legacy.status, legacy.evidence.name, legacy.uploaded_by_id) == ("pending", "consent/a.pdf", party.pk)
        signed = Record.objects.filter(method="signed_format")
        assert signed.count() == 3 and set(signed.values_list("source_format_id", flat=True)) == {legacy.pk}
        assert not signed.exclude(evidence=None).exclude(evidence="").exists()  # the file lives on the format
        assert Record.objects.get(method="direct").source_format_id is None
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert current_consent(candidacy) == {1: False, 2: None, 3: None}  # the pending format counts for nothing
