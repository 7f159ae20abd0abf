"""The credentials sheet (a real PDF read back with poppler), the mail-merge CSV and temporary passwords."""

import csv
import io
import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from conoceles.accounts.credentials import (
    CSV_COLUMNS,
    CSV_ENCODING,
    Credential,
    credentials_csv,
    credentials_pdf,
    generate_temporary_password,
)

PDFTOTEXT = "/usr/bin/pdftotext"
PDFINFO = "/usr/bin/pdfinfo"
needs_poppler = pytest.mark.skipif(
    not (shutil.which(PDFTOTEXT) and shutil.which(PDFINFO)),
    reason="poppler-utils missing (apt-get install poppler-utils): pdftotext/pdfinfo read the generated PDF",
)

LOGIN_URL = "https://conoceles.ieec.org.mx/entrar/"
INSTITUTE = "Instituto Electoral del Estado de Coahuila"
PROCESS = "Proceso Electoral Local Ordinario 2024"

CREDENTIALS = [
    Credential(
        full_name="Partido Acción Nacional",
        username="pan-coah",
        temporary_password="ab3d-ef4h-jk5m",
        role_label="Partido político",
        scope_label="Partido Acción Nacional (PAN)",
    ),
    Credential(
        full_name="María José Núñez Peña",
        username="cand-00017",
        temporary_password="pq6r-st7u-vw8x",
        role_label="Persona candidata",
        scope_label="Diputación local MR – Distrito 3 · PAN · Propietaria",
    ),
    Credential(
        full_name="Candidatura independiente Ñandú Güemes",
        username="ind-guemes",
        temporary_password="yz9a-bc2d-ef3g",
        role_label="Candidatura independiente",
        scope_label="Ayuntamiento de Saltillo · Candidatura independiente",
    ),
]


def _page_text(pdf_path, page: int) -> str:
    result = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf_path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def sheet_pdf(tmp_path_factory):
    pdf = credentials_pdf(CREDENTIALS, login_url=LOGIN_URL, institute_name=INSTITUTE, process_name=PROCESS)
    path = tmp_path_factory.mktemp("credentials") / "credenciales.pdf"
    path.write_bytes(pdf)
    return path


# ----------------------------------------------------------------------------------------------------------
# PDF
# ----------------------------------------------------------------------------------------------------------


