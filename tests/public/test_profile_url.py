"""The profile's address survives re-imports: a later file updates the candidacy by its registration id (issue 6
point 3), so the same URL shows the updated data."""

import pytest
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from conoceles.imports.services import import_file
from tests.imports.helpers import CANDIDACY_HEADER, candidacy_row, write_csv
from tests.public.profile_data import fill, publish

pytestmark = pytest.mark.django_db


def test_a_reimport_keeps_the_profile_address(client, tmp_path, world):
    rows = [candidacy_row("G-1", "GUB", actor="PAN", name="Mara", last="Lezama")]
    assert import_file(world.process, "candidacies", write_csv(tmp_path / "a.csv", CANDIDACY_HEADER, rows)).ok
    candidacy = Candidacy.objects.get(registration_id="G-1")
    fill(candidacy)
    publish(candidacy)
    url = reverse("public:profile", args=[candidacy.pk])
    assert "Mara Lezama" in client.get(url).content.decode()

    rows = [candidacy_row("G-1", "GUB", actor="PAN", name="Mara Elena", last="Lezama")]
    result = import_file(world.process, "candidacies", write_csv(tmp_path / "b.csv", CANDIDACY_HEADER, rows))
    assert result.ok and result.updated == 1
    assert Candidacy.objects.get(registration_id="G-1").pk == candidacy.pk
    assert "Mara Elena Lezama" in client.get(url).content.decode()
