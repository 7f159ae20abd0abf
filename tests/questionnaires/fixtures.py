"""Fixtures and helpers for the questionnaires tests; test modules import what they use explicitly."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conoceles.accounts.models import Role, User
from tests.factories import CandidacyFactory, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def candidacy(world):
    return CandidacyFactory(process=world.process, contest=world.contests["MR1"], actor=world.actors["PAN"])


@pytest.fixture
def other_candidacy(world):
    """Same process, another party."""
    return CandidacyFactory(process=world.process, contest=world.contests["MR1"], actor=world.actors["MORENA"])


def make_user(username: str, role: str, **scope) -> User:
    return User.objects.create_user(username=username, password=None, role=role, **scope)


@pytest.fixture
def party_user(candidacy):
    return make_user("enlace-pan", Role.PARTY, actor=candidacy.actor)


@pytest.fixture
def candidate_user(candidacy):
    return make_user("candidata", Role.CANDIDATE, candidacy=candidacy)


@pytest.fixture
def other_party_user(other_candidacy):
    return make_user("enlace-morena", Role.PARTY, actor=other_candidacy.actor)


@pytest.fixture
def reviewer(db):
    return make_user("revisora", Role.REVIEWER)


@pytest.fixture
def admin_user(db):
    return make_user("instancia", Role.ADMIN)


def image_bytes(fmt: str = "JPEG", size=(800, 600), mode: str = "RGB", color=(200, 30, 60), **save_kwargs) -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


def upload(content: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def minimal_pdf() -> bytes:
    """A small but structurally valid PDF (one empty page) with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    out = BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
