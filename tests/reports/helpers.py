"""Reading what a report wrote: the PDF's text (pdftotext) and the XLSX's sheets."""

import io
import re
import subprocess
from pathlib import Path

from openpyxl import load_workbook

PDFTOTEXT = "/usr/bin/pdftotext"


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"[ \t]+", " ", text)


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def sheet_rows(book, title: str) -> list[tuple]:
    return list(book[title].iter_rows(values_only=True))


def table_by_key(document, key: str):
    return next(t for s in document.sections for t in s.tables if t.key == key)


def row_by_label(table, label: str) -> list:
    return next(r for r in table.rows if r[0] == label)
