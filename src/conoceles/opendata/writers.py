"""Open-data files, written in one streaming pass over `records.records(...)` (constant memory at any size).

- `baseDatosCandidatos.xlsx`: the INE's workbook, sheets CANDIDATOS and CUESTIONARIO IDENTIDAD (openpyxl
  write-only: rows go to disk as they come);
- `candidatos.csv`, `cuestionario_identidad.csv`: the same sheets as CSV, UTF-8 with BOM so Excel reads accents;
- `candidatos.json`: the shape of the INE's federal static files (`candidatos`, `redesSociales`), so scripts
  written for the INE's site work on ours;
- `candidaturas.json`: our own richer JSON, with stable ids (the candidacy's, the contest's, the actor's).
"""

import csv
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import ine
from .records import Record

WORKBOOK = "baseDatosCandidatos.xlsx"
CANDIDATES_CSV = "candidatos.csv"
IDENTITY_CSV = "cuestionario_identidad.csv"
INE_JSON = "candidatos.json"
OWN_JSON = "candidaturas.json"
DATA_FILES = (WORKBOOK, CANDIDATES_CSV, IDENTITY_CSV, INE_JSON, OWN_JSON)


@dataclass
class Written:
    count: int
    files: list[Path]


def write_files(
    records: Iterable[Record],
    identity_headers: list[str],
    directory: Path,
    *,
    meta: dict,
    only: tuple[str, ...] = DATA_FILES,
    on_record: Callable[[Record], None] | None = None,
) -> Written:
    """Write the files named in `only` into `directory` from one pass over `records`. `meta` heads our own JSON
    (process, date, licence). `on_record` sees each record after it is written (the release's changelog)."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    with ExitStack() as stack:
        sinks = []
        if WORKBOOK in only:
            sinks.append(stack.enter_context(_WorkbookSink(directory / WORKBOOK, identity_headers)))
        if CANDIDATES_CSV in only:
            headers = ine.CANDIDATES_HEADERS
            sinks.append(stack.enter_context(_CsvSink(directory / CANDIDATES_CSV, headers, "candidates")))
        if IDENTITY_CSV in only:
            sinks.append(stack.enter_context(_CsvSink(directory / IDENTITY_CSV, identity_headers, "identity")))
        if INE_JSON in only:
            sinks.append(stack.enter_context(_IneJsonSink(directory / INE_JSON)))
        if OWN_JSON in only:
            sinks.append(stack.enter_context(_OwnJsonSink(directory / OWN_JSON, meta)))
        for record in records:
            for sink in sinks:
                sink.write(record)
            if on_record is not None:
                on_record(record)
            count += 1
    return Written(count, [directory / name for name in DATA_FILES if name in only])


class _WorkbookSink:
    def __init__(self, path: Path, identity_headers: list[str]):
        self.path = path
        self.workbook = Workbook(write_only=True)
        self.candidates = self.workbook.create_sheet(ine.CANDIDATES_SHEET)
        self.identity = self.workbook.create_sheet(ine.IDENTITY_SHEET)
        self.candidates.append(list(ine.CANDIDATES_HEADERS))
        self.identity.append(list(identity_headers))

    def __enter__(self):
        return self

    def write(self, record: Record):
        self.candidates.append([self._cell(self.candidates, v) for v in record.candidates])
        self.identity.append([self._cell(self.identity, v) for v in record.identity])

    @staticmethod
    def _cell(sheet, value):
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # a text, never a formula: a captured «=…» must not run in a spreadsheet
            return cell
        return value

    def __exit__(self, *exc):
        if exc[0] is None:
            self.workbook.save(self.path)
        else:
            self.workbook.close()


class _CsvSink:
    def __init__(self, path: Path, headers, part: str):
        self.file = path.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(headers)
        self.part = part

    def __enter__(self):
        return self

    def write(self, record: Record):
        self.writer.writerow(getattr(record, self.part))

    def __exit__(self, *exc):
        self.file.close()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _JsonItems:
    """Items of a JSON array, one per line, written as they come."""

    def __init__(self, file):
        self.file = file
        self.first = True

    def add(self, value):
        self.file.write(("" if self.first else ",\n") + _json(value))
        self.first = False


class _JsonArraySink:
    """Writes `{…, "<key>": [item, item, …]` item by item; subclasses close the object."""

    def __init__(self, path: Path, head: str):
        self.file = path.open("w", encoding="utf-8")
        self.file.write(head)
        self.items = _JsonItems(self.file)

    def __enter__(self):
        return self


class _IneJsonSink(_JsonArraySink):
    """The INE's federal static JSON: `candidatos` and `redesSociales` [{idCandidato, descripcionRed}]."""

    def __init__(self, path: Path):
        super().__init__(path, '{"candidatos":[\n')
        self.networks_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in __exit__)
        self.networks = _JsonItems(self.networks_file)  # copied after the candidates

    def write(self, record: Record):
        c = dict(zip(ine.CANDIDATES_HEADERS, record.candidates, strict=True))
        own = record.own
        education = own["rubros"]["education"] or {}
        self.items.add(
            {
                "idCandidato": record.pk,
                "idTipoCandidatura": own["cargo"]["id"],
                "nombreCandidato": own["nombre"],
                "nombreAsociacion": own["actor"]["nombre"],
                "sexo": c["SEXO"],
                "edad": own["edad"],
                "fechaNacimiento": None,  # never published: the age is
                "correoElecPublico": c["CORREO_ELECTRONICO"],
                "telefonoPublico": c["TELEFONO"],
                "paginaWeb": c["PAGINA_WEB"],
                "propuesta1": c["PROPUESTA_1"],
                "propuesta2": c["PROPUESTA_2"],
                "propuesta3": c["PROPUESTA_GENERO"],
                "urlFoto": own["foto"] or "",
                "descripcionHLC": c["HISTORIA_PROFESIONAL"],
                "descripcionTP": c["TRAYECTORIA_POLITICA"],
                "numListaBoleta": own["formula"],
                "idGrado": c["ESCOLARIDAD"] if education else "",
                "tipoCandidato": c["TIPO_CANDIDATO"],
                "cargo": c["CARGO"],
                "entidad": c["ENTIDAD"],
                "distrito": c["DISTRITO LOCAL"],
                "municipio": c["MUNICIPIO"],
            }
        )
        for url in record.networks:
            self.networks.add({"idCandidato": record.pk, "descripcionRed": url})

    def __exit__(self, *exc):
        self.file.write('\n],"redesSociales":[\n')
        self.networks_file.seek(0)
        shutil.copyfileobj(self.networks_file, self.file)
        self.networks_file.close()
        self.file.write("\n]}\n")
        self.file.close()


class _OwnJsonSink(_JsonArraySink):
    def __init__(self, path: Path, meta: dict):
        super().__init__(path, _json(meta)[:-1] + ',"candidaturas":[\n')

    def write(self, record: Record):
        self.items.add(record.own)

    def __exit__(self, *exc):
        self.file.write("\n]}\n")
        self.file.close()
