"""The import machinery every importer shares: columns, rows, errors, value parsers and the runner.

An importer declares its columns and implements `parse(row)` (one row to a record, or errors on the row)
and `save(records)` (write a chunk of records). `run_import` does the rest: maps the header, rejects
duplicated keys, writes chunk by chunk inside one transaction, locates rows behind database conflicts,
and rolls everything back when any row is wrong or when it is a dry run.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, reset_queries, transaction

from conoceles.changes import Reason, candidacies_changed, rows_changed
from conoceles.core.bulk import analyze
from conoceles.core.text import NOT_APPLICABLE, clean, fold, is_not_applicable

from .error_codes import ImportErrorCode

CHUNK_SIZE = 2000
MAX_STORED_ERRORS = 10_000


def header_key(name) -> str:
    """'ID_REGISTRO', 'Id registro', 'id de registro ' -> 'idregistro' (articles dropped)."""
    words = re.split(r"[^a-z0-9+]+", fold(name))
    return "".join(w for w in words if w not in {"", "de", "del", "la", "el", "o", "y"})


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        return {header_key(self.name), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    code: ImportErrorCode
    message: str

    def __str__(self):
        where = f"fila {self.row}" + (f", columna {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class Row:
    """One data row, addressed by canonical column names; collects its own errors."""

    __slots__ = ("number", "values", "present", "errors")

    def __init__(self, number: int, values: dict[str, object], present: frozenset[str]):
        self.number = number
        self.values = values
        self.present = present
        self.errors: list[RowError] = []

    def has(self, column: str) -> bool:
        return column in self.present

    def raw(self, column: str):
        return self.values.get(column)

    def text(self, column: str) -> str:
        """The cell as clean text; '' for empty and for 'No aplica'-style values."""
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        text = clean(value)
        return "" if is_not_applicable(text) else text

    def error(self, column: str, code: ImportErrorCode, message: str) -> None:
        self.errors.append(RowError(self.number, column, code, message))

    def require(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.error(column, ImportErrorCode.REQUIRED, "Es obligatoria y está vacía.")
        return value

    # Parsers: each returns None (and records an error) when the cell cannot be understood.

    def integer(self, column: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
        value = self.text(column)
        if not value:
            return None
        digits = re.sub(r"\.0+$", "", value.replace(",", ""))
        try:
            number = int(digits)
        except ValueError:
            self.error(column, ImportErrorCode.NOT_A_NUMBER, f"«{value}» no es un número entero.")
            return None
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            bounds = f"entre {minimum} y {maximum}" if maximum is not None else f"mayor o igual que {minimum}"
            self.error(column, ImportErrorCode.OUT_OF_RANGE, f"{number} no es válido: debe ser {bounds}.")
            return None
        return number

    def date(self, column: str) -> datetime.date | None:
        value = self.values.get(column)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(column)
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d/%m/%y"):
            try:
                return datetime.datetime.strptime(text.split(" ")[0], pattern).date()
            except ValueError:
                continue
        self.error(column, ImportErrorCode.BAD_DATE, f"«{text}» no es una fecha; use AAAA-MM-DD o DD/MM/AAAA.")
        return None

    def boolean(self, column: str, default: bool = False) -> bool | None:
        value = fold(self.values.get(column))
        if value in NOT_APPLICABLE:
            return default
        if value in {"si", "s", "x", "1", "true", "verdadero", "yes"}:
            return True
        if value in {"no", "n", "0", "false", "falso"}:
            return False
        self.error(column, ImportErrorCode.BAD_BOOLEAN, f"«{clean(self.values.get(column))}» no es sí ni no.")
        return None

    def choice(self, column: str, options: dict[str, str], label: str) -> str | None:
        """Match a catalog value forgiving case, accents and spaces; options maps folded text -> value."""
        text = self.text(column)
        if not text:
            return None
        value = options.get(fold(text))
        if value is None:
            self.error(column, ImportErrorCode.UNKNOWN_VALUE, f"«{text}» no es {label} válido.")
        return value

    def email(self, column: str) -> str:
        text = self.text(column)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.error(column, ImportErrorCode.BAD_EMAIL, f"«{text}» no es un correo electrónico válido.")
                return ""
        return text.lower()


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def parse_district_label(text: str) -> tuple[int | None, str]:
    """'15', '15-CHETUMAL', 'XV', 'Distrito 15 Chetumal' -> (15, 'Chetumal'); (None, '') if not understood."""
    pattern = r"(?:distrito\s*(?:local\s*)?)?(\d+|[ivxlc]+)\b\s*[-–—.:,]?\s*(.*)"
    match = re.fullmatch(pattern, clean(text), re.IGNORECASE)
    if not match:
        return None, ""
    token, rest = match.groups()
    if token.isdigit():
        number = int(token)
    else:
        values = [_ROMAN[ch] for ch in token.upper()]
        number = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return number, rest.strip().title()


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
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


class Importer:
    """Base of every importer. Subclasses set kind, columns and key_column and implement parse and save."""

    kind: str = ""
    columns: tuple[Column, ...] = ()
    key_column: str = ""  # the column that identifies a row; a value may appear only once per file
    record_noun: str = "registro"

    # the models whose tables a committed import refreshes the planner's statistics of (conoceles.core.bulk.analyze)
    written_models: tuple = ()

    def __init__(self, process, user=None):
        self.process = process
        self.user = user
        # What the committed import announces (conoceles.review.changes): the candidacies it wrote, and the catalog
        # rows it changed (a cargo's window, a contest's name) whose candidacies the search index copies.
        self.changed_candidacy_ids: set[int] = set()
        self.changed_rows: list = []

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
