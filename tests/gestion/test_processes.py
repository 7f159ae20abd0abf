"""Gestión → Proceso with several processes (issue 15 point 1): the list says which one the public site shows and
each one's stage, a new process is created beside the older ones and selected, imports and account generation go to
the selected process, and the layout's selector appears only when there is more than one process."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess, LifecycleStage
from conoceles.elections.services import create_process
from conoceles.gestion.processes import SESSION_KEY
from tests.factories import build_world
from tests.imports.helpers import CANDIDACY_HEADER, valid_rows, write_csv

pytestmark = pytest.mark.django_db
PROCESSES = "/gestion/proceso/"
NEW = "/gestion/proceso/nuevo/"


def new_process_data(**overrides):
    data = {
        "name": "Proceso Electoral Local Ordinario 2030",
        "entity": "23",
        "capture_deadline": "2030-04-28",
        "election_day": "2030-06-02",
        "publication_end_date": "",
        "archive_date": "",
        "lock_date": "",
        "cancellation_date": "",
        "in_public_archive": "on",
    }
    return data | overrides


def text(response) -> str:
    return response.content.decode()


def test_the_admin_creates_a_process_beside_the_older_one_and_it_becomes_the_current(staff_client, world):
    assert 'href="/gestion/proceso/nuevo/"' in text(staff_client.get(PROCESSES))
    response = staff_client.post(NEW, new_process_data(), follow=True)
    created = ElectoralProcess.objects.get(name="Proceso Electoral Local Ordinario 2030")
    assert ElectoralProcess.objects.count() == 2 and ElectoralProcess.objects.current() == created
    page = text(response)
    assert "Se creó el proceso «Proceso Electoral Local Ordinario 2030». Es el proceso que ahora muestra" in page
    assert staff_client.session[SESSION_KEY] == created.pk  # the staff screens now work on it
    # The list: the new one is the current one, the older one is still there with its stage.
    rows = page.split("<tbody>")[1]
    assert rows.index(created.name) < rows.index(world.process.name)
    assert rows.count("Proceso vigente") == 1 and rows.index("Proceso vigente") < rows.index(world.process.name)
    assert "En curso" in rows
    assert created.history.count() == 1  # audited


def test_an_older_election_day_keeps_the_current_process_and_says_so(staff_client, world):
    data = new_process_data(
        name="Proceso Electoral Local Extraordinario 2026", election_day="2026-12-20", capture_deadline=""
    )
    response = staff_client.post(NEW, data, follow=True)
    assert ElectoralProcess.objects.current() == world.process
    assert f"El sitio público sigue mostrando «{world.process.name}»" in text(response)


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": "Proceso Electoral Local Ordinario 2027"}, "name", "Ya existe"),
        ({"capture_deadline": "2030-07-01"}, "election_day", "posterior"),
        ({"archive_date": "2030-06-10", "publication_end_date": "2030-06-20"}, "archive_date", "posterior"),
        ({"election_day": ""}, "election_day", "obligatorio"),
    ],
)
def test_a_process_with_a_repeated_name_or_dates_out_of_order_is_refused(
    staff_client, world, overrides, field, message
):
    response = staff_client.post(NEW, new_process_data(**overrides))
    assert response.status_code == 200 and ElectoralProcess.objects.count() == 1
    assert message in " ".join(response.context["form"].errors[field])


@pytest.mark.parametrize("who", ["reviewer", "party_user", "candidate_user"])
def test_only_the_administration_creates_processes(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, new_process_data()).status_code == 403
    assert ElectoralProcess.objects.count() == 1


def test_the_list_shows_each_processs_stage_and_the_archive(staff_client, world):
    old = build_world("Proceso Electoral Local Ordinario 2024", election_day=datetime.date(2024, 6, 2), label=" (2024)")
    assert 'href="/archivo/"' not in text(staff_client.get(PROCESSES))  # not yet archived: the archive is empty
    old.process.stage = LifecycleStage.ARCHIVED
    old.process.save()
    page = text(staff_client.get(PROCESSES))
    assert 'href="/archivo/"' in page  # the footer of a staff page links the archive too
    rows = page.split("<tbody>")[1]
    old_row = rows[rows.index(old.process.name) :]
    assert "Archivado" in old_row and "En el archivo" in old_row
    assert f'href="{reverse("gestion:dates", args=[old.process.pk])}"' in rows


def test_the_selector_appears_only_with_more_than_one_process_and_only_for_staff(staff_client, world):
    assert 'name="proceso"' not in text(staff_client.get(reverse("gestion:dashboard")))
    other = create_process(
        name="Proceso Electoral Local Ordinario 2024", entity=23, election_day=datetime.date(2024, 6, 2)
    )
    page = text(staff_client.get(reverse("gestion:dashboard")))
    assert 'name="proceso"' in page and f'<option value="{other.pk}">' in page
    assert f'<option value="{world.process.pk}" selected>' in page  # by default, the current process
    page = text(staff_client.get(reverse("gestion:dashboard"), {"proceso": other.pk}))
    assert f'<option value="{other.pk}" selected>' in page and other.name in page
    # Remembered: the next screen opens on it, until another is chosen.
    assert f'<option value="{other.pk}" selected>' in text(staff_client.get(reverse("review:queue")))
    assert 'name="proceso"' not in text(Client().get("/"))  # never on an anonymous page


def test_the_selector_on_a_settings_tab_opens_that_tab_of_the_chosen_process(staff_client, world):
    other = create_process(
        name="Proceso Electoral Local Ordinario 2024", entity=23, election_day=datetime.date(2024, 6, 2)
    )
    response = staff_client.get(reverse("gestion:capture_rules", args=[world.process.pk]), {"proceso": other.pk})
    assert response.status_code == 302 and response["Location"] == reverse("gestion:capture_rules", args=[other.pk])


def test_imports_and_account_generation_offer_the_selected_process(staff_client, world):
    other = create_process(
        name="Proceso Electoral Local Ordinario 2030", entity=23, election_day=datetime.date(2030, 6, 2)
    )
    for url in (reverse("imports:list"), reverse("staff_accounts:generate")):
        field = text(staff_client.get(url, {"proceso": other.pk})).split('id="id_process"')[1]
        assert field.split("</select>")[0].find(f'<option value="{other.pk}" selected>') > 0
        field = text(staff_client.get(url, {"proceso": world.process.pk})).split('id="id_process"')[1]
        assert field.split("</select>")[0].find(f'<option value="{world.process.pk}" selected>') > 0


def test_the_import_command_takes_the_target_process_by_id(world, tmp_path):
    newer = build_world("Proceso Electoral Local Ordinario 2030", election_day=datetime.date(2030, 6, 2))
    assert ElectoralProcess.objects.current() == newer.process
    path = write_csv(tmp_path / "candidaturas.csv", CANDIDACY_HEADER, valid_rows())
    call_command("import_file", "candidacies", str(path), "--process", str(world.process.pk), stdout=io.StringIO())
    assert Candidacy.objects.filter(process=world.process).count() == 60
    assert not Candidacy.objects.filter(process=newer.process).exists()
