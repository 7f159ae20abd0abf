import csv
import io
import zipfile
from pathlib import Path

CANDIDACY_HEADER = [
    "ID_REGISTRO",
    "CARGO",
    "DISTRITO",
    "MUNICIPIO",
    "ACTOR",
    "NUM_LISTA_O_FORMULA",
    "TIPO_CANDIDATO",
    "NOMBRE",
    "PRIMER_APELLIDO",
    "SEGUNDO_APELLIDO",
    "SEXO",
    "FECHA_NACIMIENTO",
    "EDAD",
    "ACCION_AFIRMATIVA",
    "ELECCION_CONSECUTIVA",
    "SUSTITUYE_A",
]


def candidacy_row(
    registration_id,
    cargo="GUB",
    district="",
    municipality="",
    actor="PAN",
    number="1",
    position="PROPIETARIA",
    name="Ana",
    last="Pérez",
    second="Canul",
    sex="MUJER",
    birth="1980-01-15",
    age="",
    group="No aplica",
    consecutive="NO",
    replaces="",
):
    return [
        registration_id,
        cargo,
        district,
        municipality,
        actor,
        number,
        position,
        name,
        last,
        second,
        sex,
        birth,
        age,
        group,
        consecutive,
        replaces,
    ]


def valid_rows(count=60):
    """A realistic file: governor fórmula, MR fórmulas in both districts, an RP list and two municipalities."""
    rows = [
        candidacy_row("G-1", "Gubernatura", actor="PAN", name="Mara", last="Lezama", second="Espinosa"),
        candidacy_row(
            "G-2", "GUB", actor="SHH", name="José", last="Muñoz", second="Pech", sex="HOMBRE", position="PROPIETARIO"
        ),
    ]
    n = 0
    while len(rows) < count:
        n += 1
        district = "15-CHETUMAL" if n % 2 else "1"
        rows.append(candidacy_row(f"MR-{n}-P", "DIP_MR", district=district, actor="PT", number=str(n)))
        rows.append(
            candidacy_row(
                f"MR-{n}-S", "DIP_MR", district=district, actor="PT", number=str(n), position="SUPLENTE", name="Rosa"
            )
        )
    return rows[:count]


def write_csv(path: Path, header, rows, encoding="utf-8", delimiter=",") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def xlsx_bytes(header, rows, *, damaged_at: float | None = None) -> bytes:
    """A workbook with `header` and `rows`; with `damaged_at` (0–1), its sheet's XML is cut at that fraction and
    ends in garbage, as a file broken in transit: the workbook opens and reads until the damage."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if damaged_at is None:
        return buffer.getvalue()
    damaged = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: int(len(data) * damaged_at)] + b"<<\x00>>"
            target.writestr(item, data)
    return damaged.getvalue()
