"""Printable credentials: the sheet (PDF, one page per account), the mail-merge CSV and temporary passwords.

Pure rendering: nothing here reads or writes the database. The account services build ``Credential`` values
(with the temporary password in clear, before hashing it) and hand them to ``credentials_pdf`` or
``credentials_csv``; what they return is the only place the clear password exists afterwards.
"""

import csv
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string

# Lower-case letters and digits without the look-alikes 0/O/o, 1/l/I/i. Lower case only: people type
# what they read on paper, and a sheet with mixed case invites "is that a capital S?".
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz"
PASSWORD_DIGITS = "23456789"
PASSWORD_ALPHABET = PASSWORD_LETTERS + PASSWORD_DIGITS
PASSWORD_GROUPS = 3
PASSWORD_GROUP_SIZE = 4
PASSWORD_SEPARATOR = "-"

CSV_COLUMNS = ("nombre", "usuario", "contrasena_temporal", "rol", "ambito", "direccion_de_acceso")
# Encode the CSV text with this when writing a file or an HTTP response: the BOM makes Excel read UTF-8
# (accents, ñ) instead of the local code page.
CSV_ENCODING = "utf-8-sig"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection); such cells get a
# leading apostrophe, which spreadsheets show as text.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Credential:
    """One account as it is delivered: who it is for and how to sign in the first time."""

    full_name: str  # person or political actor, e.g. "Partido Acción Nacional" or "María José Pérez Núñez"
    username: str
    temporary_password: str
    role_label: str  # e.g. "Partido político", "Persona candidata"
    scope_label: str  # e.g. "Partido Acción Nacional (PAN)" or "Diputación local MR – Distrito 3 · PAN · Propietaria"


def generate_temporary_password() -> str:
    """A random password such as ``k7mq-x4rt-9hbw``: 12 characters in 3 groups, hyphens included.

    The password is exactly what is printed, hyphens and all (14 characters). About 59 bits of entropy;
    it always holds at least one letter and one digit, so it passes Django's default validators.
    """
    size = PASSWORD_GROUPS * PASSWORD_GROUP_SIZE
    while True:
        chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(size))
        # Rejection keeps the choice uniform over the passwords that have both kinds of character.
        if any(c in PASSWORD_DIGITS for c in chars) and any(c in PASSWORD_LETTERS for c in chars):
            break
    groups = [chars[i : i + PASSWORD_GROUP_SIZE] for i in range(0, size, PASSWORD_GROUP_SIZE)]
    return PASSWORD_SEPARATOR.join(groups)


def credentials_pdf(
    credentials: Iterable[Credential], *, login_url: str, institute_name: str, process_name: str
) -> bytes:
    """The credentials sheet: a letter-size PDF with one page per account, in the order given."""
    from weasyprint import HTML  # imported here: loading pango costs time every other caller should not pay

    credentials = list(credentials)
    if not credentials:
        raise ValueError("No hay credenciales que imprimir.")
    html = render_to_string(
        "accounts/credentials_sheet.html",
        {
            "credentials": credentials,
            "login_url": login_url,
            "institute_name": institute_name,
            "process_name": process_name,
        },
    )
    # No base_url: the template references no file or URL, so WeasyPrint never fetches anything.
    return HTML(string=html).write_pdf()


def credentials_csv(credentials: Iterable[Credential], *, login_url: str) -> str:
    """The accounts as CSV for mail merge, one row per account; encode with ``CSV_ENCODING`` for Excel."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in credentials:
        row = (c.full_name, c.username, c.temporary_password, c.role_label, c.scope_label, login_url)
        writer.writerow([_as_text_cell(value) for value in row])
    return out.getvalue()


def _as_text_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value
