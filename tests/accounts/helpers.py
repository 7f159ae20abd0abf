"""Helpers of the accounts tests: reading back the credentials sheet (PDF), the CSV and ZIP downloads, and the
whole database."""

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from conoceles.accounts.credentials import CSV_ENCODING

PDFTOTEXT = "/usr/bin/pdftotext"
PDFINFO = "/usr/bin/pdfinfo"
needs_poppler = pytest.mark.skipif(
    not (shutil.which(PDFTOTEXT) and shutil.which(PDFINFO)),
    reason="poppler-utils missing (apt-get install poppler-utils): pdftotext/pdfinfo read the generated PDF",
)


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([PDFINFO, str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet-text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode(CSV_ENCODING))))


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {Path(name).suffix: archive.read(name) for name in archive.namelist()}


def database_contains(text: str) -> list[str]:
    """Every table.column of the whole database where `text` appears in a cell."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [d[0] for d in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if value is not None and text in (value if isinstance(value, str) else str(value)):
                        found.append(f"{table}.{name}")
    return found
