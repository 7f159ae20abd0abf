"""Every writer of published data says what it changed (conoceles.changes): checked in every database test.

While a test runs, each INSERT, UPDATE or DELETE on a table of `conoceles.changes.PUBLIC_MODELS` made by project
code (not by the test's own factories and ORM calls) leaves a marker among the transaction's on-commit callbacks.
`candidacies_changed` leaves its own (`AfterCommit`). When the test ends, every marker must be followed by an
announcement; a savepoint rolled back takes its markers and announcements with it, so a service that wrote and then
refused is not blamed. A writer that forgets the call fails the test that exercised it, named in the message.
"""

import re
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction

import conoceles
from conoceles.changes import PUBLIC_MODELS, AfterCommit

SRC = Path(conoceles.__file__).parent
# Project code that writes public tables on behalf of a writer further up the stack, never a writer itself.
PLUMBING = (
    SRC / "changes.py",
    SRC / "core" / "bulk.py",
    SRC / "core" / "middleware.py",
    SRC / "public" / "caching.py",
    SRC / "review" / "search_index.py",
)
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _public_tables() -> frozenset[str]:
    tables = set()
    for model in PUBLIC_MODELS:
        tables.add(model._meta.db_table)
        tables.update(field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many)
    return frozenset(tables)


PUBLIC_TABLES = _public_tables()


class UnannouncedWrite:
    """On-commit marker of one write; does nothing when run."""

    def __init__(self, writer: str, table: str):
        self.writer, self.table = writer, table

    def __call__(self):
        pass


def _is_plumbing(path: Path) -> bool:
    # A model's own save(): models.py, or a module of a models package (conoceles.questionnaires.models).
    is_model = path.name == "models.py" or path.parent.name == "models"
    return path in PLUMBING or is_model or "migrations" in path.parts


def writer_of_this_write() -> str | None:
    """The innermost project function on the stack that is not plumbing or a model's own save(); the Gestión admin
    when only Django's admin is there; None for a test's own write (its factories, direct ORM calls)."""
    frame = sys._getframe(2)
    through_admin = False
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(SRC) and not _is_plumbing(path):
            module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
            return f"{module}.{frame.f_code.co_qualname}"
        through_admin = through_admin or "django/contrib/admin" in frame.f_code.co_filename
        frame = frame.f_back
    return "Gestión (django.contrib.admin)" if through_admin else None


def _watch(execute, sql, params, many, context):
    match = WRITE.match(sql)
    if match and match.group(1) in PUBLIC_TABLES and connection.in_atomic_block:
        writer = writer_of_this_write()
        if writer is not None:
            transaction.on_commit(UnannouncedWrite(writer, match.group(1)))
    return execute(sql, params, many, context)


def watching_public_writes():
    """While in this context, project code's writes of public tables leave their markers."""
    return connection.execute_wrapper(_watch)


def unannounced_writes() -> list[UnannouncedWrite]:
    """The markers of the current transaction that no announcement follows."""
    pending: list[UnannouncedWrite] = []
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, UnannouncedWrite):
            pending.append(callback)
        elif isinstance(callback, AfterCommit):
            pending.clear()
    return pending


@pytest.fixture(autouse=True)
def _writers_announce_their_changes(request):
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or "db" in request.fixturenames
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    if not uses_db or transactional:
        yield
        return
    request.getfixturevalue("db")  # set up first, so this check runs before the test's transaction rolls back
    with watching_public_writes():
        yield
    if unannounced := unannounced_writes():
        writers = sorted({f"{w.writer} (wrote {w.table})" for w in unannounced})
        pytest.fail(
            "Published data written without conoceles.changes.candidacies_changed() after it:\n  "
            + "\n  ".join(writers),
            pytrace=False,
        )
