"""The downloadable template of each catalog the import screen takes: an XLSX workbook with the columns the
importer reads (its canonical names, in its order) and one example row to overwrite."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .models import ImportJob
from .services import importer_class

# One example row per kind, by column; a column not named here is left empty. The rows match the demo's catalogs.
EXAMPLES = {
    ImportJob.Kind.GEOGRAPHY: {
        "SECCION": "1",
        "DISTRITO": "15",
        "CABECERA": "Chetumal",
        "CLAVE_MUNICIPIO": "23004",
        "MUNICIPIO": "Othón P. Blanco",
    },
    ImportJob.Kind.CARGOS: {"CLAVE": "GUB", "CARGO": "Gubernatura", "AMBITO": "entidad", "ORDEN": "1"},
    ImportJob.Kind.CONTESTS: {"CARGO": "GUB"},
    ImportJob.Kind.ACTORS: {
        "SIGLAS": "PAN",
        "NOMBRE": "Partido Acción Nacional",
        "TIPO": "partido",
        "COLOR": "#0059B3",
        "ORDEN": "1",
    },
    ImportJob.Kind.CANDIDACIES: {
        "ID_REGISTRO": "GUB-PAN-1",
        "CARGO": "GUB",
        "ACTOR": "PAN",
        "NUM_LISTA_O_FORMULA": "1",
        "TIPO_CANDIDATO": "PROPIETARIA",
        "NOMBRE": "Ana",
        "PRIMER_APELLIDO": "Pérez",
        "SEGUNDO_APELLIDO": "Canul",
        "SEXO": "MUJER",
        "FECHA_NACIMIENTO": "1980-01-15",
        "ACCION_AFIRMATIVA": "No aplica",
        "ELECCION_CONSECUTIVA": "no",
        "ESTATUS": "APROBADA",
    },
}
FILE_NAMES = {
    ImportJob.Kind.GEOGRAPHY: "geografia",
    ImportJob.Kind.CARGOS: "cargos",
    ImportJob.Kind.CONTESTS: "contiendas",
    ImportJob.Kind.ACTORS: "actores",
    ImportJob.Kind.CANDIDACIES: "candidaturas",
}


def template_kinds() -> list[tuple[str, str]]:
    """(kind, label) of the catalogs with a template, in the order they are imported (the INE's workbook has its
    own format)."""
    return [(kind.value, kind.label) for kind in ImportJob.Kind if kind in EXAMPLES]


def template_workbook(kind: str) -> bytes:
    """The XLSX template of `kind`: a header with every column its importer reads, then the example row."""
    columns = [column.name for column in importer_class(kind).columns]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = FILE_NAMES[kind].upper()
    sheet.append(columns)
    sheet.append([EXAMPLES[kind].get(name, "") for name in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 2)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
