"""The import machinery every importer shares: the Importer base class, the result and the runner.

An importer declares its columns and implements `parse(row)` (one row to a record, or errors on the row)
and `save(records)` (write a chunk of records). `run_import` does the rest: maps the header, rejects
duplicated keys, writes chunk by chunk inside one transaction, locates rows behind database conflicts,
and rolls everything back when any row is wrong or when it is a dry run. Columns, rows and their cell parsers:
conoceles.imports.rows.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, reset_queries, transaction

from conoceles.changes import Reason, candidacies_changed, rows_changed
from conoceles.core.bulk import analyze
from conoceles.core.text import clean

from .error_codes import ImportErrorCode
from .reading import Table, open_table
from .rows import Column, Row, RowError, header_key

CHUNK_SIZE = 2000
MAX_STORED_ERRORS = 10_000


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[RowError] = field(default_factory=list)  # what was imported anyway, for the user to check
    warning_count: int = 0
    rows: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    created = property(lambda self: self.counts["created"])
    updated = property(lambda self: self.counts["updated"])
    unchanged = property(lambda self: self.counts["unchanged"])
    substituted = property(lambda self: self.counts["substituted"])

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append(error)

    def add_warning(self, warning: RowError) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_STORED_ERRORS:
            self.warnings.append(warning)


class Importer:
    """Base of every importer. Subclasses set kind, columns and key_column and implement parse and save."""

    kind: str = ""
    columns: tuple[Column, ...] = ()
    key_column: str = ""  # the column that identifies a row; a value may appear only once per file
    record_noun: str = "registro"
    extensions: tuple[str, ...] = (".csv", ".txt", ".xlsx")  # what the upload form accepts

    # the models whose tables a committed import refreshes the planner's statistics of (conoceles.core.bulk.analyze)
    written_models: tuple = ()

    def __init__(self, process, user=None):
        self.process = process
        self.user = user
        # What the committed import announces (conoceles.review.changes): the candidacies it wrote, and the catalog
        # rows it changed (a cargo's window, a contest's name) whose candidacies the search index copies.
        self.changed_candidacy_ids: set[int] = set()
        self.changed_rows: list = []

    def read(self, path, name: str | None = None) -> Table:
        """The file as one table (header and rows); raises FileFormatError when it cannot be read."""
        return open_table(path, name)

    def parse(self, row: Row):
        raise NotImplementedError

    def key(self, record) -> str:
        raise NotImplementedError

    def save(self, records: list, result: ImportResult) -> None:
        raise NotImplementedError

    def forget(self) -> None:
        """Drop cached database rows after a rolled-back write (they may no longer exist)."""

    def finish(self, result: ImportResult) -> None:
        """Work that needs every row (e.g. links between rows); may add errors."""

    def describe_integrity_error(self, exc: IntegrityError) -> str:
        return "Choca con un registro existente (clave o lugar repetido)."


class _Rollback(Exception):
    pass


class _SeenKeys:
    """Keys already read in this file, kept in a temporary table so memory does not grow with the file."""

    table = "conoceles_import_seen"

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (k VARCHAR(300) PRIMARY KEY, row_number INTEGER)")
        return self

    def __exit__(self, *exc_info):
        if connection.needs_rollback or connection.connection is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def earlier_rows(self, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        with connection.cursor() as cursor:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                marks = ",".join(["%s"] * len(part))
                cursor.execute(f"SELECT k, row_number FROM {self.table} WHERE k IN ({marks})", part)
                found.update(cursor.fetchall())
        return found

    def remember(self, pairs: list[tuple[str, int]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.table} (k, row_number) VALUES (%s, %s)", pairs)


def map_header(header: list, columns: tuple[Column, ...]) -> tuple[dict[str, int], list[str]]:
    """Canonical column name -> position in the file, and the required columns that are missing."""
    positions: dict[str, int] = {}
    for column in columns:
        keys = column.keys()
        for index, name in enumerate(header):
            if header_key(name) in keys:
                positions[column.name] = index
                break
    missing = [c.name for c in columns if c.required and c.name not in positions]
    return positions, missing


def run_import(
    importer: Importer,
    header: list,
    rows: Iterable[list],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    positions, missing = map_header(header, importer.columns)
    for name in missing:
        result.add_error(RowError(1, name, ImportErrorCode.MISSING_COLUMN, f"Falta la columna obligatoria «{name}»."))
    if missing:
        return result
    present = frozenset(positions)
    try:
        with transaction.atomic(), _SeenKeys() as seen:
            chunk: list[Row] = []
            for number, cells in enumerate(rows, start=2):
                if not any(clean(cell) for cell in cells):
                    continue
                values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
                chunk.append(Row(number, values, present))
                if len(chunk) >= chunk_size:
                    _process_chunk(importer, chunk, seen, result)
                    chunk = []
                    reset_queries()  # with DEBUG on, Django would keep every statement of a long import
                    if progress:
                        progress(result.rows)
            if chunk:
                _process_chunk(importer, chunk, seen, result)
            if result.rows == 0:
                result.add_error(
                    RowError(
                        0, "", ImportErrorCode.NO_ROWS, "El archivo no tiene filas de datos debajo del encabezado."
                    )
                )
            importer.finish(result)
            if progress:
                progress(result.rows)
            if dry_run or not result.ok:
                raise _Rollback
            _announce(importer)
    except _Rollback:
        pass
    result.errors.sort(key=lambda e: e.row)
    result.warnings.sort(key=lambda e: e.row)
    return result


def _announce(importer: Importer) -> None:
    """Inside the import's transaction: fresh planner statistics for what it filled, and what changed for the
    public site."""
    analyze(*importer.written_models)
    rows_changed(*importer.changed_rows, reason=Reason.IMPORT)
    candidacies_changed(importer.changed_candidacy_ids, reason=Reason.IMPORT)


def _process_chunk(importer: Importer, chunk: list[Row], seen: _SeenKeys, result: ImportResult) -> None:
    result.rows += len(chunk)
    parsed: list[tuple[Row, object]] = []
    for row in chunk:
        record = importer.parse(row)
        for warning in row.warnings:
            result.add_warning(warning)
        if row.errors:
            for error in row.errors:
                result.add_error(error)
        else:
            parsed.append((row, record))
    if not parsed:
        return
    keyed = [(importer.key(record), row, record) for row, record in parsed]
    earlier = seen.earlier_rows(list({key for key, _, _ in keyed}))
    records, new_keys = [], []
    for key, row, record in keyed:
        if key in earlier:
            result.add_error(
                RowError(
                    row.number,
                    importer.key_column,
                    ImportErrorCode.DUPLICATED_IN_FILE,
                    f"«{key}» ya aparece en la fila {earlier[key]} de este archivo.",
                )
            )
            continue
        earlier[key] = row.number
        new_keys.append((key, row.number))
        records.append((row, record))
    seen.remember(new_keys)
    _save(importer, records, result)


def _save(importer: Importer, records: list, result: ImportResult) -> None:
    """Write a chunk; if the database refuses it, retry row by row to name the rows at fault."""
    if not records:
        return
    outcome = ImportResult()
    try:
        with transaction.atomic():
            importer.save(records, outcome)
    except IntegrityError:
        importer.forget()
    else:
        _merge(outcome, result)
        return
    for row, record in records:
        outcome = ImportResult()
        try:
            with transaction.atomic():
                importer.save([(row, record)], outcome)
        except IntegrityError as exc:
            importer.forget()
            result.add_error(RowError(row.number, "", ImportErrorCode.CONFLICT, importer.describe_integrity_error(exc)))
        else:
            _merge(outcome, result)


def _merge(outcome: ImportResult, result: ImportResult) -> None:
    result.counts.update(outcome.counts)
    for error in outcome.errors:
        result.add_error(error)
