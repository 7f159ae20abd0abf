"""A substitution (DOMAIN.md §3, issue 5 point 4): the replaced candidacy leaves the public site at once and stays in
the archive with its history; the substitute starts its own capture."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from conoceles.imports.services import import_file
from conoceles.review.editing import editable_rubros
from conoceles.review.error_codes import ReviewErrorCode
from conoceles.review.publication import is_public, published_candidacies
from conoceles.review.services import propose_observation, workflow_of
from conoceles.review.states import State
from tests.factories import make_user
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row, write_csv
from tests.review.helpers import START, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(world, tmp_path):
    rows = [candidacy_row("G-1", "GUB", actor="PAN", name="Mara", last="Lezama")]
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, rows)).ok
    candidacy = Candidacy.objects.get(registration_id="G-1")
    party = make_user("enlace-pan", "party", actor=candidacy.actor)
    return published(candidacy, party)


def substitute(world, tmp_path):
    row = candidacy_row("G-1B", "GUB", actor="PAN", name="Laura", last="Fernández", replaces="G-1")
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "b.csv", CANDIDACY_HEADER, [row])).ok
    return Candidacy.objects.get(registration_id="G-1B")


def test_the_replaced_candidacy_leaves_the_site_at_once(world, tmp_path, original):
    assert is_public(original, today=START)
    new = substitute(world, tmp_path)
    original.refresh_from_db()
    assert original.status == Candidacy.Status.SUBSTITUTED
    assert not is_public(original, today=START)
    assert not is_public(original, "proposals", today=START)
    assert list(published_candidacies(START)) == []
    # The substitute starts its own capture: nothing validated, everything editable, nothing public.
    assert workflow_of(new).state == State.DRAFT
    assert editable_rubros(new) == editable_rubros(Candidacy(pk=0))
    assert not is_public(new, today=START)


def test_the_replaced_candidacy_stays_in_the_archive_with_its_history(world, tmp_path, original, client, reviewer):
    new = substitute(world, tmp_path)
    client.force_login(reviewer)
    page = client.get(reverse("review:candidacy", args=[original.pk])).content.decode()
    assert "Candidatura sustituida: no se publica ni se revisa." in page
    assert new.full_name in page
    audit = client.get(reverse("review:candidacy_audit", args=[original.pk])).content.decode()
    assert "En captura → Validada" in audit
    assert original.curricular.motivation == "Servir a mi comunidad"  # the captured data is kept

    queue = client.get(reverse("review:queue")).content.decode()
    assert new.full_name in queue and original.full_name not in queue
    archive = client.get(reverse("review:queue"), {"status": "substituted"}).content.decode()
    assert original.full_name in archive and new.full_name not in archive


def test_a_replaced_candidacy_is_not_reviewed(world, tmp_path, original, reviewer):
    substitute(world, tmp_path)
    original.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        propose_observation(original, rubros=["proposals"], rules=[1], comment="x", by=reviewer)
    assert error.value.code == ReviewErrorCode.NOT_ACTIVE
