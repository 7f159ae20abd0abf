"""Private data never reaches an open-data file (DOMAIN.md §6): the planted markers of tests/public/test_privacy.py
(private e-mails, account data, consent evidence names, «especifique» texts, answers without consent) are searched
in every file of a release — inside the zip, and inside the workbook's XML — and in the institute's export."""

import io
import json
import zipfile

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from conoceles.accounts.models import Role
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import AffirmativeActionGroup as Group
from conoceles.opendata import exports, releases, writers
from conoceles.questionnaires.models import ConsentItem
from tests.factories import CandidacyFactory, build_world
from tests.public.profile_data import consent
from tests.public.test_privacy import emails, plant_published_candidacy, secret_words


def texts_of_zip(content: bytes) -> dict[str, str]:
    """Every member of a zip as lower-case text; a workbook (itself a zip of XML) member by member."""
    texts = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".xlsx"):
                texts.update({f"{name}!{k}": v for k, v in texts_of_zip(data).items()})
            else:
                texts[name] = data.decode("utf-8", errors="replace").lower()
    return texts


def release_texts(release) -> dict[str, str]:
    return texts_of_zip((releases.release_dir(release) / release.zip_name).read_bytes())


def identity_cells(workbook_bytes: bytes, name: str) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes))["CUESTIONARIO IDENTIDAD"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[7] == name)
    return list(row[11:])


class Undo(Exception):
    pass


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(candidate_email=emails, account_email=emails, identity_detail=secret_words, evidence_word=secret_words)
def test_no_private_or_sensitive_datum_in_any_file_of_a_release(
    db, candidate_email, account_email, identity_detail, evidence_word
):
    with pytest.raises(Undo), transaction.atomic():
        world = build_world()
        world.open_publication()
        published, partner = plant_published_candidacy(
            world,
            private_email=candidate_email,
            evidence_name=f"consent/{evidence_word}.pdf",
            identity_detail=identity_detail,
        )
        create_account("cuenta-candidata", Role.CANDIDATE, password=None, candidacy=published, email=account_email)
        actor = world.actors["PAN"]
        actor.contact_email = f"x{account_email}"
        actor.save()
        CandidacyFactory(contest=world.contests["GUB"], actor=actor, private_email=f"y{candidate_email}")  # unpublished
        release = releases.build_release(world.process)
        texts = release_texts(release)
        assert len(texts) > len(writers.DATA_FILES)  # the workbook's XML parts were opened too
        secrets = (
            candidate_email,
            f"x{account_email}",
            f"y{candidate_email}",
            account_email,
            "cuenta-candidata",
            identity_detail,
            evidence_word,
        )
        for name, text in texts.items():
            for secret in secrets:
                assert secret.lower() not in text, f"{secret} leaked in {name}"
        # Her identity answers (Sí to two groups) are not published without consent 2: blank cells, no group.
        workbook = (releases.release_dir(release) / writers.WORKBOOK).read_bytes()
        assert all(cell is None for cell in identity_cells(workbook, published.full_name))
        own = json.loads((releases.release_dir(release) / writers.OWN_JSON).read_text(encoding="utf-8"))
        mine = next(c for c in own["candidaturas"] if c["id"] == published.pk)
        assert mine["identidad"] is None and mine["grupos"] == []
        raise Undo


def test_consent_to_publish_shows_her_answers_and_never_the_detail_nor_the_evidence(world):
    world.open_publication()
    published, _ = plant_published_candidacy(
        world,
        private_email="correo.privado@example.com",
        evidence_name="consent/formatofirmadosecreto.pdf",
        identity_detail="pueblosecretoinventado",
    )
    consent(published, True, item=ConsentItem.PUBLICATION)
    release = releases.build_release(world.process)
    workbook = (releases.release_dir(release) / writers.WORKBOOK).read_bytes()
    cells = identity_cells(workbook, published.full_name)
    assert cells[0] == "Sí" and cells[2] == "Otro"  # indígena: Sí; pueblo: «Otro», not what she specified
    own = json.loads((releases.release_dir(release) / writers.OWN_JSON).read_text(encoding="utf-8"))
    mine = next(c for c in own["candidaturas"] if c["id"] == published.pk)
    assert Group.LGBT.label in mine["grupos"]
    for name, text in release_texts(release).items():
        for secret in ("pueblosecretoinventado", "formatofirmadosecreto", "correo.privado@example.com"):
            assert secret not in text, f"{secret} in {name}"


def test_the_institutes_export_keeps_unconsented_answers_and_private_data_out(world):
    world.open_publication()
    published, _ = plant_published_candidacy(
        world,
        private_email="correo.privado@example.com",
        evidence_name="consent/formatofirmadosecreto.pdf",
        identity_detail="pueblosecretoinventado",
    )
    export = exports.build_export(exports.request_export(world.process, exports.ZIP, by=None))
    with export.file.open("rb") as f:
        texts = texts_of_zip(f.read())
    for name, text in texts.items():
        for secret in ("pueblosecretoinventado", "formatofirmadosecreto", "correo.privado@example.com"):
            assert secret not in text, f"{secret} in {name}"
    with export.file.open("rb") as f, zipfile.ZipFile(f) as archive:
        workbook = archive.read(writers.WORKBOOK)
    assert all(cell is None for cell in identity_cells(workbook, published.full_name))
