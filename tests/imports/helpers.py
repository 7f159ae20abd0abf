import csv
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


def write_csv(path: Path, header, rows, encoding="utf-8", delimiter=",") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
