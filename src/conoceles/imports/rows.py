"""What an importer reads: its columns, each data row with its cell parsers, and the errors found on a row.

`Row` collects its own errors: each parser returns None (and records an error) when the cell cannot be understood,
so an importer's `parse(row)` reads every cell and reports every problem of the row at once.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from conoceles.core.text import NOT_APPLICABLE, clean, fold, is_not_applicable

from .error_codes import ImportErrorCode


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
    """One data row, addressed by canonical column names; collects its own errors and warnings."""

    __slots__ = ("number", "values", "present", "errors", "warnings")

    def __init__(self, number: int, values: dict[str, object], present: frozenset[str]):
        self.number = number
        self.values = values
        self.present = present
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []  # reported, but the row is imported

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

    def warn(self, column: str, code: ImportErrorCode, message: str) -> None:
        self.warnings.append(RowError(self.number, column, code, message))

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
