"""conoceles.core.bulk.analyze: the planner's statistics after a bulk write, and on PostgreSQL outside a transaction
a VACUUM, so that index-only scans of the new rows read no table pages."""

import pytest
from django.db import connection

from conoceles.candidacies.models import Candidacy
from conoceles.core.bulk import analyze
from tests.factories import CandidacyFactory

TABLE = Candidacy._meta.db_table


def vacuumed_and_analyzed() -> tuple[bool | None, bool]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
                [TABLE],
            )
            return cursor.fetchone()
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
        return None, cursor.fetchone()[0] > 0  # SQLite has no VACUUM of one table


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgresql_also_vacuums(world):
    """As rebuild_entries and the demo call it, after their transactions."""
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    analyze(Candidacy)
    vacuumed, analyzed = vacuumed_and_analyzed()
    assert analyzed
    assert vacuumed is (True if connection.vendor == "postgresql" else None)


@pytest.mark.django_db
def test_inside_a_transaction_it_only_analyzes(world):
    CandidacyFactory(contest=world.contests["GUB"], actor=world.actors["PAN"])
    analyze(Candidacy)  # a VACUUM here would fail: it cannot run inside a transaction block
    assert vacuumed_and_analyzed()[1]