@needs_poppler
def test_pdf_has_one_letter_page_per_account(sheet_pdf):
    info = subprocess.run([PDFINFO, str(sheet_pdf)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.MULTILINE), info
    assert "612 x 792 pts (letter)" in info


@needs_poppler
@pytest.mark.parametrize("page", [1, 2, 3])
def test_each_page_carries_its_own_account(sheet_pdf, page):
    text = _page_text(sheet_pdf, page)
    credential = CREDENTIALS[page - 1]
    for expected in (
        credential.username,
        credential.temporary_password,
        credential.full_name,
        credential.role_label,
        LOGIN_URL,
        INSTITUTE,
        PROCESS,
        "Credenciales de acceso — Candidatas y Candidatos, Conóceles",
        f"Hoja {page} de 3",
        "nunca le pedirá su contraseña por teléfono",
    ):
        assert expected in text, f"page {page} lacks {expected!r}"
    # The scope line is long; pdftotext may pad its separators differently, so compare without spacing.
    assert re.sub(r"\s+", "", credential.scope_label) in re.sub(r"\s+", "", text)
    others = [c for c in CREDENTIALS if c is not credential]
    for other in others:
        assert other.temporary_password not in text, f"page {page} shows another account's password"
        assert other.username not in text


@needs_poppler
def test_second_page_does_not_show_the_first_password(sheet_pdf):
    assert CREDENTIALS[0].temporary_password not in _page_text(sheet_pdf, 2)
    assert CREDENTIALS[1].temporary_password in _page_text(sheet_pdf, 2)


@needs_poppler
def test_instructions_tell_the_password_rules_and_first_login(sheet_pdf):
    text = re.sub(r"\s+", " ", _page_text(sheet_pdf, 1))
    assert "al menos 10 caracteres" in text
    assert "solo por números" in text
    assert "la contraseña temporal deja de servir" in text
    assert "no comparta sus credenciales" in text
    assert "destrúyala" in text


@needs_poppler
def test_long_names_still_fit_one_page_per_account(tmp_path):
    coalition = (
        "Coalición Sigamos Haciendo Historia en Coahuila de Zaragoza por el Bienestar y la Transformación del Pueblo"
    )
    credential = Credential(
        full_name=coalition,
        username="coal-sigamos-haciendo-historia-coahuila-2024",
        temporary_password="ab3d-ef4h-jk5m",
        role_label="Coalición",
        scope_label=f"{coalition} · Regiduría de representación proporcional",
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(
        credentials_pdf(
            [credential, credential],
            login_url="https://conoceles.instituto-electoral-del-estado-de-coahuila.org.mx/cuentas/entrar/?proceso=2024",
            institute_name="Instituto Electoral y de Participación Ciudadana del Estado de Coahuila de Zaragoza",
            process_name="Proceso Electoral Local Ordinario 2023-2024 para la renovación de Ayuntamientos",
        )
    )
    info = subprocess.run([PDFINFO, str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE), info
    assert "nunca le pedirá su contraseña" in re.sub(r"\s+", " ", _page_text(path, 1))


@needs_poppler
def test_names_are_escaped_not_interpreted_as_html(tmp_path):
    credential = Credential("<b>Coalición</b> & Co.", "coal-1", "hh3k-mm4n-pp5q", "Partido político", "Coalición")
    path = tmp_path / "escape.pdf"
    path.write_bytes(credentials_pdf([credential], login_url=LOGIN_URL, institute_name=INSTITUTE, process_name=PROCESS))
    assert "<b>Coalición</b> & Co." in _page_text(path, 1)


def test_pdf_needs_at_least_one_account():
    with pytest.raises(ValueError):
        credentials_pdf([], login_url=LOGIN_URL, institute_name=INSTITUTE, process_name=PROCESS)


def test_pdf_accepts_any_iterable():
    pdf = credentials_pdf(iter(CREDENTIALS[:1]), login_url=LOGIN_URL, institute_name=INSTITUTE, process_name=PROCESS)
    assert pdf.startswith(b"%PDF-")


# ----------------------------------------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------------------------------------


def test_csv_round_trip_keeps_columns_values_and_accents():
    text = credentials_csv(CREDENTIALS, login_url=LOGIN_URL)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert (
        tuple(rows[0].keys())
        == CSV_COLUMNS
        == (
            "nombre",
            "usuario",
            "contrasena_temporal",
            "rol",
            "ambito",
            "direccion_de_acceso",
        )
    )
    assert rows == [
        {
            "nombre": c.full_name,
            "usuario": c.username,
            "contrasena_temporal": c.temporary_password,
            "rol": c.role_label,
            "ambito": c.scope_label,
            "direccion_de_acceso": LOGIN_URL,
        }
        for c in CREDENTIALS
    ]


def test_csv_file_for_excel_starts_with_bom_and_reads_back():
    data = credentials_csv(CREDENTIALS, login_url=LOGIN_URL).encode(CSV_ENCODING)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode(CSV_ENCODING), newline="")))
    assert [r["nombre"] for r in rows] == [c.full_name for c in CREDENTIALS]
    assert "María José Núñez Peña".encode() in data


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas():
    evil = Credential('=HYPERLINK("http://x.example","clic")', "u1", "ab3d-ef4h-jk5m", "Persona candidata", "@SUM(1)")
    row = next(csv.DictReader(io.StringIO(credentials_csv([evil], login_url=LOGIN_URL))))
    assert row["nombre"] == "'" + evil.full_name
    assert row["ambito"] == "'@SUM(1)"
    assert row["contrasena_temporal"] == evil.temporary_password


# ----------------------------------------------------------------------------------------------------------
# Temporary passwords
# ----------------------------------------------------------------------------------------------------------

AMBIGUOUS = set("0Oo1lIi")


@pytest.fixture(scope="module")
def samples():
    return [generate_temporary_password() for _ in range(200)]


def test_passwords_are_unique(samples):
    assert len(set(samples)) == len(samples)


def test_password_format_is_three_groups_of_four(samples):
    for pw in samples:
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", pw), pw
        assert len(pw.replace("-", "")) == 12
        assert not AMBIGUOUS & set(pw), pw
        assert re.search(r"\d", pw) and re.search(r"[a-z]", pw), pw


def test_passwords_pass_the_configured_validators(samples):
    user = get_user_model()(username="cand-00017", first_name="María José", last_name="Núñez", email="mj@example.mx")
    for pw in samples:
        validate_password(pw)
        validate_password(pw, user=user)
