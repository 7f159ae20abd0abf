"""Reading uploaded tables: CSV (UTF-8 or Windows-1252; comma, semicolon or tab) and XLSX (first sheet).

Rows are yielded one at a time so a 200,000-row file is never held in memory.
"""

import codecs
import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_SNIFF_BYTES = 64 * 1024


class FileFormatError(Exception):
    """The file as a whole cannot be read; the message is Spanish and meant for the user."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[list]
    row_count: int | None = None  # data rows, when cheap to know in advance


def open_table(path: str | Path, name: str | None = None) -> Table:
    path = Path(path)
    suffix = Path(name or path.name).suffix.lower()
    if suffix == ".xlsx":
        return _open_xlsx(path)
    if suffix in {".csv", ".txt"}:
        return _open_csv(path)
    if suffix == ".xls":
        raise FileFormatError("El formato .xls (Excel 97-2003) no se admite: guarde el archivo como .xlsx o .csv.")
    raise FileFormatError("El archivo debe ser .csv o .xlsx.")


def _detect_encoding(path: Path) -> str:
    """The file's encoding, checked over the whole file so reading never fails halfway."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "cp1252")
    for encoding in candidates:
        if _is_text_in(path, encoding):
            return encoding
    raise FileFormatError(
        "No se pudo leer el texto del archivo: no está en UTF-8 ni en Windows-1252, o no es un archivo de texto "
        "(en Excel, guárdelo como «CSV UTF-8 (delimitado por comas)»)."
    )


def _is_text_in(path: Path, encoding: str) -> bool:
    """The whole file decodes in `encoding` without NUL characters (which mark UTF-16 without BOM or binary)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(1024 * 1024):
                if "\x00" in decoder.decode(chunk):
                    return False
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _open_csv(path: Path) -> Table:
    if path.stat().st_size == 0:
        raise FileFormatError("El archivo está vacío.")
    encoding = _detect_encoding(path)
    with path.open("r", encoding=encoding, errors="replace", newline="") as fh:
        sample = fh.read(_SNIFF_BYTES)
        try:
            dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
    with path.open("rb") as fh:
        row_count = max(sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1024 * 1024), b"")) - 1, 0)

    def rows() -> Iterator[list]:
        with path.open("r", encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            next(reader, None)
            try:
                yield from reader
            except csv.Error as exc:
                raise FileFormatError(f"El CSV está mal formado cerca de la fila {reader.line_num}: {exc}.") from exc

    with path.open("r", encoding=encoding, newline="") as fh:
        try:
            header = next(csv.reader(fh, delimiter=delimiter), None)
        except csv.Error as exc:
            raise FileFormatError(f"No se pudo leer el encabezado del CSV: {exc}.") from exc
    if not header or not any(cell.strip() for cell in header):
        raise FileFormatError("La primera fila debe tener los nombres de las columnas.")
    return Table(header=header, rows=rows(), row_count=row_count)


def _cell(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # imported here: loading openpyxl costs time every other caller should not pay

    workbook = None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
        row_count = (sheet.max_row - 1) if sheet.max_row else None
    except Exception as exc:  # zipfile.BadZipFile, broken XML, a workbook without sheets and friends
        if workbook is not None:
            workbook.close()
        raise FileFormatError("El archivo no es un libro de Excel (.xlsx) válido.") from exc
    if not header or not any(cell not in (None, "") for cell in header):
        workbook.close()
        raise FileFormatError("La primera fila de la primera hoja debe tener los nombres de las columnas.")

    def rows() -> Iterator[list]:
        last_read = 1  # the header
        try:
            for row in iterator:
                yield [_cell(value) for value in row]
                last_read += 1
        except Exception as exc:  # only reading the workbook runs here; the consumer's errors never enter
            raise FileFormatError(f"El libro de Excel está dañado después de la fila {last_read}.") from exc
        finally:
            workbook.close()

    return Table(header=["" if h is None else str(h) for h in header], rows=rows(), row_count=row_count)
